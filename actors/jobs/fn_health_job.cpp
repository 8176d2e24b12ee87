#include "actors/jobs/fn_health_job.hpp"

#include "actors/jobs/best_effort_reply.hpp"

namespace ws::jobs {

using namespace shtrih;

void fn_health_job::start() {
  send_raw(ofd_exchange_status_request{}.encode(), false, [this](const link_outcome& outcome) {
    result_.ofd = best_effort_reply<ofd_exchange_status_reply>(outcome);
    if (!read_expiry_ || outcome.what != link_outcome::kind::reply) return succeed();
    read_expiry();
  });
}

void fn_health_job::read_expiry() {
  send_raw(fn_expiry_request{}.encode(), false, [this](const link_outcome& outcome) {
    result_.expiry = best_effort_reply<fn_expiry_reply>(outcome);
    succeed();
  });
}

}  // namespace ws::jobs
