#pragma once
// The `before` and `after` conditions of a receipt (API-NOTES "Conditions"); the broker
// applies accept_device and after_select_device itself.
//
// `before` runs right before printing on the chosen register: the broker calls the
// gate's job factory at dispatch with that register's attributes (the same record
// accept_device saw); when `before` is false the factory hands back a job that ends at
// once, touching nothing (wrong_state, so the broker does not try another register: the
// client's condition said "do not print"). The answer is 409 ConditionFailed, nothing
// printed. `after` runs once the receipt is signed, on the attributes of the register
// that printed it: false turns the answer into 409 ConditionFailed carrying the document.

#include <memory>
#include <mutex>
#include <string>

#include "actors/broker_actor.hpp"
#include "actors/conditions/conditional.hpp"

namespace ws::http::server {

class condition_gate : public std::enable_shared_from_this<condition_gate> {
 public:
  explicit condition_gate(std::shared_ptr<const conditions::conditional> conditions)
      : conditions_(std::move(conditions)) {}

  /// A factory that checks `before` on the chosen register, then makes the inner job.
  actors::job_factory_on wrap(actors::job_factory inner);

  /// True when the last attempt was refused by `before`.
  bool refused_before() const;
  /// `after` on the attributes of the register of the last attempt; an evaluation error
  /// counts as false (the message tells it).
  bool after_holds(std::string& why) const;

 private:
  std::shared_ptr<const conditions::conditional> conditions_;
  mutable std::mutex mutex_;
  conditions::device_attributes last_;
  bool refused_ = false;
};

/// A job that ends before sending anything, with the given failure.
class refused_job : public jobs::job {
 public:
  explicit refused_job(jobs::job_failure failure) : failure_(std::move(failure)) {}
  std::optional<jobs::command_step> next() override { return std::nullopt; }
  void on_outcome(const shtrih::link_outcome&) override {}
  void on_line_restored() override {}
  void on_deadline() override {}
  bool finished() const override { return true; }
  const jobs::job_failure& failure() const override { return failure_; }

 private:
  jobs::job_failure failure_;
};

}  // namespace ws::http::server
