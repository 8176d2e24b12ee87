#pragma once
// The register's queue of documents not yet acknowledged by the OFD (FF39h): how many,
// the first one's number and date-time, and the exchange state bits. Makes no document.

#include "actors/jobs/job_script.hpp"
#include "protocol/shtrih/commands_fn_status.hpp"

namespace ws::jobs {

class ofd_queue_job : public job_script {
 public:
  /// Valid after a successful finish.
  const shtrih::ofd_exchange_status_reply& result() const { return result_; }
  job_result result_data() const override { return result_; }

 protected:
  void start() override;

 private:
  shtrih::ofd_exchange_status_reply result_;
};

}  // namespace ws::jobs
