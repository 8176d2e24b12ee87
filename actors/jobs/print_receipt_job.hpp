#pragma once
// Prints one receipt: prepares the register (receipt_script), opens the receipt (8Dh),
// sends each row (FF46h, then FF4Dh with its agent and supplier data), the receipt's
// TLVs (FF0Ch), and closes it (FF45h) under the never-print-twice rules of job_script.
// The answer is the FN's record of the receipt (printed_document): FF45h gives its FD
// number, fiscal sign and date-time; one FF40h right after gives its shift number (1038)
// and number in the shift (1042), the FN's last receipt. A receipt found in the archive
// after a lost reply reads them from its own TLV instead (FF3Ah/FF3Bh), as does a device
// that refuses FF40h.

#include <cstddef>

#include "actors/jobs/printed_document.hpp"
#include "actors/jobs/receipt_script.hpp"
#include "protocol/ffd/receipt.hpp"
#include "protocol/ffd/receipt_calculation.hpp"

namespace ws::jobs {

class print_receipt_job : public receipt_script {
 public:
  /// `calculated` must be calculate_receipt(content).
  print_receipt_job(ffd::receipt_content content, ffd::calculated_receipt calculated, shift_policy policy = {});

  /// Valid after a successful finish.
  const printed_document& result() const { return result_; }
  job_result result_data() const override { return result_; }
  /// After a receipt whose FF45h answered cleanly: the FN read at the start with the
  /// receipt as its newest document and the shift open (FF40h and the FF3Ah/FF3Bh
  /// fallback only read). Nothing else is known exactly: nullopt.
  std::optional<shtrih::fn_status_reply> fn_status_after() const override;

 protected:
  void start() override;
  /// Reads the receipt's shift number (1038) and number in the shift (1042) back from
  /// its TLV (FF3Ah/FF3Bh).
  void details_then(std::uint32_t document_number, std::function<void()> done) override;

 private:
  void open_receipt(const shtrih::fn_status_reply& fn);
  void send_row(std::size_t row);
  void send_receipt_tlv(std::size_t index);
  void close_receipt();
  bool is_this_receipt(const archived_document& doc) const;
  /// FF40h after a clean FF45h; falls back to details_then() if it is refused or does
  /// not name the shift the receipt went into.
  void read_shift_parameters();
  void read_details_block(std::uint16_t length, std::function<void()> done);
  void take_details();

  ffd::receipt_content content_;
  ffd::calculated_receipt calculated_;
  std::vector<bytes> receipt_tlvs_;
  std::uint32_t last_document_before_ = 0;
  bool closed_cleanly_ = false;  ///< FF45h answered and its reply read: the FN's newest document is ours
  printed_document result_;
  bytes details_tlv_;
};

}  // namespace ws::jobs
