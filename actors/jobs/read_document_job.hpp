#pragma once
// Reads one FN document by number: its archive fields (FF0Ah), then its TLV (FF3Ah to
// begin, FF3Bh per block until the announced length is read or the FN says "no data").

#include <cstdint>

#include "actors/jobs/document_read.hpp"
#include "actors/jobs/job_script.hpp"

namespace ws::jobs {

class read_document_job : public job_script {
 public:
  /// `with_tlv` false: the archive record (FF0Ah) only; `with_ofd_ticket`: also the OFD's
  /// ticket (FF3Ch), left empty while the OFD has not confirmed the document.
  explicit read_document_job(std::uint32_t document_number, bool with_tlv = true, bool with_ofd_ticket = false)
      : number_(document_number), with_tlv_(with_tlv), with_ofd_ticket_(with_ofd_ticket) {}
  const document_read& result() const { return result_; }
  job_result result_data() const override { return result_; }

 protected:
  void start() override;

 private:
  void read_block();
  /// The last step: the ticket when asked for, then success.
  void read_ticket_or_succeed();
  std::uint32_t number_;
  bool with_tlv_ = true;
  bool with_ofd_ticket_ = false;
  std::uint16_t expected_length_ = 0;
  document_read result_;
};

}  // namespace ws::jobs
