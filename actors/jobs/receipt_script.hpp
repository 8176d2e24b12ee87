#pragma once
// What every receipt-making job does before its receipt: make the register ready. It
// reads the status (11h: mode, submode, device time, last closed shift), sends continue
// printing (B0h) if a printout waits for it, cancels a receipt left open by an earlier
// failure (88h, seen as mode 8 in 11h), reads the FN's status (FF01h: phase, shift state,
// FN number and the last document number that "never print twice" starts from), and
// applies the shift policy (open a closed shift; close and reopen one that is over or
// near 24 hours). The FF01h read is the only one: nothing after it makes a fiscal
// document except the shift policy's own FF43h/FF0Bh, and FF0Bh's reply names the new
// last document, so the number remembered before the closing command stays exact
// without reading FF01h again. A failure after the receipt was opened cancels it
// (cleanup_then), so the register is left clean.

#include <functional>
#include <optional>

#include "actors/jobs/job_script.hpp"
#include "actors/jobs/shift_policy.hpp"

namespace ws::jobs {

class receipt_script : public job_script {
 public:
  explicit receipt_script(shift_policy policy) : policy_(policy) {}

  /// True when the job had to cancel a receipt left open (for tests and logs).
  bool cancelled_open_receipt() const { return cancelled_open_receipt_; }
  /// True when the job opened a shift (after closing the old one, if renewed).
  bool opened_shift() const { return opened_shift_; }
  bool closed_shift() const { return closed_shift_; }
  /// The FD number of the current shift's opening document, when the job learnt it
  /// (to pass back as shift_policy::shift_open_document_hint next time).
  std::optional<std::uint32_t> shift_open_document() const { return shift_open_document_; }
  void set_known_shift(const shift_opening& opening) override { policy_.known_shift = opening; }
  std::optional<shift_opening> known_shift() const override { return known_shift_; }
  /// FF0Ah reads made to find the shift's opening document (0 when a hint held).
  std::uint32_t archive_reads() const { return archive_reads_; }
  /// The number of the shift the receipt goes into, once the register is ready (11h's
  /// last closed shift + 1, or the shift this job opened).
  std::uint16_t open_shift_number() const { return open_shift_number_; }

 protected:
  using ready_handler = std::function<void(const shtrih::fn_status_reply&)>;
  /// Runs the preparation, then `ready` with the FN status read just before.
  void prepare_register(ready_handler ready);
  /// The receipt is open from here on: a failure cancels it.
  void receipt_opened() { receipt_open_ = true; }
  /// FF01h as the preparation read it, moved on by a shift it opened (what `ready` got).
  const shtrih::fn_status_reply& prepared_fn_status() const { return fn_; }
  void cleanup_then(std::function<void()> done) override;

 private:
  void on_full_status(const shtrih::full_status_reply& status);
  void check_fn();
  void apply_shift_policy(const shtrih::fn_status_reply& fn);
  void try_shift_open_hint(std::uint32_t hint, std::uint32_t last);
  /// The shift-open document `number` was found: remember it and judge its age.
  void found_shift_open(std::uint32_t number, const archived_document& doc);
  void find_shift_open(std::uint32_t number, std::uint32_t searched);
  void judge_shift_age(std::int64_t opened_minutes);
  void renew_shift();
  void open_shift();
  /// The register is ready: hands `ready_` the FN status (FF01h, kept exact).
  void go();

  shift_policy policy_;
  ready_handler ready_;
  std::int64_t device_now_minutes_ = 0;
  std::uint16_t last_closed_shift_ = 0;  ///< 11h: the open shift is this + 1
  std::uint16_t open_shift_number_ = 0;
  /// FF01h as read in check_fn(), its last document number moved on by a shift opening.
  shtrih::fn_status_reply fn_;
  std::uint32_t archive_reads_ = 0;
  bool shift_expired_ = false;
  bool receipt_open_ = false;
  bool cancelled_open_receipt_ = false;
  bool opened_shift_ = false;
  bool closed_shift_ = false;
  std::optional<std::uint32_t> shift_open_document_;
  std::optional<shift_opening> known_shift_;
};

}  // namespace ws::jobs
