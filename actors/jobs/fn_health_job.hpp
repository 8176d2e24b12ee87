#pragma once
// The register's health read, part of its upkeep (health_read_schedule.hpp says when):
// the OFD exchange status (FF39h: documents the OFD has not acknowledged, the oldest
// one's date-time) and, when asked for, the FN's expiry date (FF03h), which only changes
// with the FN. Best effort: a question refused or unanswered leaves its part empty and
// never fails the job (the idle poll is what notices a silent device).

#include <optional>

#include "actors/jobs/job_script.hpp"
#include "protocol/shtrih/commands_fn_status.hpp"

namespace ws::jobs {

class fn_health_job : public job_script {
 public:
  struct result_type {
    std::optional<shtrih::ofd_exchange_status_reply> ofd;
    std::optional<shtrih::fn_expiry_reply> expiry;  ///< empty when not asked for, too
  };

  explicit fn_health_job(bool read_expiry) : read_expiry_(read_expiry) {}
  const result_type& result() const { return result_; }

 protected:
  void start() override;

 private:
  void read_expiry();
  bool read_expiry_;
  result_type result_;
};

}  // namespace ws::jobs
