#pragma once
// An error answer of the REST front (API-NOTES "Errors"): the status, the error NAME and
// message, and whatever applies of `field`, `kkt_sn`, `device_error` {code, text},
// `document_number` (OutcomeUnknown: the FN document to check), `condition` and the
// printed `document` (the `after` condition), and Retry-After (Overloaded).

#include <cstdint>
#include <optional>
#include <string>

#include "http/request_error.hpp"

namespace ws::http::server {

struct api_error {
  int status = 500;
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

api_error from_request_error(const request_error& error);
api_error make_error(int status, std::string name, std::string message);
std::string write_api_error(const api_error& error);

// The names of API-NOTES' error table.
inline constexpr const char* data_error_name = "DataError";
inline constexpr const char* forbidden_name = "Forbidden";
inline constexpr const char* not_found_name = "NotFound";
inline constexpr const char* payload_too_large_name = "PayloadTooLarge";
inline constexpr const char* no_free_name = "NoFreeCashmachine";
inline constexpr const char* device_error_name = "DeviceError";
inline constexpr const char* wrong_state_name = "WrongKKTState";
inline constexpr const char* overloaded_name = "Overloaded";
inline constexpr const char* timeout_name = "Timeout";
inline constexpr const char* outcome_unknown_name = "OutcomeUnknown";
/// Beyond the table: a `before`/`after` condition of the request was false (409).
inline constexpr const char* condition_failed_name = "ConditionFailed";
/// Beyond the table: the operation has no command on these registers (501).
inline constexpr const char* not_supported_name = "NotSupported";

}  // namespace ws::http::server
