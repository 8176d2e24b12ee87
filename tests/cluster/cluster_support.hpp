#pragma once
// Real `whitespirit` processes in a cluster on 127.0.0.1: a front and nodes with emulated
// registers, each a child that dies with the test (child_process kills it by pid when the
// test ends, passed or failed; PR_SET_PDEATHSIG when the test process itself dies).

#include <httplib.h>
#include <simdjson.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "emulator/emulator_farm.hpp"
#include "tests/program/whitespirit_child.hpp"
#include "tests/support/child_process.hpp"

namespace ws::test::cluster {

using namespace std::chrono_literals;
using std::chrono::milliseconds;
using steady = std::chrono::steady_clock;

inline const std::string firm_a = "7720000014";
inline const std::string firm_b = "7704211201";

/// The number after `prefix` in the child's output once the line is complete.
inline std::optional<std::uint16_t> port_after(child_process& child, const std::string& prefix, milliseconds limit) {
  if (!child.wait_for_output(prefix, limit)) return std::nullopt;
  const auto at = child.output().find(prefix) + prefix.size();
  std::size_t end = at;
  while (end < child.output().size() && std::isdigit(static_cast<unsigned char>(child.output()[end]))) ++end;
  if (end == at) return std::nullopt;
  return static_cast<std::uint16_t>(std::stoul(child.output().substr(at, end - at)));
}

struct front_process {
  std::unique_ptr<child_process> child;
  std::uint16_t cluster_port = 0;
  std::uint16_t http_port = 0;
};

/// A front on 127.0.0.1 (cluster port 0: any free one) hosting no registers.
inline front_process start_front(const std::filesystem::path& dir, std::uint16_t cluster_port = 0,
                                 const std::vector<std::string>& extra = {}) {
  std::vector<std::string> args{"--cluster.role=front",
                                "--cluster.listen=127.0.0.1:" + std::to_string(cluster_port),
                                "--http.port=0",
                                "--embedded.dir=" + dir.string()};
  bool tls = false;
  for (const auto& arg : extra) tls = tls || arg.rfind("--openssl", 0) == 0;
  if (!tls) args.push_back("--cluster.insecure");
  args.insert(args.end(), extra.begin(), extra.end());
  front_process front;
  front.child = start_whitespirit(args);
  const auto cluster = port_after(*front.child, "whitespirit: cluster listening on 127.0.0.1:", 30000ms);
  const auto http = listening_port(*front.child, 30000ms);
  if (cluster) front.cluster_port = *cluster;
  if (http) front.http_port = *http;
  return front;
}

struct node_spec {
  std::string name;
  std::filesystem::path dir;
  std::string firm_inn = firm_a;
  std::uint64_t serial_base = 1;
  int devices = 2;
  std::vector<std::string> extra;  ///< more arguments
};

/// A node joining every front of `front_ports` (on 127.0.0.1); waits until it says it
/// joined one (or `limit`).
inline std::unique_ptr<child_process> start_node(const node_spec& spec, const std::vector<std::uint16_t>& front_ports,
                                                 milliseconds limit = 60000ms) {
  std::string fronts;
  for (const auto port : front_ports)
    fronts += (fronts.empty() ? "\"127.0.0.1:" : ",\"127.0.0.1:") + std::to_string(port) + "\"";
  std::vector<std::string> args{"--cluster.role=node",
                                "--cluster.name=" + spec.name,
                                "--cluster.fronts=[" + fronts + "]",
                                "--embedded.dir=" + spec.dir.string(),
                                "--embedded.devices=" + std::to_string(spec.devices),
                                "--embedded.serial-base=" + std::to_string(spec.serial_base),
                                "--embedded.firm-inn=" + spec.firm_inn};
  bool tls = false;
  for (const auto& arg : spec.extra) tls = tls || arg.rfind("--openssl", 0) == 0;
  if (!tls) args.push_back("--cluster.insecure");
  args.insert(args.end(), spec.extra.begin(), spec.extra.end());
  auto child = start_whitespirit(args);
  child->wait_for_output("whitespirit: cluster: joined front", limit);
  return child;
}

/// A node joining the front on `front_port`.
inline std::unique_ptr<child_process> start_node(const node_spec& spec, std::uint16_t front_port,
                                                 milliseconds limit = 60000ms) {
  return start_node(spec, std::vector<std::uint16_t>{front_port}, limit);
}

/// The serial number emulated register k (1-based) of a node gets.
inline std::string serial_of(std::uint64_t serial_base, int k) {
  return emulator::emulator_farm::serial_number(serial_base, k);
}

/// The FN's last document number of each of a node's registers, read from its folder
/// (only while no process holds the folder).
inline std::vector<std::uint32_t> fn_last_documents(const std::filesystem::path& dir, int devices) {
  emulator::farm_options options;
  options.dir = dir;
  options.count = devices;
  emulator::emulator_farm farm(options);
  std::vector<std::uint32_t> out;
  for (std::size_t i = 0; i < farm.size(); ++i) out.push_back(farm.device(i).info().last_document_number);
  farm.stop();
  return out;
}

inline std::uint64_t sum(const std::vector<std::uint32_t>& xs) {
  std::uint64_t total = 0;
  for (auto x : xs) total += x;
  return total;
}

/// Where the tests reach a front's REST API: 127.0.0.1 unless the front runs elsewhere (a
/// network namespace).
inline const std::string loopback = "127.0.0.1";

inline httplib::Client client_of(std::uint16_t port, std::chrono::seconds read_timeout = 30s,
                                 const std::string& host = loopback) {
  httplib::Client client(host, port);
  client.set_connection_timeout(5s);
  client.set_read_timeout(read_timeout);
  return client;
}

/// One register as GET /v1/cashmachines?include_offline=1 lists it.
struct listed_register {
  std::string serial;
  std::string node;
  std::string availability;
  std::string refused;
  std::uint64_t last_document = 0;
};

/// The front's listing (nullopt when it does not answer 200).
inline std::optional<std::vector<listed_register>> listing(std::uint16_t http_port, const std::string& host = loopback) {
  auto client = client_of(http_port, 5s, host);
  const auto answer = client.Get("/v1/cashmachines?include_offline=1");
  if (!answer || answer->status != 200) return std::nullopt;
  simdjson::dom::parser parser;
  const simdjson::dom::element doc = parser.parse(answer->body);
  std::vector<listed_register> out;
  for (simdjson::dom::element entry : doc["cashmachines"].get_array()) {
    listed_register r;
    r.serial = std::string(std::string_view(entry["kkt_sn"]));
    r.node = std::string(std::string_view(entry["node"]));
    r.availability = std::string(std::string_view(entry["availability"]));
    std::string_view refused;
    if (!entry["refused"].get(refused)) r.refused = std::string(refused);
    std::uint64_t last = 0;
    if (!entry["fn"]["last_document_number"].get(last)) r.last_document = last;
    out.push_back(std::move(r));
  }
  return out;
}

/// Polls `holds` every 20 ms until it is true or `limit` passes; true if it held.
inline bool eventually(const std::function<bool()>& holds, milliseconds limit) {
  const auto deadline = steady::now() + limit;
  while (steady::now() < deadline) {
    if (holds()) return true;
    std::this_thread::sleep_for(20ms);
  }
  return holds();
}

/// True when the listing shows `count` registers of `node` ready or busy.
inline bool node_serving(std::uint16_t http_port, const std::string& node, std::size_t count,
                         const std::string& host = loopback) {
  const auto registers = listing(http_port, host);
  if (!registers) return false;
  std::size_t serving = 0;
  for (const auto& r : *registers)
    if (r.node == node && (r.availability == "ready" || r.availability == "busy") && r.refused.empty()) ++serving;
  return serving == count;
}

/// True when the listing holds no register of `node`.
inline bool node_absent(std::uint16_t http_port, const std::string& node, const std::string& host = loopback) {
  const auto registers = listing(http_port, host);
  if (!registers) return false;
  for (const auto& r : *registers)
    if (r.node == node) return false;
  return true;
}

/// /v1/cluster's `connected` of the node (nullopt: the front does not list it).
inline std::optional<bool> node_connected(std::uint16_t http_port, const std::string& node,
                                          const std::string& host = loopback) {
  auto client = client_of(http_port, 5s, host);
  const auto answer = client.Get("/v1/cluster");
  if (!answer || answer->status != 200) return std::nullopt;
  simdjson::dom::parser parser;
  const simdjson::dom::element doc = parser.parse(answer->body);
  for (simdjson::dom::element entry : doc["nodes"].get_array())
    if (std::string_view(entry["name"]) == node) return bool(entry["connected"]);
  return std::nullopt;
}

/// A one-row receipt for `inn` (total 200.00).
inline std::string receipt_for(const std::string& inn) {
  return R"({"receipt_content": {"firm_inn": ")" + inn + R"(", "receipt_type": "income", "taxation_type": "OSN",
    "agent_type": "none_agent", "client_email_or_phone": "buyer@example.ru", "firm_reply_email": "shop@example.ru",
    "firm_url": "https://shop.example.ru",
    "rows": [{"price": "100.00", "qty": "2", "tax_type": "nds_20", "payment_type_type": "full_payment_w_delivery",
              "text": "Milk"}],
    "payments": [{"amount": "200.00", "payment_type": "card"}]}})";
}

/// One answered request of a load.
struct answer_record {
  int status = 0;  ///< 0: no HTTP answer
  std::string body;
  steady::time_point sent{};
  steady::time_point answered{};
};

/// The `kkt.sn` of a receipt answer, or the `kkt_sn` of an error.
inline std::string register_of(const answer_record& answer) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (parser.parse(answer.body).get(doc)) return {};
  std::string_view sn;
  if (!doc["kkt"]["sn"].get(sn)) return std::string(sn);
  if (!doc["kkt_sn"].get(sn)) return std::string(sn);
  return {};
}

}  // namespace ws::test::cluster
