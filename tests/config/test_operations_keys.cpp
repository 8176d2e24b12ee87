// The operations keys: ops.listen, log.format and log.level, http.tls (from the command
// line and from an [http.tls] section), embedded.enabled; and the installed example
// configuration, which lists no registers and so refuses to start.

#include <catch2/catch.hpp>

#include <filesystem>

#include "config/whitespirit_config.hpp"

using namespace ws::config;

namespace {

load_result load_text(const std::vector<std::string>& args, const std::string& ini) {
  whitespirit_config config;
  return config.load(args, ini);
}

}  // namespace

TEST_CASE("ops.listen, log and tls keys are read and checked", "[config][ops]") {
  const auto defaults = load_text({}, "");
  REQUIRE(defaults.outcome == load_outcome::run);
  CHECK_FALSE(defaults.settings.ops.host);
  CHECK(defaults.settings.log.format_ == log_settings::format::text);
  CHECK(defaults.settings.log.level_ == log_settings::level::info);
  CHECK_FALSE(defaults.settings.tls.enabled());

  const auto set = load_text({"--ops.listen=0.0.0.0:9100", "--log.format=json", "--log.level=warn"},
                             "[http.tls]\ncertificate=\"/etc/ws/cert.pem\"\nkey=\"/etc/ws/key.pem\"\n");
  INFO(set.errors_text());
  REQUIRE(set.outcome == load_outcome::run);
  CHECK(set.settings.ops.host == std::optional<std::string>{"0.0.0.0"});
  CHECK(set.settings.ops.port == 9100);
  CHECK(set.settings.log.format_ == log_settings::format::json);
  CHECK(set.settings.log.level_ == log_settings::level::warn);
  CHECK(set.settings.tls.certificate == "/etc/ws/cert.pem");
  CHECK(set.settings.tls.key == "/etc/ws/key.pem");

  const auto overridden = load_text({"--http.tls.key=/other.pem"}, "[http.tls]\ncertificate=\"/c.pem\"\nkey=\"/k.pem\"\n");
  REQUIRE(overridden.outcome == load_outcome::run);
  CHECK(overridden.settings.tls.key == "/other.pem");
  CHECK(overridden.settings.tls.certificate == "/c.pem");

  const auto wrong = load_text({"--ops.listen=9100", "--log.format=xml", "--log.level=loud", "--http.tls.certificate=/c.pem"}, "");
  CHECK(wrong.outcome == load_outcome::invalid);
  const auto text = wrong.errors_text();
  CHECK(text.find("ops.listen: \"9100\" is not host:port (e.g. 127.0.0.1:9100)") != std::string::npos);
  CHECK(text.find("log.format: \"xml\" is neither text nor json") != std::string::npos);
  CHECK(text.find("log.level: \"loud\" is not one of debug, info, warn, error") != std::string::npos);
  CHECK(text.find("http.tls.key: missing: http.tls.certificate and http.tls.key go together") != std::string::npos);
  CHECK(load_text({}, "[http.tls]\ncertficate=\"/c.pem\"\n").errors_text().find("http.tls.certficate: unknown key") !=
        std::string::npos);
}

TEST_CASE("with embedded.enabled=false and no registers there is nothing to run", "[config][ops]") {
  // A switch (CAF 0.17) is only turned on from the command line: off is said in the file.
  const auto none = load_text({}, "[embedded]\nenabled=false\n");
  CHECK(none.outcome == load_outcome::invalid);
  CHECK(none.errors_text().find("registers: none configured, and embedded.enabled is false") != std::string::npos);
  CHECK(load_text({"--registers=[{port=\"/dev/ttyUSB0\"}]"}, "[embedded]\nenabled=false\n").outcome == load_outcome::run);

  // The configuration installed under /etc/whitespirit is that case until registers are listed.
  const auto installed = std::filesystem::path(__FILE__).parent_path().parent_path().parent_path() / "packaging" /
                         "whitespirit.ini";
  whitespirit_config config;
  const auto example = config.load({"--config-file=" + installed.string()});
  CHECK(example.outcome == load_outcome::invalid);
  CHECK(example.errors.size() == 1);
  CHECK(example.errors_text().find("registers: none configured") != std::string::npos);
  whitespirit_config with_registers;
  const auto listed = with_registers.load({"--config-file=" + installed.string(), "--registers=[{port=\"/dev/ttyUSB0\"}]"});
  INFO(listed.errors_text());
  CHECK(listed.outcome == load_outcome::run);
  CHECK(listed.settings.journal.path == "/var/lib/whitespirit/journal.db");
}
