// The log as an operator reads it: JSON lines with log.format=json, log.level dropping
// what is under it, and a register's fault and recovery (an emulated device gone silent,
// then back) and a job's failure, each on its own line with the request's id.

#include <catch2/catch.hpp>

#include <httplib.h>
#include <simdjson.h>

#include <cstdio>
#include <sstream>
#include <string>

#include "tests/program/whitespirit_child.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/temp_dir.hpp"

using namespace std::chrono_literals;
using ws::test::child_process;
using ws::test::listening_port;
using ws::test::start_whitespirit;
using ws::test::temp_dir;

namespace {

/// The line of `output` that contains `text` (empty when none does).
std::string line_with(const std::string& output, const std::string& text) {
  const auto at = output.find(text);
  if (at == std::string::npos) return {};
  const auto begin = output.rfind('\n', at);
  const auto end = output.find('\n', at);
  const auto from = begin == std::string::npos ? 0 : begin + 1;
  return output.substr(from, end == std::string::npos ? std::string::npos : end - from);
}

/// One control command to the emulator (socat, as the README does by hand).
std::string control(const std::filesystem::path& dir, const std::string& command) {
  const std::string shell =
      "echo '" + command + "' | socat -t 2 - UNIX-CONNECT:" + (dir / "control.sock").string() + " 2>&1";
  std::string reply;
  if (FILE* pipe = ::popen(shell.c_str(), "r")) {
    char buffer[512];
    while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) reply += buffer;
    ::pclose(pipe);
  }
  return reply;
}

}  // namespace

TEST_CASE("log.format=json writes JSON lines and log.level=warn drops the requests that went well",
          "[program][ops][log]") {
  temp_dir dir;
  auto child = start_whitespirit({"--embedded.dir=" + (dir.path() / "var").string(), "--embedded.devices=1",
                                  "--http.port=0", "--log.format=json", "--log.level=warn"});
  const auto port = listening_port(*child, 90000ms);
  INFO(child->output());
  REQUIRE(port);
  httplib::Client client("127.0.0.1", *port);
  client.set_read_timeout(10s);
  const auto fine = client.Get("/v1/ping", httplib::Headers{{"X-Request-Id", "went-well"}});
  REQUIRE(fine);
  CHECK(fine->status == 200);
  const auto missing = client.Get("/v1/cashmachines/9999999999999999/status", httplib::Headers{{"X-Request-Id", "not-found"}});
  REQUIRE(missing);
  CHECK(missing->status == 404);
  REQUIRE(child->wait_for_output("\"id\":\"not-found\"", 5000ms));
  const auto line = line_with(child->output(), "\"id\":\"not-found\"");
  simdjson::dom::parser parser;
  simdjson::dom::element record;
  REQUIRE_FALSE(parser.parse(line).get(record));
  CHECK(std::string_view(record["event"]) == "http_request");
  CHECK(std::string_view(record["level"]) == "warn");
  CHECK(std::string_view(record["status"]) == "404");
  CHECK(std::string_view(record["path"]) == "/v1/cashmachines/9999999999999999/status");
  CHECK(std::string_view(record["time"]).size() == 24);  // 2026-12-07T10:00:00.123Z
  CHECK(child->output().find("went-well") == std::string::npos);
  CHECK(child->terminate(15000ms) == 0);
  // Every line on standard error is JSON (standard output has the `listening` line).
  std::istringstream lines(child->output());
  for (std::string each; std::getline(lines, each);) {
    if (each.rfind("whitespirit: listening", 0) == 0) continue;
    INFO(each);
    CHECK_FALSE(parser.parse(each).error());
  }
}

TEST_CASE("a register's fault and recovery and a job's failure are logged", "[program][ops][log]") {
  temp_dir dir;
  const auto devices = dir.path() / "devices";
  child_process emulator(WS_KKT_EMULATOR_PATH, {"--count", "1", "--dir", devices.string()});
  REQUIRE(emulator.wait_for_output("ready:", 20s));
  const auto port_path = (devices / "kkt-0001").string();
  auto child = start_whitespirit({"--registers=[{port=\"" + port_path + "\"}]", "--http.port=0",
                                  "--journal.path=" + (dir.path() / "journal.db").string(),
                                  "--register.poll-interval=100ms", "--register.reconnect-min=100ms",
                                  "--register.reconnect-max=300ms", "--link.ack-timeout=300ms",
                                  "--link.max-retries=2"});
  const auto port = listening_port(*child, 30000ms);
  INFO(child->output());
  REQUIRE(port);
  REQUIRE(child->wait_for_output("from=identifying to=ready", 10000ms));

  // A job the device refuses (its FN is not registered): one job_failed line with the id.
  httplib::Client client("127.0.0.1", *port);
  client.set_read_timeout(30s);
  const auto refused = client.Post("/v1/cashmachines/0000000000000001/open_shift",
                                   httplib::Headers{{"X-Request-Id", "job-fails"}}, "", "application/json");
  REQUIRE(refused);
  CHECK(refused->status >= 498);
  REQUIRE(child->wait_for_output("job_failed", 5000ms));
  CHECK(line_with(child->output(), "job_failed").find("id=job-fails") != std::string::npos);
  CHECK(child->wait_for_output("id=job-fails method=POST", 5000ms));

  // The device goes silent: the register goes offline (a warning), then comes back.
  CHECK(control(devices, "fault kkt-0001 silent on").find("ok") != std::string::npos);
  REQUIRE(child->wait_for_output("to=offline", 10000ms));
  CHECK(line_with(child->output(), "to=offline").find(" warn register_state port=" + port_path) != std::string::npos);
  control(devices, "fault kkt-0001 silent off");
  REQUIRE(child->wait_for_output("register_recovered", 10000ms));
  CHECK(line_with(child->output(), "register_recovered").find("to=ready") != std::string::npos);
  CHECK(child->terminate(15000ms) == 0);
}
