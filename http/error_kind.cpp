#include "http/error_kind.hpp"

namespace ws::http {

namespace {

struct error_row {
  int status;
  std::string_view name;
};

error_row row_of(error_kind kind) {
  switch (kind) {
    case error_kind::data_error: return {400, "DataError"};
    case error_kind::forbidden: return {403, "Forbidden"};
    case error_kind::not_found: return {404, "NotFound"};
    case error_kind::condition_failed: return {409, "ConditionFailed"};
    case error_kind::in_progress: return {409, "InProgress"};
    case error_kind::key_reused: return {422, "IdempotencyKeyReused"};
    case error_kind::payload_too_large: return {413, "PayloadTooLarge"};
    case error_kind::no_free_cashmachine: return {429, "NoFreeCashmachine"};
    case error_kind::device_error: return {498, "DeviceError"};
    case error_kind::wrong_state: return {499, "WrongKKTState"};
    case error_kind::outcome_unknown: return {500, "OutcomeUnknown"};
    case error_kind::not_supported: return {501, "NotSupported"};
    case error_kind::overloaded: return {503, "Overloaded"};
    case error_kind::timeout: return {504, "Timeout"};
  }
  return {500, "OutcomeUnknown"};
}

}  // namespace

int status_of(error_kind kind) { return row_of(kind).status; }
std::string_view name_of(error_kind kind) { return row_of(kind).name; }

}  // namespace ws::http
