#pragma once
// The REST API's error model in one table: every error answer is one of these kinds, and
// the kind alone decides its HTTP status and its NAME. The ten of API-NOTES' error table,
// and two this server adds where the notes have no status:
//   ConditionFailed 409  a `before` condition refused the job (nothing printed), or an
//                        `after` condition was false (the answer carries the document)
//   NotSupported    501  the operation has no command on these registers
//   InProgress      409  the same Idempotency-Key's request is still running (Retry-After)
//   IdempotencyKeyReused 422  the Idempotency-Key came with a different body
// An unexpected fault inside a handler is OutcomeUnknown (500): the operation may or may
// not have run, which is all the server can honestly say.

#include <string_view>

namespace ws::http {

enum class error_kind {
  data_error,           ///< 400 DataError
  forbidden,            ///< 403 Forbidden
  not_found,            ///< 404 NotFound
  condition_failed,     ///< 409 ConditionFailed
  in_progress,          ///< 409 InProgress
  key_reused,           ///< 422 IdempotencyKeyReused
  payload_too_large,    ///< 413 PayloadTooLarge
  no_free_cashmachine,  ///< 429 NoFreeCashmachine
  device_error,         ///< 498 DeviceError
  wrong_state,          ///< 499 WrongKKTState
  outcome_unknown,      ///< 500 OutcomeUnknown
  not_supported,        ///< 501 NotSupported
  overloaded,           ///< 503 Overloaded
  timeout,              ///< 504 Timeout
};

int status_of(error_kind kind);
std::string_view name_of(error_kind kind);

}  // namespace ws::http
