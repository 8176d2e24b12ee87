#include "http/server/report_answer.hpp"

#include "actors/jobs/fiscal_report_job.hpp"
#include "actors/jobs/read_document_job.hpp"
#include "http/server/document_answers.hpp"
#include "http/server/outcome_errors.hpp"

namespace ws::http::server {

fiscal_document_summary report_summary(front_state& state, const std::string& serial, const std::string& operation,
                                       fiscal_document_type type, const actors::broker_result& result) {
  const auto job = std::dynamic_pointer_cast<jobs::fiscal_report_job>(result.job);
  if (!job || job->result().document_number == 0) throw api_exception(no_broker_answer());
  const auto& printed = job->result();
  auto summary = summary_of(type, printed);
  if (!shtrih::is_valid(printed.date_time) || printed.date_time == shtrih::fn_date_time{}) {
    const auto number = printed.document_number;
    try {
      const auto read = run_on_register(
          state, serial,
          [number]() -> std::shared_ptr<jobs::job> { return std::make_shared<jobs::read_document_job>(number); },
          operation + " (reading FD " + std::to_string(number) + " back)");
      const auto reader = std::dynamic_pointer_cast<jobs::read_document_job>(read.job);
      if (reader) {
        summary.date_time = civil_of(reader->result().document.date_time);
        if (!summary.shift_number && reader->result().document.shift_number)
          summary.shift_number = *reader->result().document.shift_number;
      }
    } catch (const api_exception& e) {
      // The document exists (the FN signed it): answer it; dt stays unknown to us.
      throw api_exception([&] {
        auto error = e.error;
        error.message = "FD " + std::to_string(number) + " was made, but reading its date back failed: " + error.message;
        error.document_number = number;
        return error;
      }());
    }
  }
  return summary;
}

}  // namespace ws::http::server
