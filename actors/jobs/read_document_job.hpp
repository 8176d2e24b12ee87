#pragma once
// Reads one FN document by number: its archive fields (FF0Ah), then its TLV (FF3Ah to
// begin, FF3Bh per block until the announced length is read or the FN says "no data").

#include <cstdint>

#include "actors/jobs/archived_document.hpp"
#include "actors/jobs/job_script.hpp"

namespace ws::jobs {

struct document_read {
  archived_document document;
  std::uint16_t tlv_document_type = 0;  ///< the STLV tag FF3Ah names
  bytes tlv;                            ///< the document's TLV (children of that tag)
};

class read_document_job : public job_script {
 public:
  explicit read_document_job(std::uint32_t document_number) : number_(document_number) {}
  const document_read& result() const { return result_; }

 protected:
  void start() override;

 private:
  void read_block();
  std::uint32_t number_;
  std::uint16_t expected_length_ = 0;
  document_read result_;
};

}  // namespace ws::jobs
