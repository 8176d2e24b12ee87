#include "actors/jobs/clearing_jobs.hpp"

namespace ws::jobs {

using namespace shtrih;

void general_clearing_job::start() {
  ask<general_clearing_reply>(general_clearing_request{}, [this](const general_clearing_reply&) { succeed(); });
}

void fn_reset_job::start() {
  ask<fn_reset_reply>(fn_reset_request{}, [this](const fn_reset_reply&) { succeed(); });
}

}  // namespace ws::jobs
