#pragma once
// How much of an HTTP/1.1 request has arrived, judged from the bytes buffered so far: the
// connection gate (connection_gate.hpp) hands a connection to a handler thread only once
// its request is whole, so a client that trickles its bytes holds no thread. Pure: no
// sockets, no clocks.
//
// A body is waited for only when Content-Length announces one within the limit; a request
// whose framing the front refuses (Transfer-Encoding, a malformed or too large length) is
// whole at the end of its head: the handler refuses it without reading a byte of body.

#include <cstddef>
#include <optional>
#include <string_view>

namespace ws::http::server {

enum class request_progress {
  partial_head,    ///< the head's blank line has not arrived yet
  awaiting_body,   ///< the head is whole, the announced body is not
  whole,           ///< head and body are here: serve it
  head_too_large,  ///< no blank line within the head limit: refuse with 431
};

struct request_frame {
  request_progress progress = request_progress::partial_head;
  std::size_t head_bytes = 0;     ///< with the blank line; known from awaiting_body on
  std::size_t total_bytes = 0;    ///< head plus the body that will be read; known when whole
  bool expects_continue = false;  ///< the head carries `Expect: 100-continue`
};

/// The request at the front of `buffered` (later bytes may be the next, pipelined one).
request_frame frame_request(std::string_view buffered, std::size_t max_head_bytes, std::size_t max_body_bytes);

/// The value of a Content-Length header: decimal digits only (at most 19), else nullopt.
std::optional<std::size_t> parse_content_length(std::string_view text);

}  // namespace ws::http::server
