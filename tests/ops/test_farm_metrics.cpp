// The exposition of /metrics built from a farm listing made by hand: every family the
// README lists, the values and labels each register's status gives, and what promtool
// (Prometheus' own checker) says of the whole text.

#include <catch2/catch.hpp>

#include <sys/wait.h>

#include "http/ops/farm_metrics.hpp"
#include "protocol/shtrih/commands_fn_status.hpp"
#include "tests/ops/promtool_check.hpp"

using namespace ws;
using http::ops::document_outcome;
using http::ops::farm_metrics;
using http::ops::farm_snapshot;

namespace {

actors::register_view register_of(const std::string& port, const std::string& serial, actors::register_state state) {
  actors::register_view view;
  view.config.port = port;
  actors::register_status status;
  status.port = port;
  status.state = state;
  status.identity.serial_number = serial;
  status.identity.fn_phase = shtrih::fn_phase::configured | shtrih::fn_phase::fiscal_mode;
  status.identity.last_document_number = 42;
  view.status = status;
  view.snapshot = broker::register_snapshot{port, "7720000014", {}, broker::register_availability::ready, {}, 2};
  return view;
}

farm_snapshot sample_farm() {
  farm_snapshot farm;
  actors::farm_listing listing;
  listing.stats.waiting = 3;
  listing.stats.running = 1;
  listing.stats.routes.push_back(broker::route_snapshot{"7720000014", "_NOGROUP", 3, 1, 2, 1});
  auto ready = register_of("/dev/ttyUSB0", "0000000000000001", actors::register_state::ready);
  ready.status->identity.shift_open = true;
  ready.status->health.clock_offset_seconds = -4;
  // Opened an hour before "now" by the device's clock (which runs 4 s behind the host's).
  farm.taken_at = std::chrono::system_clock::now();
  ready.status->health.shift_opened_at = actors::host_wall_clock_seconds(farm.taken_at) - 4 - 3600;
  // Three documents wait for the OFD, the oldest made two hours ago; the FN expires in 400 days.
  ready.status->health.ofd_unsent_documents = 3;
  ready.status->health.ofd_oldest_unsent_at = actors::host_wall_clock_seconds(farm.taken_at) - 4 - 7200;
  ready.status->health.fn_expires_at = actors::host_wall_clock_seconds(farm.taken_at) - 4 + 400 * 86400;
  listing.registers.push_back(ready);
  auto offline = register_of("/dev/ttyUSB1", "0000000000000002", actors::register_state::offline);
  offline.status->identity.submode = 1;  // paper out
  offline.restarts = 3;
  offline.status->health.ofd_unsent_documents = 0;
  listing.registers.push_back(offline);
  actors::register_view never_seen;
  never_seen.config.port = "/dev/ttyUSB2";
  listing.registers.push_back(never_seen);
  farm.listing = listing;
  farm.journal_entries = std::map<journal::entry_state, std::size_t>{{journal::entry_state::printed, 7},
                                                                     {journal::entry_state::unknown, 1}};
  farm.connections = http::ops::connection_counters{120, 3, 2, 1};
  return farm;
}

bool has_line(const std::string& text, const std::string& line) {
  return text.find("\n" + line + "\n") != std::string::npos || text.rfind(line + "\n", 0) == 0;
}

}  // namespace

TEST_CASE("the exposition has the farm's gauges from the registers' statuses", "[ops][metrics]") {
  farm_metrics metrics("1.2.3");
  const auto sample = sample_farm();
  const auto text = metrics.exposition(sample);
  INFO(text);
  CHECK(has_line(text, "whitespirit_broker_up 1"));
  CHECK(has_line(text, "whitespirit_build_info{version=\"1.2.3\"} 1"));
  CHECK(has_line(text, "whitespirit_registers{state=\"ready\"} 1"));
  CHECK(has_line(text, "whitespirit_registers{state=\"offline\"} 2"));  // one offline, one never reported
  CHECK(has_line(text, "whitespirit_registers{state=\"busy\"} 0"));
  CHECK(has_line(text, "whitespirit_register_state{port=\"/dev/ttyUSB0\",serial=\"0000000000000001\",state=\"ready\"} 1"));
  CHECK(has_line(text, "whitespirit_register_state{port=\"/dev/ttyUSB2\",serial=\"\",state=\"offline\"} 1"));
  CHECK(has_line(text, "whitespirit_register_shift_open{port=\"/dev/ttyUSB0\",serial=\"0000000000000001\"} 1"));
  CHECK(has_line(text, "whitespirit_register_shift_age_seconds{port=\"/dev/ttyUSB0\",serial=\"0000000000000001\"} 3600"));
  CHECK(has_line(text, "whitespirit_register_clock_offset_seconds{port=\"/dev/ttyUSB0\",serial=\"0000000000000001\"} -4"));
  CHECK(has_line(text, "whitespirit_register_paper_ok{port=\"/dev/ttyUSB1\",serial=\"0000000000000002\"} 0"));
  CHECK(has_line(text, "whitespirit_register_paper_ok{port=\"/dev/ttyUSB0\",serial=\"0000000000000001\"} 1"));
  CHECK(has_line(text, "whitespirit_register_fn_fiscal_mode{port=\"/dev/ttyUSB0\",serial=\"0000000000000001\"} 1"));
  CHECK(has_line(text, "whitespirit_register_last_document_number{port=\"/dev/ttyUSB0\",serial=\"0000000000000001\"} 42"));
  CHECK(has_line(text, "whitespirit_register_restarts_total{port=\"/dev/ttyUSB1\",serial=\"0000000000000002\"} 3"));
  CHECK(has_line(text, "whitespirit_register_jobs_waiting{port=\"/dev/ttyUSB0\",serial=\"0000000000000001\"} 2"));
  CHECK(has_line(text, "whitespirit_jobs_waiting{group=\"_NOGROUP\",inn=\"7720000014\"} 3"));
  CHECK(has_line(text, "whitespirit_jobs_running{group=\"_NOGROUP\",inn=\"7720000014\"} 1"));
  CHECK(has_line(text, "whitespirit_route_registers_ready{group=\"_NOGROUP\",inn=\"7720000014\"} 1"));
  CHECK(has_line(text, "whitespirit_broker_jobs_waiting 3"));
  CHECK(has_line(text, "whitespirit_journal_entries{state=\"printed\"} 7"));
  CHECK(has_line(text, "whitespirit_journal_entries{state=\"failed\"} 0"));
  CHECK(has_line(text, "whitespirit_http_connections 120"));
  CHECK(has_line(text, "whitespirit_http_connections_refused_total{reason=\"cap\"} 3"));
  CHECK(has_line(text, "whitespirit_http_connections_refused_total{reason=\"timeout\"} 2"));
  CHECK(has_line(text, "whitespirit_http_connections_refused_total{reason=\"head_too_large\"} 1"));
  // A register whose shift opening nobody learnt has no age (not a made-up zero).
  CHECK(text.find("whitespirit_register_shift_age_seconds{port=\"/dev/ttyUSB1\"") == std::string::npos);
  CHECK(has_line(text, "whitespirit_register_ofd_unsent_documents{port=\"/dev/ttyUSB0\",serial=\"0000000000000001\"} 3"));
  CHECK(has_line(text, "whitespirit_register_ofd_oldest_unsent_age_seconds{port=\"/dev/ttyUSB0\",serial=\"0000000000000001\"} 7200"));
  const auto expires = std::chrono::system_clock::to_time_t(sample.taken_at) + 400 * 86400;
  CHECK(has_line(text, "whitespirit_register_fn_expires_timestamp_seconds{port=\"/dev/ttyUSB0\",serial=\"0000000000000001\"} " +
                           std::to_string(expires)));
  // Nothing unsent: a count of 0 and no age; an expiry never read: no series.
  CHECK(has_line(text, "whitespirit_register_ofd_unsent_documents{port=\"/dev/ttyUSB1\",serial=\"0000000000000002\"} 0"));
  CHECK(text.find("whitespirit_register_ofd_oldest_unsent_age_seconds{port=\"/dev/ttyUSB1\"") == std::string::npos);
  CHECK(text.find("whitespirit_register_fn_expires_timestamp_seconds{port=\"/dev/ttyUSB1\"") == std::string::npos);
  // Not a cluster front: no node gauges.
  CHECK(text.find("whitespirit_cluster_nodes") == std::string::npos);
}

TEST_CASE("the exposition counts requests, documents with their latency, operations and overloads",
          "[ops][metrics]") {
  farm_metrics metrics("1.2.3");
  metrics.count_http_request("POST", "/v1/receipts", 200);
  metrics.count_http_request("POST", "/v1/receipts", 200);
  metrics.count_http_request("GET", "/v1/cashmachines/{kkt_sn}/status", 404);
  metrics.count_document("receipt", document_outcome::printed, 0.3);
  metrics.count_document("receipt", document_outcome::unknown, 31);
  metrics.count_operation("open_shift", "ok");
  metrics.count_broker_overload();
  farm_snapshot broker_silent;  // the broker did not answer: counters only, and broker_up 0
  const auto text = metrics.exposition(broker_silent);
  INFO(text);
  CHECK(has_line(text, "whitespirit_http_requests_total{method=\"POST\",route=\"/v1/receipts\",status=\"200\"} 2"));
  CHECK(has_line(text, "whitespirit_http_requests_total{method=\"GET\",route=\"/v1/cashmachines/{kkt_sn}/status\",status=\"404\"} 1"));
  CHECK(has_line(text, "whitespirit_documents_total{kind=\"receipt\",outcome=\"printed\"} 1"));
  CHECK(has_line(text, "whitespirit_documents_total{kind=\"receipt\",outcome=\"unknown\"} 1"));
  CHECK(has_line(text, "whitespirit_document_duration_seconds_bucket{kind=\"receipt\",le=\"0.5\"} 1"));
  CHECK(has_line(text, "whitespirit_document_duration_seconds_bucket{kind=\"receipt\",le=\"30\"} 1"));
  CHECK(has_line(text, "whitespirit_document_duration_seconds_bucket{kind=\"receipt\",le=\"60\"} 2"));
  CHECK(has_line(text, "whitespirit_document_duration_seconds_count{kind=\"receipt\"} 2"));
  CHECK(has_line(text, "whitespirit_operations_total{operation=\"open_shift\",outcome=\"ok\"} 1"));
  CHECK(has_line(text, "whitespirit_broker_overloaded_total 1"));
  CHECK(has_line(text, "whitespirit_broker_up 0"));
  CHECK(text.find("whitespirit_registers{") == std::string::npos);
}

TEST_CASE("a cluster front's exposition has its nodes by state and each node's registers", "[ops][metrics][cluster]") {
  auto farm = sample_farm();
  farm.listing->registers[0].node = "node-a";
  farm.listing->registers[1].node = "node-a";
  actors::cluster::node_view a;
  a.name = "node-a";
  a.connected = true;
  actors::cluster::node_view b;
  b.name = "node-b";  // lost: its registers left the farm
  farm.cluster_nodes = std::vector<actors::cluster::node_view>{a, b};
  const auto text = farm_metrics("1.2.3").exposition(farm);
  INFO(text);
  CHECK(has_line(text, "whitespirit_cluster_nodes{state=\"connected\"} 1"));
  CHECK(has_line(text, "whitespirit_cluster_nodes{state=\"lost\"} 1"));
  CHECK(has_line(text, "whitespirit_cluster_node_connected{node=\"node-a\"} 1"));
  CHECK(has_line(text, "whitespirit_cluster_node_connected{node=\"node-b\"} 0"));
  CHECK(has_line(text, "whitespirit_cluster_node_registers{node=\"node-a\"} 2"));
  CHECK(has_line(text, "whitespirit_cluster_node_registers{node=\"node-b\"} 0"));

  farm.listing.reset();  // the broker did not answer: the nodes still show, their registers not
  const auto silent = farm_metrics("1.2.3").exposition(farm);
  CHECK(has_line(silent, "whitespirit_cluster_nodes{state=\"lost\"} 1"));
  CHECK(silent.find("whitespirit_cluster_node_registers") == std::string::npos);
}

TEST_CASE("promtool accepts the exposition", "[ops][metrics][promtool]") {
  farm_metrics metrics("1.2.3");
  metrics.count_http_request("POST", "/v1/receipts", 200);
  metrics.count_document("receipt", document_outcome::printed, 0.3);
  metrics.count_operation("open_shift", "DeviceError");
  auto farm = sample_farm();
  actors::cluster::node_view node;
  node.name = "node-a";
  node.connected = true;
  farm.cluster_nodes = std::vector<actors::cluster::node_view>{node};
  const auto check = ws::test::promtool_check_metrics(metrics.exposition(farm));
  INFO(check.output);
  CHECK(check.exit_code == 0);
  CHECK(check.output.empty());  // lint findings are printed even when the text parses
}

TEST_CASE("promtool's check catches a broken exposition (the check itself works)", "[ops][metrics][promtool]") {
  const auto check = ws::test::promtool_check_metrics("# TYPE whitespirit_x counter\nwhitespirit_x{a=\"1\" 3\n");
  CHECK(check.exit_code != 0);
}
