#include "http/server/outcome_errors.hpp"

namespace ws::http::server {

namespace {

api_error completed_failure(const actors::broker_result& result) {
  const auto& failure = result.failure;
  api_error error;
  error.kkt_sn = result.serial_number;
  error.message = failure.message.empty() ? result.message : failure.message;
  error.device_error = failure.device_error;
  error.device_error_text = failure.device_error_text;
  switch (failure.kind) {
    case jobs::failure_kind::safe:
      error.status = 498;
      error.name = device_error_name;
      break;
    case jobs::failure_kind::wrong_state:
      error.status = 499;
      error.name = wrong_state_name;
      break;
    case jobs::failure_kind::outcome_unknown:
      error.status = 500;
      error.name = outcome_unknown_name;
      error.document_number = failure.document_to_check;
      break;
    case jobs::failure_kind::timeout:
      error.status = 504;
      error.name = timeout_name;
      break;
    case jobs::failure_kind::none:
      // Success without the job that holds the document: never claim it printed.
      error.status = 500;
      error.name = outcome_unknown_name;
      error.message = "the register reported success but its result is missing: check the FN";
      break;
  }
  return error;
}

}  // namespace

std::optional<api_error> error_of(const actors::broker_result& result, bool named_register) {
  using broker::outcome;
  switch (result.kind) {
    case outcome::completed:
      if (result.failure.kind == jobs::failure_kind::none && result.job) return std::nullopt;
      return completed_failure(result);
    case outcome::no_free_cashmachine:
      return make_error(429, no_free_name, result.message.empty() ? "no free register" : result.message);
    case outcome::no_matching_register:
      if (named_register) return make_error(404, not_found_name, "no such register");
      return make_error(429, no_free_name,
                        result.message.empty() ? "no register serves this INN and group" : result.message);
    case outcome::overloaded: {
      auto error = make_error(503, overloaded_name, result.message.empty() ? "the wait queue is full" : result.message);
      error.retry_after_seconds = static_cast<int>(std::max<long long>(1, result.retry_after.count()));
      return error;
    }
    case outcome::timeout: {
      auto error = make_error(504, timeout_name,
                              result.message.empty() ? "no register became free before the deadline" : result.message);
      error.kkt_sn = result.serial_number;
      return error;
    }
    case outcome::condition_error: {
      auto error = make_error(400, data_error_name, result.message);
      error.field = "conditional";
      return error;
    }
    case outcome::shutting_down: {
      auto error = make_error(503, overloaded_name, "the server is stopping: " + result.message);
      error.retry_after_seconds = 1;
      return error;
    }
  }
  return make_error(500, outcome_unknown_name, "unexpected broker answer");
}

api_error no_broker_answer() {
  return make_error(500, outcome_unknown_name,
                    "the farm did not answer in time: the operation may or may not have run");
}

}  // namespace ws::http::server
