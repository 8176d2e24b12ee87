#include "actors/jobs/simple_jobs.hpp"

namespace ws::jobs {

using namespace shtrih;

void x_report_job::start() {
  ask<x_report_reply>(x_report_request{}, [this](const x_report_reply&) { succeed(); });
}

void beep_job::start() {
  ask<beep_reply>(beep_request{}, [this](const beep_reply&) { succeed(); });
}

void reboot_job::start() {
  send_raw(reboot_request{}.encode(), false, [this](const link_outcome& o) {
    if (o.what == link_outcome::kind::not_delivered) return fail_link(cmd::reboot, o);
    succeed();
  });
}

}  // namespace ws::jobs
