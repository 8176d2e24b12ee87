// Mutual TLS between a front and its nodes (CAF's openssl module, certificates made by
// scripts/cluster-certs.sh): the node with the cluster CA's certificate joins; a node
// with a certificate of another CA, a node on plain TCP and a TLS client without any
// certificate are refused, each named in the front's log, and their knocking never
// disturbs the node that joined.

#include <catch2/catch.hpp>

#include <cstdlib>

#include "tests/cluster/cluster_support.hpp"
#include "tests/support/temp_dir.hpp"

using namespace ws::test::cluster;
using ws::test::temp_dir;

namespace {

/// Runs scripts/cluster-certs.sh DIR HOSTS...; true on success.
bool make_certificates(const std::filesystem::path& dir, const std::string& hosts) {
  const std::string command = std::string("'") + WS_CLUSTER_CERTS_SCRIPT + "' '" + dir.string() + "' " + hosts +
                              " > /dev/null 2>&1";
  return std::system(command.c_str()) == 0;
}

std::vector<std::string> tls_options(const std::filesystem::path& dir, const std::string& host) {
  return {"--openssl.certificate=" + (dir / (host + ".pem")).string(), "--openssl.key=" + (dir / (host + ".key")).string(),
          "--openssl.cafile=" + (dir / "ca.pem").string()};
}

}  // namespace

TEST_CASE("cluster links use mutual TLS: only a certificate of the cluster CA joins", "[cluster][process][tls]") {
  temp_dir dir;
  const auto certs = dir.path() / "certs";
  const auto other = dir.path() / "other-ca";
  REQUIRE(make_certificates(certs, "front node-a"));
  REQUIRE(make_certificates(other, "intruder"));

  auto front = start_front(dir.path() / "front", 0, tls_options(certs, "front"));
  INFO(front.child->output());
  REQUIRE(front.http_port != 0);
  CHECK(front.child->output().find("(mutual TLS)") != std::string::npos);
  CHECK(front.child->output().find("plain TCP") == std::string::npos);

  node_spec good{"node-a", dir.path() / "a", firm_a, 1001, 1, tls_options(certs, "node-a")};
  auto node = start_node(good, front.cluster_port);
  INFO(node->output());
  REQUIRE(eventually([&] { return node_serving(front.http_port, "node-a", 1); }, 15000ms));

  node_spec foreign{"intruder", dir.path() / "i", firm_a, 3001, 1, tls_options(other, "intruder")};
  auto intruder = start_node(foreign, front.cluster_port, 8000ms);
  node_spec plain{"plain", dir.path() / "p", firm_a, 4001, 1, {}};
  auto plain_node = start_node(plain, front.cluster_port, 100ms);
  // A TLS client that shows no certificate.
  httplib::SSLClient anonymous("127.0.0.1", front.cluster_port);
  anonymous.enable_server_certificate_verification(false);
  anonymous.set_connection_timeout(2s);
  anonymous.set_read_timeout(2s);
  CHECK_FALSE(anonymous.Get("/"));

  plain_node->wait_for_output("whitespirit: cluster: front 127.0.0.1:", 8000ms);
  INFO(intruder->output() << plain_node->output());
  CHECK(intruder->output().find("joined front") == std::string::npos);
  CHECK(intruder->output().find("certificate verify failed") != std::string::npos);
  CHECK(plain_node->output().find("joined front") == std::string::npos);
  CHECK(plain_node->output().find("cannot connect") != std::string::npos);
  CHECK(front.child->wait_for_output("peer did not return a certificate", 3000ms));
  CHECK(front.child->output().find("refused: error:0A00010B:SSL routines::wrong version number") != std::string::npos);
  CHECK(node_connected(front.http_port, "intruder") == std::nullopt);
  CHECK(node_connected(front.http_port, "plain") == std::nullopt);

  // The good node was never dropped while the others knocked, and serves.
  CHECK(front.child->output().find("node node-a lost") == std::string::npos);
  CHECK(node_connected(front.http_port, "node-a") == std::optional<bool>(true));
  auto client = client_of(front.http_port);
  const auto receipt = client.Post("/v1/receipts?wait4free=10", receipt_for(firm_a), "application/json");
  REQUIRE(receipt);
  INFO(receipt->body);
  CHECK(receipt->status == 200);
  CHECK(register_of({receipt->status, receipt->body, {}, {}}) == serial_of(1001, 1));

  CHECK(intruder->terminate(20000ms) == 0);
  CHECK(plain_node->terminate(20000ms) == 0);
  CHECK(node->terminate(20000ms) == 0);
  CHECK(front.child->terminate(20000ms) == 0);
}
