// frame_request: when the connection gate has a whole request to hand to a handler.

#include <catch2/catch.hpp>

#include <string>

#include "http/server/request_framing.hpp"

using ws::http::server::frame_request;
using ws::http::server::parse_content_length;
using ws::http::server::request_progress;

namespace {
constexpr std::size_t head_limit = 1024;
constexpr std::size_t body_limit = 100;
}  // namespace

TEST_CASE("a request without a body is whole at its blank line", "[http_server][framing]") {
  const std::string request = "GET /v1/ping HTTP/1.1\r\nHost: x\r\n\r\n";
  for (std::size_t cut = 0; cut < request.size(); ++cut)
    CHECK(frame_request(request.substr(0, cut), head_limit, body_limit).progress == request_progress::partial_head);
  const auto frame = frame_request(request + "GET /next", head_limit, body_limit);
  CHECK(frame.progress == request_progress::whole);
  CHECK(frame.total_bytes == request.size());  // the pipelined next request is not this one's
}

TEST_CASE("a request with Content-Length waits for all of its body", "[http_server][framing]") {
  const std::string head = "POST /v1/receipts HTTP/1.1\r\ncontent-length: 10\r\nExpect: 100-continue\r\n\r\n";
  auto frame = frame_request(head, head_limit, body_limit);
  CHECK(frame.progress == request_progress::awaiting_body);
  CHECK(frame.head_bytes == head.size());
  CHECK(frame.expects_continue);
  CHECK(frame_request(head + "123456789", head_limit, body_limit).progress == request_progress::awaiting_body);
  frame = frame_request(head + "0123456789GET", head_limit, body_limit);
  CHECK(frame.progress == request_progress::whole);
  CHECK(frame.total_bytes == head.size() + 10);
}

TEST_CASE("a body the front refuses is not waited for", "[http_server][framing]") {
  for (const std::string header : {"Content-Length: 101", "Content-Length: 1x", "Content-Length: -1",
                                   "Transfer-Encoding: chunked", "Content-Length: 99999999999999999999999"}) {
    INFO(header);
    const std::string head = "POST /v1/receipts HTTP/1.1\r\n" + header + "\r\n\r\n";
    const auto frame = frame_request(head, head_limit, body_limit);
    CHECK(frame.progress == request_progress::whole);
    CHECK(frame.total_bytes == head.size());
  }
}

TEST_CASE("a head without its blank line within the limit is too large", "[http_server][framing]") {
  const std::string head = "GET / HTTP/1.1\r\nX: " + std::string(head_limit, 'a');
  CHECK(frame_request(head.substr(0, head_limit - 1), head_limit, body_limit).progress == request_progress::partial_head);
  CHECK(frame_request(head, head_limit, body_limit).progress == request_progress::head_too_large);
  // Bare LF line ends end a head too (httplib reads them).
  CHECK(frame_request("GET / HTTP/1.1\nHost: x\n\n", head_limit, body_limit).progress == request_progress::whole);
}

TEST_CASE("Content-Length is decimal digits only", "[http_server][framing]") {
  CHECK(parse_content_length("0") == 0u);
  CHECK(parse_content_length("1048576") == 1048576u);
  CHECK_FALSE(parse_content_length(""));
  CHECK_FALSE(parse_content_length("+1"));
  CHECK_FALSE(parse_content_length("1 "));
  CHECK_FALSE(parse_content_length("12345678901234567890"));
}
