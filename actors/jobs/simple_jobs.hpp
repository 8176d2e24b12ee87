#pragma once
// Jobs of one command that make no fiscal document: X report (40h), beep (13h), and
// reboot (FE F3h, which the device does not answer).

#include "actors/jobs/job_script.hpp"

namespace ws::jobs {

/// 40h: the X report (no clearing, no FN document).
class x_report_job : public job_script {
 protected:
  void start() override;
};

/// 13h: a beep, to find the register on the shelf.
class beep_job : public job_script {
 protected:
  void start() override;
};

/// FE F3h: restarts the device. It answers nothing, so a lost reply is the expected
/// outcome; only a command the device never took is a failure.
class reboot_job : public job_script {
 protected:
  void start() override;
};

}  // namespace ws::jobs
