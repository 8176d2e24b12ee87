// The front against clients that do not play by the rules, through real sockets on
// 127.0.0.1: oversized headers, bodies over the limit (announced or chunked), ambiguous
// framing, pipelined requests, bodies that are not JSON, Expect: 100-continue, and clients
// that leave before their answer. Slow and idle clients: test_slow_and_idle_clients.cpp.

#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "tests/http_server/front_fixture.hpp"
#include "tests/http_server/raw_connection.hpp"

using namespace ws::http::test;

namespace {

struct hostile_farm {
  front_farm farm{1};
  explicit hostile_farm(ws::http::front_options options = {}) {
    farm.fiscalise(0, firm_a);
    farm.start({{{0}, {}}}, options);
  }
};

ws::http::front_options small_bodies() {
  ws::http::front_options options;
  options.max_body_bytes = 4096;
  return options;
}

}  // namespace

TEST_CASE("an oversized header is refused with 431 or 400", "[http_server][hostile]") {
  hostile_farm f;
  raw_connection c(f.farm.port());
  REQUIRE(c.send("GET /v1/ping HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Huge: " + std::string(64 * 1024, 'a') + "\r\n\r\n"));
  const std::string answer = c.read_until("\r\n\r\n", 1, 10s);
  INFO(answer.substr(0, 200));
  const std::string status = status_line(answer);
  CHECK((status == "HTTP/1.1 431 Request Header Fields Too Large" || status == "HTTP/1.1 400 Bad Request"));
  // And the server still serves others.
  auto http = f.farm.client();
  const auto ping = http->Get("/v1/ping");
  REQUIRE(ping);
  CHECK(ping->status == 200);
}

TEST_CASE("a body announced over max-body-bytes is refused with 413 before it is sent", "[http_server][hostile]") {
  hostile_farm f(small_bodies());
  raw_connection c(f.farm.port());
  // Only the headers: the answer must not wait for the 10 MB it announces.
  REQUIRE(c.send("POST /v1/receipts HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                 "Content-Length: 10000000\r\n\r\n"));
  const auto started = steady::now();
  const std::string answer = c.read_until("PayloadTooLarge", 1, 5s);
  INFO(answer);
  CHECK(steady::now() - started < 5s);
  CHECK(status_line(answer) == "HTTP/1.1 413 Payload Too Large");
  CHECK(answer.find("Connection: close\r\n") != std::string::npos);
  CHECK(answer.find("\"error\":\"PayloadTooLarge\"") != std::string::npos);
  CHECK(f.farm.documents(0) == 2);  // nothing printed
}

TEST_CASE("a chunked body is refused with 411", "[http_server][hostile]") {
  hostile_farm f(small_bodies());
  raw_connection c(f.farm.port());
  REQUIRE(c.send("POST /v1/receipts HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                 "Transfer-Encoding: chunked\r\n\r\n1000\r\n" + std::string(4096, ' ')));
  const std::string answer = c.read_until("\r\n\r\n", 1, 5s);
  INFO(answer);
  CHECK(status_line(answer) == "HTTP/1.1 411 Length Required");
  CHECK(answer.find("Connection: close\r\n") != std::string::npos);
  CHECK(f.farm.documents(0) == 2);
}

TEST_CASE("Content-Length together with Transfer-Encoding is refused with 400", "[http_server][hostile]") {
  hostile_farm f;
  raw_connection c(f.farm.port());
  const std::string body = receipt_body(firm_a, 100);
  REQUIRE(c.send("POST /v1/receipts HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                 "Content-Length: " + std::to_string(body.size()) + "\r\nTransfer-Encoding: chunked\r\n\r\n" + body));
  const std::string answer = c.read_until("\r\n\r\n", 1, 5s);
  INFO(answer);
  CHECK(status_line(answer) == "HTTP/1.1 400 Bad Request");
  CHECK(f.farm.documents(0) == 2);  // the receipt was not printed
}

// Pipelined requests arrive in one read: the connection gate keeps what follows the first
// request in its buffer and serves each in turn.
TEST_CASE("pipelined requests are all answered in order", "[http_server][hostile]") {
  hostile_farm f;
  raw_connection c(f.farm.port());
  std::string requests;
  for (int i = 0; i < 3; ++i) requests += "GET /v1/ping HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  requests += "GET /v1/nosuch HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
  REQUIRE(c.send(requests));
  const std::string answers = c.read_until("HTTP/1.1 ", 4, 10s);
  INFO(answers);
  std::vector<std::string> statuses;
  for (auto at = answers.find("HTTP/1.1 "); at != std::string::npos; at = answers.find("HTTP/1.1 ", at + 1))
    statuses.push_back(answers.substr(at, 12));
  REQUIRE(statuses.size() == 4);
  CHECK(statuses[0] == "HTTP/1.1 200");
  CHECK(statuses[1] == "HTTP/1.1 200");
  CHECK(statuses[2] == "HTTP/1.1 200");
  CHECK(statuses[3] == "HTTP/1.1 404");
  CHECK(c.closed_by_server(5s));
}

TEST_CASE("a body that is not JSON is refused with 415 before it is read", "[http_server][hostile]") {
  hostile_farm f;
  auto http = f.farm.client();
  const std::string body = receipt_body(firm_a, 100);
  for (const char* type : {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"}) {
    INFO(type);
    const auto refused = http->Post("/v1/receipts", body, type);
    REQUIRE(refused);
    CHECK(refused->status == 415);
    CHECK(json_doc(refused->body).str("/error") == "DataError");
  }
  CHECK(f.farm.documents(0) == 2);  // nothing printed
  // The media type is compared without its parameters and its case.
  const auto taken = http->Post("/v1/receipts", body, "Application/JSON; charset=utf-8");
  REQUIRE(taken);
  CHECK(taken->status == 200);
  CHECK(f.farm.documents(0) == 3);
}

TEST_CASE("Expect 100-continue is answered before the body is sent, once", "[http_server][hostile]") {
  hostile_farm f;
  raw_connection c(f.farm.port());
  const std::string body = "{}";
  REQUIRE(c.send("POST /v1/receipts HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                 "Expect: 100-continue\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n"));
  const std::string interim = c.read_until("\r\n\r\n", 1, 5s);
  CHECK(interim == "HTTP/1.1 100 Continue\r\n\r\n");
  REQUIRE(c.send(body));
  const std::string answers = c.read_until("DataError", 1, 5s);
  INFO(answers);
  CHECK(answers.find("HTTP/1.1 400 Bad Request\r\n") != std::string::npos);
  CHECK(answers.find("100 Continue", 10) == std::string::npos);
}

TEST_CASE("a client that leaves right after posting a receipt has it printed once and kept", "[http_server][hostile]") {
  hostile_farm f;
  auto http = f.farm.client();
  const auto before = f.farm.documents(0);
  // One leaves with its request (the gate sees the request and the close at once), one
  // while its receipt is being printed.
  for (const auto linger : {0ms, 100ms}) {
    const std::string key = "left-" + std::to_string(linger.count());
    const std::string body = receipt_body(firm_a, 100 + linger.count());
    {
      raw_connection c(f.farm.port());
      REQUIRE(c.send("POST /v1/receipts HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                     "Idempotency-Key: " + key + "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" +
                     body));
      std::this_thread::sleep_for(linger);
    }
    // Kept: the journal's entry settles as printed, and the retry is answered from it.
    std::string state;
    const auto deadline = steady::now() + 20s;
    while (state != "printed" && steady::now() < deadline) {
      std::this_thread::sleep_for(50ms);
      const auto entry = http->Get(("/v1/receipts/" + key + "?firm_inn=" + firm_a).c_str());
      if (entry && entry->status == 200) state = json_doc(entry->body).str("/state");
    }
    CHECK(state == "printed");
    const auto retried = http->Post("/v1/receipts", {{"Idempotency-Key", key}}, body, "application/json");
    REQUIRE(retried);
    CHECK(retried->status == 200);
    CHECK(retried->get_header_value("Idempotent-Replayed") == "true");
  }
  CHECK(f.farm.documents(0) == before + 2);
}
