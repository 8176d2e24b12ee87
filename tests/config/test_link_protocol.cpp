// link.protocol: which Shtrih-M low level the registers' lines speak.

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "config/whitespirit_config.hpp"

using namespace ws::config;
using ws::shtrih::low_level;

namespace {

std::vector<std::string> error_texts(const load_result& result) {
  std::vector<std::string> out;
  for (const auto& e : result.errors) out.push_back(e.text());
  return out;
}

}  // namespace

TEST_CASE("link.protocol defaults to the standard level", "[config][link-protocol]") {
  whitespirit_config config;
  const auto r = config.load({}, "");
  REQUIRE(r.outcome == load_outcome::run);
  CHECK(r.settings.link.protocol == low_level::standard);
}

TEST_CASE("link.protocol is read from the file and the command line", "[config][link-protocol]") {
  whitespirit_config from_file;
  const auto file = from_file.load({}, "[link]\nprotocol=\"packet\"\nbyte-timeout=20ms\n");
  INFO(file.errors_text());
  REQUIRE(file.outcome == load_outcome::run);
  CHECK(file.settings.link.protocol == low_level::packet);
  CHECK(file.settings.link.byte_timeout == std::chrono::milliseconds(20));

  whitespirit_config overridden;
  const auto cli = overridden.load({"--link.protocol=standard"}, "[link]\nprotocol=\"packet\"\n");
  INFO(cli.errors_text());
  REQUIRE(cli.outcome == load_outcome::run);
  CHECK(cli.settings.link.protocol == low_level::standard);

  whitespirit_config only_cli;
  const auto packet = only_cli.load({"--link.protocol=packet"}, "");
  REQUIRE(packet.outcome == load_outcome::run);
  CHECK(packet.settings.link.protocol == low_level::packet);
}

TEST_CASE("a wrong link.protocol is an error naming the key", "[config][link-protocol]") {
  whitespirit_config cli;
  const auto r = cli.load({"--link.protocol=Packet"}, "");
  CHECK(r.outcome == load_outcome::invalid);
  CHECK(error_texts(r) == std::vector<std::string>{"link.protocol: \"Packet\" is neither standard nor packet"});

  whitespirit_config file;
  const auto f = file.load({}, "[link]\nprotocol=\"alternative\"\nmax-retries=101\n");
  CHECK(f.outcome == load_outcome::invalid);
  CHECK(error_texts(f) == std::vector<std::string>{"link.protocol: \"alternative\" is neither standard nor packet",
                                                   "link.max-retries: 101 out of range (0 to 100)"});

  whitespirit_config typed;
  const auto t = typed.load({}, "[link]\nprotocol=2\n");
  CHECK(t.outcome == load_outcome::invalid);
  CHECK(error_texts(t) == std::vector<std::string>{"link.protocol: expected string, got 2"});
}
