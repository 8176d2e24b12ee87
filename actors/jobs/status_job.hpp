#pragma once
// The register's state now: short status (10h) and the FN's status (FF01h). Light
// enough for an idle poll.

#include <cstdint>
#include <string>

#include "actors/jobs/device_status.hpp"
#include "actors/jobs/job_script.hpp"

namespace ws::jobs {

class status_job : public job_script {
 public:
  const device_status& result() const { return result_; }
  job_result result_data() const override { return result_; }

 protected:
  void start() override;

 private:
  device_status result_;
};

}  // namespace ws::jobs
