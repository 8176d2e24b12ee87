// Running the farm in production, as an operator sees it: /metrics on the API address
// (behind the API token) and on the operations address (without it), accepted by
// promtool; a real Prometheus scraping the farm; the request log with its ids and
// without secrets; --version.

#include <catch2/catch.hpp>

#include <httplib.h>
#include <simdjson.h>

#include <chrono>
#include <fstream>
#include <optional>
#include <string>
#include <thread>

#include "tests/ops/promtool_check.hpp"
#include "tests/program/whitespirit_child.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/free_port.hpp"
#include "tests/support/temp_dir.hpp"

using namespace std::chrono_literals;
using ws::test::child_process;
using ws::test::listening_port;
using ws::test::readme_receipt;
using ws::test::start_whitespirit;
using ws::test::temp_dir;

namespace {

const std::string token = "ops-test-token";
const std::string secret = "s3cr3t-value";

/// The port of the `whitespirit: operations on http://127.0.0.1:PORT` line.
std::optional<std::uint16_t> operations_port(child_process& child) {
  const std::string prefix = "whitespirit: operations on http://127.0.0.1:";
  if (!child.wait_for_output(prefix, 5000ms)) return std::nullopt;
  child.wait_for_output("\x01never printed\x01", 100ms);
  const auto at = child.output().find(prefix) + prefix.size();
  const auto end = child.output().find('\n', at);
  if (end == std::string::npos) return std::nullopt;
  return static_cast<std::uint16_t>(std::stoul(child.output().substr(at, end - at)));
}

/// A farm of two emulated registers with an API token, a secret and an operations address.
struct running_farm {
  temp_dir dir;
  std::unique_ptr<child_process> child;
  std::uint16_t api_port = 0;
  std::uint16_t ops_port = 0;

  running_farm() {
    child = start_whitespirit({"--embedded.dir=" + (dir.path() / "var").string(), "--embedded.devices=2",
                               "--http.port=0", "--ops.listen=127.0.0.1:0", "--secrets.api-token=" + token,
                               "--secrets.mysecret=" + secret, "--register.poll-interval=200ms"});
    const auto api = listening_port(*child, 90000ms);
    const auto ops = operations_port(*child);
    INFO(child->output());
    REQUIRE(api);
    REQUIRE(ops);
    api_port = *api;
    ops_port = *ops;
  }

  httplib::Client api_client() const {
    httplib::Client client("127.0.0.1", api_port);
    client.set_read_timeout(30s);
    client.set_bearer_token_auth(token.c_str());
    return client;
  }

  /// Posts the README's receipt; its status.
  int post_receipt(const httplib::Headers& headers = {}) const {
    auto client = api_client();
    const auto answer = client.Post("/v1/receipts?wait4free=10", headers, readme_receipt(), "application/json");
    return answer ? answer->status : -1;
  }

  std::string scrape() const {
    httplib::Client client("127.0.0.1", ops_port);
    client.set_read_timeout(10s);
    const auto answer = client.Get("/metrics");
    return answer && answer->status == 200 ? answer->body : std::string{};
  }

  /// Reads the child's output until `text` appears in it (the log is written as requests end).
  bool logged(const std::string& text) const { return child->wait_for_output(text, 5000ms); }
};

bool has_line(const std::string& text, const std::string& line) { return text.find("\n" + line + "\n") != std::string::npos; }

/// The value of a Prometheus instant query that returns one sample; nullopt when it has none.
std::optional<double> prometheus_value(httplib::Client& prometheus, const std::string& query) {
  const auto answer = prometheus.Get("/api/v1/query", httplib::Params{{"query", query}}, httplib::Headers{});
  if (!answer || answer->status != 200) return std::nullopt;
  simdjson::dom::parser parser;
  simdjson::dom::array result;
  if (parser.parse(answer->body)["data"]["result"].get(result) || result.size() != 1) return std::nullopt;
  std::string_view value;
  if (result.at(0)["value"].at(1).get(value)) return std::nullopt;
  return std::stod(std::string(value));
}

}  // namespace

TEST_CASE("whitespirit --version prints its version", "[program][ops]") {
  auto child = start_whitespirit({"--version"});
  CHECK(child->wait_exit(10000ms) == 0);
  child->wait_for_output("\x01never printed\x01", 200ms);
  CHECK(child->output().rfind("whitespirit " WS_VERSION "\n", 0) == 0);
}

TEST_CASE("metrics: behind the token on the API address, open on the operations address, promtool accepts them",
          "[program][ops][metrics]") {
  running_farm farm;
  httplib::Client anonymous("127.0.0.1", farm.api_port);
  const auto refused = anonymous.Get("/metrics");
  REQUIRE(refused);
  CHECK(refused->status == 403);
  auto client = farm.api_client();
  const auto with_token = client.Get("/metrics");
  REQUIRE(with_token);
  CHECK(with_token->status == 200);
  CHECK(with_token->get_header_value("Content-Type").rfind("text/plain; version=0.0.4", 0) == 0);

  REQUIRE(farm.post_receipt() == 200);
  // The receipt opened a shift: once the register's status after it reached the broker
  // (it follows the answer), the shift's age is known; the idle poll has read the clock.
  std::string text = farm.scrape();
  for (const auto until = std::chrono::steady_clock::now() + 5s;
       text.find("whitespirit_register_shift_age_seconds{") == std::string::npos &&
       std::chrono::steady_clock::now() < until;
       text = farm.scrape())
    std::this_thread::sleep_for(50ms);
  INFO(text);
  REQUIRE(!text.empty());
  CHECK(has_line(text, "whitespirit_registers{state=\"ready\"} 2"));
  CHECK(has_line(text, "whitespirit_documents_total{kind=\"receipt\",outcome=\"printed\"} 1"));
  CHECK(has_line(text, "whitespirit_journal_entries{state=\"printed\"} 1"));
  CHECK(has_line(text, "whitespirit_http_requests_total{method=\"GET\",route=\"/metrics\",status=\"403\"} 1"));
  CHECK(has_line(text, "whitespirit_http_requests_total{method=\"POST\",route=\"/v1/receipts\",status=\"200\"} 1"));
  CHECK(has_line(text, "whitespirit_jobs_waiting{group=\"_NOGROUP\",inn=\"7720000014\"} 0"));
  CHECK(text.find("whitespirit_register_shift_age_seconds{") != std::string::npos);
  CHECK(text.find("whitespirit_register_clock_offset_seconds{") != std::string::npos);
  const auto check = ws::test::promtool_check_metrics(text);
  INFO(check.output);
  CHECK(check.exit_code == 0);
  CHECK(check.output.empty());
  CHECK(farm.child->terminate(15000ms) == 0);
}

TEST_CASE("one log line per request with its id (returned in X-Request-Id), register, document and key but no secrets",
          "[program][ops][log]") {
  running_farm farm;
  auto client = farm.api_client();
  const auto receipt = client.Post("/v1/receipts?wait4free=10",
                                   httplib::Headers{{"X-Request-Id", "ops-test-1"}, {"Idempotency-Key", "key-ops-1"}},
                                   readme_receipt(), "application/json");
  REQUIRE(receipt);
  REQUIRE(receipt->status == 200);
  CHECK(receipt->get_header_value("X-Request-Id") == "ops-test-1");
  simdjson::dom::parser parser;
  const simdjson::dom::element doc = parser.parse(receipt->body);
  const std::string serial{std::string_view(doc["kkt"]["sn"])};
  const auto document = std::uint64_t(doc["id"]);
  CHECK(farm.logged("id=ops-test-1 method=POST path=\"/v1/receipts?wait4free=10\" status=200"));
  INFO(farm.child->output());
  CHECK(farm.child->output().find("kkt_sn=" + serial + " document=" + std::to_string(document) +
                                  " idempotency_key=key-ops-1") != std::string::npos);

  // Without a usable id of the client's, the server makes one and returns it.
  const auto refused =
      client.Post(("/v1/cashmachines/" + serial + "/clear_device_data?mysecret=" + secret).c_str(), "", "application/json");
  REQUIRE(refused);
  CHECK(refused->status == 499);  // the receipt's shift is open: 27h refused (73h), after the secret was checked
  const auto id = refused->get_header_value("X-Request-Id");
  REQUIRE(id.size() == 16);
  CHECK(farm.logged("id=" + id + " method=POST path=\"/v1/cashmachines/" + serial +
                    "/clear_device_data?mysecret=REDACTED\" status=499"));
  CHECK(farm.child->output().find(secret) == std::string::npos);
  CHECK(farm.child->terminate(15000ms) == 0);
  // The registers' own changes are logged too: each came up.
  CHECK(farm.child->output().find("register_state port=") != std::string::npos);
}

TEST_CASE("a real Prometheus scrapes the farm: up is 1 and the receipt counter grows", "[program][ops][prometheus]") {
  running_farm farm;
  temp_dir prometheus_dir;
  const auto config = (prometheus_dir.path() / "prometheus.yml").string();
  std::ofstream(config) << "global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n"
                           "scrape_configs:\n  - job_name: whitespirit\n    static_configs:\n"
                           "      - targets: ['127.0.0.1:"
                        << farm.ops_port << "']\n";
  const auto prometheus_port = ws::test::free_port_range(1);
  child_process prometheus("/usr/bin/prometheus",
                           {"--config.file=" + config, "--storage.tsdb.path=" + (prometheus_dir.path() / "data").string(),
                            "--web.listen-address=127.0.0.1:" + std::to_string(prometheus_port), "--log.level=warn"});
  httplib::Client api("127.0.0.1", prometheus_port);
  api.set_read_timeout(5s);
  const auto wait_for = [&](const std::string& query, double at_least) {
    std::optional<double> value;
    for (const auto until = std::chrono::steady_clock::now() + 30s; std::chrono::steady_clock::now() < until;) {
      value = prometheus_value(api, query);
      if (value && *value >= at_least) return value;
      std::this_thread::sleep_for(200ms);
    }
    return value;
  };
  const auto up = wait_for("up{job=\"whitespirit\"}", 1);
  REQUIRE(up);
  CHECK(*up == 1);
  const std::string printed = "sum(whitespirit_documents_total{kind=\"receipt\",outcome=\"printed\"}) or vector(0)";
  const auto before = prometheus_value(api, printed);
  REQUIRE(before);
  REQUIRE(farm.post_receipt() == 200);
  REQUIRE(farm.post_receipt() == 200);
  const auto after = wait_for(printed, *before + 2);
  REQUIRE(after);
  CHECK(*after == *before + 2);
  const auto ready = wait_for("whitespirit_registers{state=\"ready\"}", 2);
  REQUIRE(ready);
  CHECK(*ready == 2);
  CHECK(farm.child->terminate(15000ms) == 0);
}
