#pragma once
// How the broker's answer becomes an HTTP answer (API-NOTES error table). Success only
// when the register's run completed with no failure; a route that answers a document
// takes it with result_of(), which refuses an answer without one: a document is never
// reported without the device having signed it.
//
//   completed, none            -> success (the caller reads the outcome's result)
//   completed, safe            -> 498 DeviceError (device error code and text when the
//                                 device answered one; else the link failure), nothing printed
//   completed, wrong_state     -> 499 WrongKKTState
//   completed, outcome_unknown -> 500 OutcomeUnknown with kkt_sn and the FD number to check
//   completed, timeout         -> 504 Timeout (the deadline passed before the closing command)
//   no_free_cashmachine        -> 429 NoFreeCashmachine
//   no_matching_register       -> 429 NoFreeCashmachine for receipts (nothing can print for
//                                 that INN/group now), 404 NotFound for a named register
//   overloaded                 -> 503 Overloaded with Retry-After
//   timeout                    -> 504 Timeout (no register became free; nothing printed)
//   condition_error            -> 400 DataError at `conditional`
//   shutting_down              -> 503 Overloaded (Retry-After 1): the server is stopping

#include <optional>
#include <variant>

#include "actors/broker_actor.hpp"
#include "http/server/api_error.hpp"

namespace ws::http::server {

/// nullopt: success. `named_register`: the operation targeted one register by serial.
std::optional<api_error> error_of(const actors::broker_result& result, bool named_register);

/// The broker did not answer within the bridge's own limit (it always answers before it,
/// so this means the actor system is in trouble): the outcome is unknown.
api_error no_broker_answer();

/// The typed result of a successful run (printed_document, document_read...); a result
/// of another type cannot come from a register that ran the order, so it is answered
/// as an unknown outcome rather than trusted.
template <class Result>
const Result& result_of(const actors::broker_result& result) {
  const auto* typed = std::get_if<Result>(&result.result);
  if (typed == nullptr) {
    auto error = no_broker_answer();
    error.message = "the register reported success without its result: check the FN";
    error.kkt_sn = result.serial_number;
    throw api_exception(error);
  }
  return *typed;
}

}  // namespace ws::http::server
