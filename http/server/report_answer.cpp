#include "http/server/report_answer.hpp"

#include "actors/jobs/job_order.hpp"
#include "http/server/document_answers.hpp"
#include "http/server/outcome_errors.hpp"

namespace ws::http::server {

fiscal_document_summary report_summary(front_state& state, const std::string& serial, const std::string& operation,
                                       fiscal_document_type type, const actors::broker_result& result) {
  const auto& printed = result_of<jobs::printed_document>(result);
  if (printed.document_number == 0) throw api_exception(no_broker_answer());
  auto summary = summary_of(type, printed);
  if (!shtrih::is_valid(printed.date_time) || printed.date_time == shtrih::fn_date_time{}) {
    const auto number = printed.document_number;
    try {
      const auto read = run_on_register(state, serial, jobs::read_document_order{number, false},
                                        operation + " (reading FD " + std::to_string(number) + " back)");
      const auto& document = result_of<jobs::document_read>(read).document;
      summary.date_time = civil_of(document.date_time);
      if (!summary.shift_number && document.shift_number) summary.shift_number = *document.shift_number;
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
