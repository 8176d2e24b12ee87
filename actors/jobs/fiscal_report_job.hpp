#pragma once
// The FN documents made by a "begin" command and a "form" command: registration
// (FF05h + FF06h), re-registration (FF05h + FF34h), closing the FN (FF3Dh + FF3Eh),
// the settlement report (FF37h + FF38h), opening (FF41h + FF0Bh) and closing
// (FF42h + FF43h) the shift. One job runs any of them: it checks the FN's state
// (FF01h), sends the begin command, and the form command under the never-print-twice
// rules (job_script::close_document). fn_lifecycle_jobs.hpp builds the specs.

#include <functional>
#include <string>

#include "actors/jobs/job_script.hpp"
#include "actors/jobs/printed_document.hpp"

namespace ws::jobs {

struct fiscal_report_spec {
  std::string what;  ///< for messages: "the registration report"
  bytes begin_command;
  bytes form_command;
  std::uint8_t form = 0;  ///< FFD form code of the document in the archive
  /// Empty when the FN's state allows the document, else why not (wrong_state).
  std::function<std::string(const shtrih::fn_status_reply&)> refuse;
  /// Fills the result from the form command's reply (ERR = 0).
  std::function<void(const bytes& reply, printed_document&)> read_reply;
  /// Emergency shift close: cancel an open receipt first.
  bool cancel_open_receipt = false;
};

class fiscal_report_job : public job_script {
 public:
  explicit fiscal_report_job(fiscal_report_spec spec) : spec_(std::move(spec)) {}
  const printed_document& result() const { return result_; }
  job_result result_data() const override { return result_; }
  /// A shift this job opened: its opening document (its time is not in the reply).
  std::optional<shift_opening> known_shift() const override {
    if (!finished() || failure().kind != failure_kind::none || spec_.form != form::shift_open ||
        !result_.document_number || !result_.shift_number)
      return std::nullopt;
    std::optional<std::int64_t> opened;
    if (result_.recovered) opened = minutes_since_2000(result_.date_time);  // read back from the archive
    return shift_opening{result_.document_number, *result_.shift_number, opened};
  }

 protected:
  void start() override;

 private:
  void check_fn();
  fiscal_report_spec spec_;
  printed_document result_;
};

}  // namespace ws::jobs
