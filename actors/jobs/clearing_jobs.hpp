#pragma once
// Jobs that wipe data, one command each, no fiscal document: the KKT's registers (27h
// general clearing) and a debug FN's archive (FF07h reset FN state, code 16h).

#include "actors/jobs/job_script.hpp"

namespace ws::jobs {

/// 27h: zeroes the KKT's own cash and operation registers; the FN keeps everything. The
/// device refuses it in an open shift or with a receipt open (its error, nothing done).
class general_clearing_job : public job_script {
 protected:
  void start() override;
};

/// FF07h with request code 16h: a debug FN's archive and counters wiped, the FN back to
/// "ready for fiscalisation". A serial FN refuses it (FN error 01h). Whatever the answer,
/// the register identifies the device again afterwards: its FN may be another one now.
class fn_reset_job : public job_script {
 public:
  bool reidentify_after() const override { return true; }

 protected:
  void start() override;
};

}  // namespace ws::jobs
