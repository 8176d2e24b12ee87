// The front against clients that do not play by the rules, through real sockets on
// 127.0.0.1: oversized headers, bodies over the limit (announced or chunked), ambiguous
// framing, pipelined requests, and (hidden, a measurement) many slow clients.

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

using namespace ws::http::test;

namespace {

/// A TCP connection written and read byte by byte, as a hostile client would.
class raw_connection {
 public:
  explicit raw_connection(std::uint16_t port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0) throw std::runtime_error("socket");
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
      ::close(fd_);
      throw std::runtime_error("connect");
    }
  }
  ~raw_connection() {
    if (fd_ >= 0) ::close(fd_);
  }
  raw_connection(const raw_connection&) = delete;
  raw_connection& operator=(const raw_connection&) = delete;

  /// False when the server closed its end first.
  bool send(const std::string& text) {
    std::size_t done = 0;
    while (done < text.size()) {
      const ssize_t n = ::send(fd_, text.data() + done, text.size() - done, MSG_NOSIGNAL);
      if (n <= 0) return false;
      done += static_cast<std::size_t>(n);
    }
    return true;
  }

  /// Reads until `count` occurrences of `text` arrived, the server closed, or `limit`.
  std::string read_until(const std::string& text, int count, milliseconds limit) {
    const auto deadline = steady::now() + limit;
    while (occurrences(text) < count && steady::now() < deadline) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 20) <= 0) continue;
      char buffer[4096];
      const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
      if (n <= 0) {
        closed_ = true;
        break;
      }
      received_.append(buffer, static_cast<std::size_t>(n));
    }
    return received_;
  }

  /// True once the server closed the connection (waits up to `limit` for it).
  bool closed_by_server(milliseconds limit) {
    read_until("\x01never\x01", 1, limit);
    return closed_;
  }

 private:
  int occurrences(const std::string& text) const {
    int n = 0;
    for (auto at = received_.find(text); at != std::string::npos; at = received_.find(text, at + text.size())) ++n;
    return n;
  }

  int fd_ = -1;
  std::string received_;
  bool closed_ = false;
};

std::string status_line(const std::string& response) { return response.substr(0, response.find("\r\n")); }

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

// Known to fail, and so marked: cpp-httplib 0.11.4 reads each request through a new
// buffered stream, so requests that arrived in the same read as the first are dropped
// unanswered (seen: one answer of four; the connection then idles to its keep-alive
// timeout). [!shouldfail] keeps the right expectation: the day it passes, ctest fails and
// the mark goes.
TEST_CASE("pipelined requests are all answered in order", "[http_server][hostile][!shouldfail]") {
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

// A measurement, hidden: cpp-httplib 0.11.4 serves each connection on one pool thread
// for as long as the connection lives, so clients trickling their headers hold threads.
// Prints how long GET /v1/ping takes from another client while `slow` connections send
// one header line per second for 8 s.
TEST_CASE("ping latency under slow clients (measurement)", "[.hostile_measure]") {
  hostile_farm f;
  constexpr int slow = 200;
  std::vector<std::unique_ptr<raw_connection>> trickling;
  for (int i = 0; i < slow; ++i) {
    trickling.push_back(std::make_unique<raw_connection>(f.farm.port()));
    trickling.back()->send("GET /v1/ping HTTP/1.1\r\n");
  }
  std::atomic<bool> done{false};
  std::thread trickler([&] {
    for (int second = 0; second < 8 && !done; ++second) {
      std::this_thread::sleep_for(1s);
      for (auto& c : trickling) c->send("X-Slow: " + std::to_string(second) + "\r\n");
    }
  });
  std::this_thread::sleep_for(500ms);
  auto http = f.farm.client(std::chrono::seconds(30));
  const auto started = steady::now();
  const auto ping = http->Get("/v1/ping");
  const auto took = std::chrono::duration_cast<milliseconds>(steady::now() - started);
  done = true;
  trickler.join();
  WARN("GET /v1/ping with " << slow << " slow clients took " << took.count() << " ms (status "
                             << (ping ? ping->status : -1) << ")");
  CHECK(ping);
}
