#pragma once
// An error answer of the REST front (API-NOTES "Errors"): the status, the error NAME and
// message, and whatever applies of `field`, `kkt_sn`, `device_error` {code, text},
// `document_number` (OutcomeUnknown: the FN document to check), `condition` and the
// printed `document` (the `after` condition), and Retry-After (Overloaded).

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

#include "http/error_kind.hpp"
#include "http/request_error.hpp"

namespace ws::http::server {

struct api_error {
  error_kind kind = error_kind::outcome_unknown;
  int status = 500;  ///< status_of(kind), or the status httplib itself chose for its refusals
  std::string name;
  std::string message;
  std::string field;
  std::string kkt_sn;
  std::optional<std::uint8_t> device_error;
  std::string device_error_text;
  std::optional<std::uint32_t> document_number;
  std::string condition;
  std::string document_json;  ///< already-written JSON of the printed document, or empty
  std::optional<int> retry_after_seconds;
};

/// An error answer thrown out of a handler (request_error is caught the same way).
struct api_exception : std::runtime_error {
  explicit api_exception(api_error e) : std::runtime_error(e.message), error(std::move(e)) {}
  api_error error;
};

api_error from_request_error(const request_error& error);
/// An error of `kind`: its status and name from the one table (http/error_kind.hpp).
api_error make_error(error_kind kind, std::string message);
std::string write_api_error(const api_error& error);

}  // namespace ws::http::server
