#pragma once
// Sets the device clock: time (21h), date (22h), date confirmed (23h). Only while no
// shift is open, since moving the clock under an open shift would falsify its documents:
// otherwise wrong_state.

#include "actors/jobs/job_script.hpp"

namespace ws::jobs {

class set_datetime_job : public job_script {
 public:
  set_datetime_job(shtrih::date day, shtrih::time_of_day time) : day_(day), time_(time) {}

 protected:
  void start() override;

 private:
  shtrih::date day_;
  shtrih::time_of_day time_;
};

}  // namespace ws::jobs
