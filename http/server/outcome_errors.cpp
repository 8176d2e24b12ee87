#include "http/server/outcome_errors.hpp"

namespace ws::http::server {

namespace {

error_kind kind_of(jobs::failure_kind kind) {
  switch (kind) {
    case jobs::failure_kind::safe: return error_kind::device_error;
    case jobs::failure_kind::wrong_state: return error_kind::wrong_state;
    case jobs::failure_kind::timeout: return error_kind::timeout;
    case jobs::failure_kind::busy: return error_kind::no_free_cashmachine;  // the broker never ends a job on it
    case jobs::failure_kind::outcome_unknown:
    case jobs::failure_kind::none: break;  // success: error_of() never asks
  }
  return error_kind::outcome_unknown;
}

api_error completed_failure(const actors::broker_result& result) {
  const auto& failure = result.failure;
  auto error = make_error(kind_of(failure.kind), failure.message.empty() ? result.message : failure.message);
  error.kkt_sn = result.serial_number;
  error.device_error = failure.device_error;
  error.device_error_text = failure.device_error_text;
  if (failure.kind == jobs::failure_kind::outcome_unknown) error.document_number = failure.document_to_check;
  return error;
}

}  // namespace

std::optional<api_error> error_of(const actors::broker_result& result, bool named_register) {
  using broker::outcome;
  switch (result.kind) {
    case outcome::completed:
      if (result.failure.kind == jobs::failure_kind::none) return std::nullopt;
      return completed_failure(result);
    case outcome::no_free_cashmachine:
      return make_error(error_kind::no_free_cashmachine, result.message.empty() ? "no free register" : result.message);
    case outcome::no_matching_register:
      if (named_register) return make_error(error_kind::not_found, "no such register");
      return make_error(error_kind::no_free_cashmachine,
                        result.message.empty() ? "no register serves this INN and group" : result.message);
    case outcome::overloaded: {
      auto error = make_error(error_kind::overloaded, result.message.empty() ? "the wait queue is full" : result.message);
      error.retry_after_seconds = static_cast<int>(std::max<long long>(1, result.retry_after.count()));
      return error;
    }
    case outcome::timeout: {
      auto error = make_error(error_kind::timeout,
                              result.message.empty() ? "no register became free before the deadline" : result.message);
      error.kkt_sn = result.serial_number;
      return error;
    }
    case outcome::condition_error: {
      auto error = make_error(error_kind::data_error, result.message);
      error.field = "conditional";
      return error;
    }
    case outcome::shutting_down: {
      auto error = make_error(error_kind::overloaded, "the server is stopping: " + result.message);
      error.retry_after_seconds = 1;
      return error;
    }
  }
  return make_error(error_kind::outcome_unknown, "unexpected broker answer");
}

api_error no_broker_answer() {
  return make_error(error_kind::outcome_unknown,
                    "the farm did not answer in time: the operation may or may not have run");
}

}  // namespace ws::http::server
