#include "actors/jobs/fiscal_report_job.hpp"

namespace ws::jobs {

using namespace shtrih;

void fiscal_report_job::start() {
  if (!spec_.cancel_open_receipt) return check_fn();
  ask<short_status_reply>(short_status_request{}, [this](const short_status_reply& s) {
    if (mode_number(s.mode) != kkt_mode::document_open) return check_fn();
    ask<cancel_receipt_reply>(cancel_receipt_request{}, [this](const cancel_receipt_reply&) { check_fn(); });
  });
}

void fiscal_report_job::check_fn() {
  ask<fn_status_reply>(fn_status_request{}, [this](const fn_status_reply& fn) {
    if (spec_.refuse) {
      const std::string why = spec_.refuse(fn);
      if (!why.empty()) return fail_wrong_state(spec_.what + ": " + why);
    }
    result_.fn_number = fn.fn_number;
    const std::uint32_t last_before = fn.last_document_number;
    send_raw(spec_.begin_command, false, [this, last_before](const link_outcome& o) {
      const command_code begin = command_code::peek(spec_.begin_command);
      if (o.what != link_outcome::kind::reply) return fail_link(begin, o);
      const reply_error header = parse_reply_header(o.reply);
      if (header.error != 0) return fail_device(header);
      close_document(
          spec_.form_command, last_before, expected_document{spec_.form, {}},
          [this](const bytes& reply) {
            try {
              spec_.read_reply(reply, result_);
            } catch (const std::exception&) {
              // Signed all the same; the details are in the archive.
            }
            succeed();
          },
          [this](const archived_document& doc) {
            result_.document_number = doc.document_number;
            result_.fiscal_sign = doc.fiscal_sign;
            result_.date_time = doc.date_time;
            result_.shift_number = doc.shift_number;
            result_.recovered = true;
          });
    });
  });
}

}  // namespace ws::jobs
