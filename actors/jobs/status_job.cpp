#include "actors/jobs/status_job.hpp"

namespace ws::jobs {

using namespace shtrih;

void status_job::start() {
  ask<short_status_reply>(short_status_request{}, [this](const short_status_reply& s) {
    result_.mode = s.mode;
    result_.submode = s.submode;
    result_.flags = s.flags;
    result_.receipt_operations = s.receipt_operations;
    result_.receipt_open = open_receipt_type(s.mode).has_value();
    ask<fn_status_reply>(fn_status_request{}, [this](const fn_status_reply& fn) {
      result_.fn_phase = fn.phase;
      result_.fn_warnings = fn.warning_flags;
      result_.shift_open = fn.shift_open;
      result_.last_document_number = fn.last_document_number;
      result_.fn_number = fn.fn_number;
      succeed();
    });
  });
}

}  // namespace ws::jobs
