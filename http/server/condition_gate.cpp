#include "http/server/condition_gate.hpp"

#include "actors/conditions/condition_error.hpp"

namespace ws::http::server {

actors::job_factory_on condition_gate::wrap(actors::job_factory inner) {
  auto self = shared_from_this();
  return [self, inner = std::move(inner)](const conditions::device_attributes& device) -> std::shared_ptr<jobs::job> {
    bool allowed = true;
    std::string why = "the `before` condition is false for this register: nothing was printed";
    try {
      allowed = conditions::holds(*self->conditions_, conditions::condition_kind::before, device);
    } catch (const conditions::condition_error& e) {
      allowed = false;
      why = std::string("the `before` condition failed to evaluate: ") + e.what() + "; nothing was printed";
    }
    {
      std::lock_guard<std::mutex> lock(self->mutex_);
      self->last_ = device;
      self->refused_ = !allowed;
    }
    if (allowed) return inner();
    jobs::job_failure failure;
    failure.kind = jobs::failure_kind::wrong_state;
    failure.message = why;
    return std::make_shared<refused_job>(std::move(failure));
  };
}

bool condition_gate::refused_before() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return refused_;
}

bool condition_gate::after_holds(std::string& why) const {
  std::lock_guard<std::mutex> lock(mutex_);
  try {
    if (conditions::holds(*conditions_, conditions::condition_kind::after, last_)) return true;
    why = "the `after` condition is false: the receipt below WAS printed";
  } catch (const conditions::condition_error& e) {
    why = std::string("the `after` condition failed to evaluate: ") + e.what() + "; the receipt below WAS printed";
  }
  return false;
}

}  // namespace ws::http::server
