// The cluster keys: roles, fronts, listen, name, TLS or cluster.insecure, and the
// emulated registers' first serial number.

#include <catch2/catch.hpp>

#include <fstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "config/whitespirit_config.hpp"
#include "tests/support/temp_dir.hpp"

using namespace ws::config;
using namespace std::chrono_literals;

namespace {

load_result load_args(const std::vector<std::string>& args, const std::string& ini = "") {
  whitespirit_config config;
  return config.load(args, ini);
}

std::vector<std::string> texts(const load_result& result) {
  std::vector<std::string> out;
  for (const auto& e : result.errors) out.push_back(e.text());
  return out;
}

std::string this_host() {
  char name[256] = {};
  gethostname(name, sizeof name - 1);
  return name;
}

}  // namespace

TEST_CASE("without cluster keys the program is standalone and named after the host", "[config][cluster]") {
  const auto r = load_args({});
  REQUIRE(r.outcome == load_outcome::run);
  CHECK(r.settings.cluster.role == cluster_role::standalone);
  CHECK(r.settings.cluster.fronts.empty());
  CHECK(r.settings.cluster.listen.text() == "127.0.0.1:7420");
  CHECK(r.settings.cluster.name == this_host());
  CHECK_FALSE(r.settings.cluster.insecure);
  CHECK(r.settings.cluster.heartbeat_interval == 250ms);
  CHECK(r.settings.cluster.heartbeat_timeout == 750ms);
  CHECK(r.settings.embedded.serial_base == 1);
}

TEST_CASE("a node on plain TCP reads its fronts and name and serial base", "[config][cluster]") {
  const auto r = load_args({}, R"ini(
[cluster]
role="node"
fronts=["127.0.0.1:7420", "front2.example:7421"]
name="node-a"
insecure=true
heartbeat-interval=100ms
heartbeat-timeout=400ms
[embedded]
serial-base=1001
)ini");
  INFO(r.errors_text());
  REQUIRE(r.outcome == load_outcome::run);
  const auto& c = r.settings.cluster;
  CHECK(c.role == cluster_role::node);
  REQUIRE(c.fronts.size() == 2);
  CHECK(c.fronts[0].host == "127.0.0.1");
  CHECK(c.fronts[0].port == 7420);
  CHECK(c.fronts[1].text() == "front2.example:7421");
  CHECK(c.name == "node-a");
  CHECK(c.insecure);
  CHECK(c.heartbeat_interval == 100ms);
  CHECK(c.heartbeat_timeout == 400ms);
  CHECK(r.settings.embedded.serial_base == 1001);
}

TEST_CASE("cluster keys that are wrong are named", "[config][cluster]") {
  const auto r = load_args({"--cluster.role=leader", "--cluster.fronts=[\"nohost\", \"h:99999\"]",
                            "--cluster.listen=:7", "--embedded.serial-base=0", "--cluster.insecure"});
  CHECK(r.outcome == load_outcome::invalid);
  CHECK(texts(r) == std::vector<std::string>{
                        "embedded.serial-base: 0 out of range (1 to 9000000000000000)",
                        "cluster.role: \"leader\" is none of standalone, front, node",
                        "cluster.fronts[0]: \"nohost\" is not host:port",
                        "cluster.fronts[1]: port 99999 out of range (1 to 65535)",
                        "cluster.listen: \":7\" is not host:port",
                    });
  const auto lonely = load_args({"--cluster.role=node", "--cluster.insecure"});
  CHECK(texts(lonely) ==
        std::vector<std::string>{"cluster.fronts: empty: a node needs at least one front (e.g. [\"127.0.0.1:7420\"])"});
}

TEST_CASE("a front or node needs CAF's openssl keys unless cluster.insecure", "[config][cluster]") {
  const auto r = load_args({"--cluster.role=front"});
  CHECK(r.outcome == load_outcome::invalid);
  REQUIRE(r.errors.size() == 3);
  CHECK(r.errors[0].key == "openssl.certificate");
  CHECK(r.errors[1].key == "openssl.key");
  CHECK(r.errors[2].key == "openssl.cafile");
  CHECK(r.errors[0].message.find("cluster.insecure") != std::string::npos);

  ws::test::temp_dir dir;
  for (const char* file : {"host.pem", "host.key", "ca.pem"}) std::ofstream(dir.path() / file) << "x\n";
  const auto tls = load_args({"--cluster.role=front", "--openssl.certificate=" + (dir.path() / "host.pem").string(),
                              "--openssl.key=" + (dir.path() / "host.key").string(),
                              "--openssl.cafile=" + (dir.path() / "ca.pem").string()});
  INFO(tls.errors_text());
  CHECK(tls.outcome == load_outcome::run);
  const auto missing_file = load_args({"--cluster.role=front", "--openssl.certificate=/nonexistent/host.pem",
                                       "--openssl.key=" + (dir.path() / "host.key").string(),
                                       "--openssl.cafile=" + (dir.path() / "ca.pem").string()});
  CHECK(texts(missing_file) == std::vector<std::string>{"openssl.certificate: cannot read /nonexistent/host.pem"});
}
