#pragma once
// What the request log says of one HTTP request besides its method, path and status: its
// id, when it began, and what the handler learnt (the register, the document number, the
// Idempotency-Key). cpp-httplib runs a request's pre-routing handler, its route handler
// and its logger on one thread, one request after another, so the request in progress is
// kept per thread: begun in pre-routing, filled by the handler, ended by the logger.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace ws::http::ops {

struct request_context {
  std::string id;
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
  std::string kkt_sn;                            ///< the register that ran it, when one did
  std::optional<std::uint32_t> document_number;  ///< the document it printed or read, or the one to check
  std::string idempotency_key;
};

/// Begins the thread's request (replacing one left unfinished); returns it.
request_context& begin_request(std::string id);
/// The thread's request in progress; nullptr outside one.
request_context* current_request();
/// Ends the thread's request and returns it (a fresh one, started now, when none was
/// begun: a request httplib refused before pre-routing).
request_context end_request();

/// A new request id: 16 hex digits, random.
std::string new_request_id();
/// The id a client sent (X-Request-Id) when it is usable: 1 to 64 characters of
/// [A-Za-z0-9._-]; anything else is replaced by a new id (it goes into every log line).
std::string request_id_from(const std::string& client_id);

/// Handlers note what they learnt; nothing happens outside a request.
void note_register(const std::string& kkt_sn);
void note_document(std::uint32_t document_number);
void note_idempotency_key(const std::string& key);

}  // namespace ws::http::ops
