#include "actors/jobs/set_datetime_job.hpp"

namespace ws::jobs {

using namespace shtrih;

void set_datetime_job::start() {
  if (!is_valid(day_) || !is_valid(time_)) return fail_safe("not a valid date and time");
  ask<fn_status_reply>(fn_status_request{}, [this](const fn_status_reply& fn) {
    if (fn.shift_open) return fail_wrong_state("the shift is open: close it before setting the clock");
    set_time_request time;
    time.time = time_;
    ask<set_time_reply>(time, [this](const set_time_reply&) {
      set_date_request date;
      date.day = day_;
      ask<set_date_reply>(date, [this](const set_date_reply&) {
        confirm_date_request confirm;
        confirm.day = day_;
        ask<confirm_date_reply>(confirm, [this](const confirm_date_reply&) { succeed(); });
      });
    });
  });
}

}  // namespace ws::jobs
