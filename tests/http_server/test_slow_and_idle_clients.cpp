// The connection gate against clients that hold connections without finishing requests,
// through real sockets on 127.0.0.1: hundreds trickling their heads or bodies (plain and
// TLS), ten thousand idle, requests that never end, and the connection caps. Others'
// requests must keep their pace meanwhile.

#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "tests/http_server/front_fixture.hpp"
#include "tests/http_server/raw_connection.hpp"
#include "tests/support/die_with_parent.hpp"
#include "tests/support/temp_dir.hpp"

using namespace ws::http::test;

namespace {

struct gate_farm {
  front_farm farm{1};
  explicit gate_farm(ws::http::front_options options = {}) {
    farm.fiscalise(0, firm_a);
    farm.start({{{0}, {}}}, options);
  }
};

/// Resident memory of this process, kB (/proc/self/status VmRSS).
long resident_kb() {
  std::ifstream status("/proc/self/status");
  std::string key;
  long value = 0;
  while (status >> key) {
    if (key == "VmRSS:") {
      status >> value;
      return value;
    }
    status.ignore(1 << 12, '\n');
  }
  return 0;
}

/// Raises this process's open-file limit as far as its hard limit; the limit it got.
rlim_t raise_files() {
  rlimit limit{};
  ::getrlimit(RLIMIT_NOFILE, &limit);
  limit.rlim_cur = limit.rlim_max;
  ::setrlimit(RLIMIT_NOFILE, &limit);
  ::getrlimit(RLIMIT_NOFILE, &limit);
  return limit.rlim_cur;
}

/// `count` client connections to 127.0.0.1:`port` held by a child process (the other
/// ends are in this one: each process needs only its own half of the files), until
/// release() or the end of this object. The child dies with this process.
class connections_elsewhere {
 public:
  connections_elsewhere(std::uint16_t port, std::size_t count) {
    int opened[2];
    int hold[2];
    if (::pipe(opened) != 0 || ::pipe(hold) != 0) throw std::runtime_error("pipe");
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const pid_t parent = ::getpid();
    child_ = ::fork();
    if (child_ < 0) throw std::runtime_error("fork");
    if (child_ == 0) {  // system calls only: this process has threads
      ws::test::die_with_parent(parent);
      ::close(opened[0]);
      ::close(hold[1]);
      std::size_t connected = 0;
      for (; connected < count; ++connected) {
        const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
        if (fd < 0 || ::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) break;
      }
      const char done = connected == count ? 'y' : 'n';
      if (::write(opened[1], &done, 1) != 1) ::_exit(2);
      char ignored;
      while (::read(hold[0], &ignored, 1) > 0) {
      }
      ::_exit(0);  // closes every connection
    }
    ::close(opened[1]);
    ::close(hold[0]);
    hold_ = hold[1];
    char done = 'n';
    ok_ = ::read(opened[0], &done, 1) == 1 && done == 'y';
    ::close(opened[0]);
  }
  ~connections_elsewhere() { release(); }
  connections_elsewhere(const connections_elsewhere&) = delete;
  connections_elsewhere& operator=(const connections_elsewhere&) = delete;

  /// Every connection was made.
  bool ok() const { return ok_; }
  /// Closes them all: the child exits.
  void release() {
    if (hold_ < 0) return;
    ::close(hold_);
    hold_ = -1;
    int status = 0;
    ::waitpid(child_, &status, 0);
  }

 private:
  pid_t child_ = -1;
  int hold_ = -1;
  bool ok_ = false;
};

/// Waits (bounded) until the front holds `count` connections.
bool await_open(const ws::http::front& front, std::size_t count, milliseconds limit) {
  const auto deadline = steady::now() + limit;
  while (steady::now() < deadline) {
    if (front.connection_counters().open == count) return true;
    std::this_thread::sleep_for(10ms);
  }
  return false;
}

/// `slow_heads` connections that send their head a line at a time and `slow_bodies` that
/// send a body of 2,000 bytes 20 bytes at a time, every `step`, until stopped.
class tricklers {
 public:
  tricklers(std::uint16_t port, int slow_heads, int slow_bodies, milliseconds step) {
    for (int i = 0; i < slow_heads; ++i) {
      connections_.push_back(std::make_unique<raw_connection>(port));
      connections_.back()->send("GET /v1/ping HTTP/1.1\r\n");
    }
    for (int i = 0; i < slow_bodies; ++i) {
      connections_.push_back(std::make_unique<raw_connection>(port));
      connections_.back()->send(
          "POST /v1/receipts HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 2000\r\n\r\n");
    }
    thread_ = std::thread([this, slow_heads, step] {
      for (int round = 0; !stop_; ++round) {
        std::this_thread::sleep_for(step);
        for (std::size_t i = 0; i < connections_.size(); ++i)
          sent_ += connections_[i]->send(static_cast<int>(i) < slow_heads ? "X-Slow: " + std::to_string(round) + "\r\n"
                                                                          : std::string(20, ' '));
      }
    });
  }
  ~tricklers() {
    stop_ = true;
    thread_.join();
  }
  int sent() const { return sent_; }

 private:
  std::vector<std::unique_ptr<raw_connection>> connections_;
  std::atomic<bool> stop_{false};
  std::atomic<int> sent_{0};
  std::thread thread_;
};

}  // namespace

TEST_CASE("200 clients trickling heads and bodies do not slow others' requests", "[http_server][hostile][slow]") {
  gate_farm f;
  tricklers slow(f.farm.port(), 150, 50, 300ms);
  auto http = f.farm.client(10s);
  milliseconds slowest{0};
  for (int i = 0; i < 10; ++i) {
    std::this_thread::sleep_for(200ms);
    const auto started = steady::now();
    const auto ping = http->Get("/v1/ping");
    slowest = std::max(slowest, std::chrono::duration_cast<milliseconds>(steady::now() - started));
    REQUIRE(ping);
    CHECK(ping->status == 200);
  }
  const auto before = f.farm.documents(0);
  const auto receipt = http->Post("/v1/receipts", receipt_body(firm_a, 100), "application/json");
  REQUIRE(receipt);
  CHECK(receipt->status == 200);
  CHECK(f.farm.documents(0) == before + 1);
  CHECK(slow.sent() > 200 * 5);  // they did trickle all along
  CHECK(f.farm.api().connection_counters().open >= 200);
  WARN("GET /v1/ping beside 200 trickling clients: slowest of 10 took " << slowest.count() << " ms");
  CHECK(slowest < 1000ms);
}

TEST_CASE("a request that does not arrive within read-timeout gets 408 and its connection closes",
          "[http_server][hostile][slow]") {
  ws::http::front_options options;
  options.read_timeout = std::chrono::seconds(1);
  gate_farm f(options);
  raw_connection c(f.farm.port());
  const auto started = steady::now();
  REQUIRE(c.send("GET /v1/ping HTTP/1.1\r\n"));
  std::string answer;
  for (int i = 0; i < 20 && answer.empty(); ++i) {
    c.send("X-Slow: " + std::to_string(i) + "\r\n");  // a line every 200 ms: each read is quick, the whole is not
    answer = c.read_until("\r\n\r\n", 1, 200ms);
  }
  const auto took = steady::now() - started;
  INFO(answer);
  CHECK(status_line(answer) == "HTTP/1.1 408 Request Timeout");
  CHECK(answer.find("Connection: close\r\n") != std::string::npos);
  CHECK(took >= 900ms);
  CHECK(took < 4s);
  CHECK(c.closed_by_server(2s));
  CHECK(f.farm.api().connection_counters().timed_out == 1);
}

TEST_CASE("10000 idle connections are held and the server keeps serving", "[http_server][hostile][idle]") {
  constexpr std::size_t idle = 10'000;
  const rlim_t files = raise_files();
  INFO("open-file limit " << files);
  REQUIRE(files >= idle + 1'000);
  ws::http::front_options options;
  options.keep_alive_timeout = std::chrono::seconds(60);
  options.max_connections_per_peer = idle + 100;
  gate_farm f(options);
  const long memory_before = resident_kb();
  connections_elsewhere held(f.farm.port(), idle);
  REQUIRE(held.ok());
  REQUIRE(await_open(f.farm.api(), idle, 30s));
  const long memory_held = resident_kb();

  auto http = f.farm.client(10s);
  const auto started = steady::now();
  const auto ping = http->Get("/v1/ping");
  const auto took = std::chrono::duration_cast<milliseconds>(steady::now() - started);
  REQUIRE(ping);
  CHECK(ping->status == 200);
  const auto receipt = http->Post("/v1/receipts", receipt_body(firm_a, 100), "application/json");
  REQUIRE(receipt);
  CHECK(receipt->status == 200);
  // The server's memory for them: a few hundred bytes each, no thread.
  const long per_connection_bytes = (memory_held - memory_before) * 1024 / static_cast<long>(idle);
  WARN(idle << " idle connections: the server's resident memory +" << (memory_held - memory_before) / 1024
            << " MB (" << per_connection_bytes << " bytes each), ping beside them " << took.count() << " ms");
  CHECK(per_connection_bytes < 4096);
  CHECK(took < 1000ms);

  held.release();
  CHECK(await_open(f.farm.api(), 0, 10s));
}

TEST_CASE("connections over the cap per peer or in all are answered 503 and closed", "[http_server][hostile][idle]") {
  for (const bool per_peer : {true, false}) {
    INFO((per_peer ? "per peer" : "in all"));
    ws::http::front_options options;
    (per_peer ? options.max_connections_per_peer : options.max_connections) = 3;
    gate_farm f(options);
    std::vector<std::unique_ptr<raw_connection>> held;
    for (int i = 0; i < 3; ++i) held.push_back(std::make_unique<raw_connection>(f.farm.port()));
    REQUIRE(await_open(f.farm.api(), 3, 5s));
    raw_connection refused(f.farm.port());
    const std::string answer = refused.read_until("\r\n\r\n", 1, 5s);
    INFO(answer);
    CHECK(status_line(answer) == "HTTP/1.1 503 Service Unavailable");
    CHECK(answer.find("Retry-After: 1\r\n") != std::string::npos);
    CHECK(refused.closed_by_server(2s));
    CHECK(f.farm.api().connection_counters().refused_cap == 1);
    // One of the three leaves: the next is served.
    held.pop_back();
    REQUIRE(await_open(f.farm.api(), 2, 5s));
    auto http = f.farm.client(5s);
    const auto ping = http->Get("/v1/ping");
    REQUIRE(ping);
    CHECK(ping->status == 200);
  }
}

TEST_CASE("over HTTPS clients that never finish their handshake do not slow others", "[http_server][hostile][tls]") {
  ws::test::temp_dir dir;
  const auto certs = dir.path() / "certs";
  const std::string command =
      std::string("'") + WS_CERTS_SCRIPT + "' '" + certs.string() + "' farm > /dev/null 2>&1";
  REQUIRE(std::system(command.c_str()) == 0);
  ws::http::front_options options;
  options.tls_certificate = (certs / "farm.pem").string();
  options.tls_key = (certs / "farm.key").string();
  options.read_timeout = std::chrono::seconds(2);
  gate_farm f(options);
  // 150 that connect and say nothing, 50 that start a TLS record and stop.
  std::vector<std::unique_ptr<raw_connection>> stalled;
  for (int i = 0; i < 200; ++i) {
    stalled.push_back(std::make_unique<raw_connection>(f.farm.port()));
    if (i >= 150) stalled.back()->send(std::string("\x16\x03\x01\x02\x00\x01", 6));
  }
  httplib::SSLClient https("127.0.0.1", f.farm.port());
  https.enable_server_certificate_verification(false);
  https.set_read_timeout(10, 0);
  const auto started = steady::now();
  const auto ping = https.Get("/v1/ping");
  const auto took = std::chrono::duration_cast<milliseconds>(steady::now() - started);
  REQUIRE(ping);
  CHECK(ping->status == 200);
  const auto receipt = https.Post("/v1/receipts", receipt_body(firm_a, 100), "application/json");
  REQUIRE(receipt);
  CHECK(receipt->status == 200);
  WARN("GET /v1/ping over HTTPS beside 200 stalled handshakes took " << took.count() << " ms");
  CHECK(took < 1000ms);
  // A handshake has read-timeout to end, like a request.
  CHECK(stalled.front()->closed_by_server(5s));
  CHECK(stalled.back()->closed_by_server(5s));
}
