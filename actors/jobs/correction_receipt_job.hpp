#pragma once
// A correction receipt in one command (FF4Ah), after the same preparation as a receipt
// (receipt_script: continue printing, cancel a receipt left open, shift policy), under
// the never-print-twice rules. The correction's basis (STLV 1174: reason 1177, date
// 1178, number 1179) has no field in FF4Ah, so it goes just before it in FF0Ch, which
// the register keeps for the next one-shot document.

#include "actors/jobs/printed_document.hpp"
#include "actors/jobs/receipt_script.hpp"
#include "protocol/ffd/correction.hpp"

namespace ws::jobs {

/// The FF4Ah request for a correction: total = Σ payments, payments by kind, the VAT
/// lines in their slots.
shtrih::correction_request correction_request_of(const ffd::correction_content& content);
/// The FF0Ch data for the correction's basis (STLV 1174).
bytes correction_basis_tlv_of(const ffd::correction_content& content);

class correction_receipt_job : public receipt_script {
 public:
  explicit correction_receipt_job(ffd::correction_content content, shift_policy policy = {});
  const printed_document& result() const { return result_; }
  job_result result_data() const override { return result_; }

 protected:
  void start() override;

 private:
  void close_correction(const shtrih::fn_status_reply& fn);
  ffd::correction_content content_;
  shtrih::correction_request request_;
  printed_document result_;
};

}  // namespace ws::jobs
