#include "actors/jobs/ofd_queue_job.hpp"

namespace ws::jobs {

void ofd_queue_job::start() {
  ask<shtrih::ofd_exchange_status_reply>(shtrih::ofd_exchange_status_request{},
                                         [this](const shtrih::ofd_exchange_status_reply& reply) {
                                           result_ = reply;
                                           succeed();
                                         });
}

}  // namespace ws::jobs
