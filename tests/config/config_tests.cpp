// The whitespirit configuration: INI with the registers list, command-line overrides, and
// validation errors that name their key.

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "protocol/ffd/inn.hpp"
#include "config/whitespirit_config.hpp"
#include "tests/support/temp_dir.hpp"

using namespace ws::config;
using namespace std::chrono_literals;

namespace {

const char* const farm_ini = R"ini(
registers=[{serial="0000000000000007", port="/dev/ttyUSB0", baud=57600, groups=["A", "B"]},
           {port="tcp://192.168.0.7:7778"}]

[http]
host="0.0.0.0"
port=9090
threads=16
read-timeout=5s

[secrets]
mysecret="s3cret"
api-token="t0ken"

[broker]
max-waiting=50

[link]
byte-timeout=20ms
max-retries=3

[register]
poll-interval=2s
health-interval=90s
)ini";

load_result load_text(const std::vector<std::string>& args, const std::string& ini) {
  whitespirit_config config;
  return config.load(args, ini);
}

/// The errors' texts, for exact comparison.
std::vector<std::string> texts(const load_result& result) {
  std::vector<std::string> out;
  for (const auto& e : result.errors) out.push_back(e.text());
  return out;
}

}  // namespace

TEST_CASE("no file and no arguments give the defaults and the embedded default", "[config]") {
  const auto r = load_text({}, "");
  REQUIRE(r.outcome == load_outcome::run);
  CHECK(r.errors.empty());
  CHECK(r.settings.embedded_default());
  CHECK(r.settings.http.host == "127.0.0.1");
  CHECK(r.settings.http.port == 8080);
  CHECK(r.settings.http.threads == 64);
  CHECK(r.settings.http.max_body_bytes == 1048576);
  CHECK(r.settings.http.job_timeout == 30s);
  CHECK(r.settings.secrets.mysecret.empty());
  CHECK_FALSE(r.settings.secrets.api_token.has_value());
  CHECK(r.settings.broker.max_waiting == 1000);
  CHECK(r.settings.link.byte_timeout == 50ms);
  CHECK(r.settings.register_timing.poll_interval == 5s);
  CHECK(r.settings.register_timing.health_interval == 60s);
  CHECK(r.settings.embedded.dir == "var/whitespirit");
  CHECK(r.settings.embedded.devices == 4);
  CHECK(r.settings.embedded.byte_timeout == 5ms);
  CHECK(r.settings.embedded.firm_inn == "7720000014");
  CHECK(r.settings.embedded.tax_modes == std::vector<std::string>{"OSN", "USN_income"});
}

TEST_CASE("an INI file sets the registers list and every section", "[config]") {
  const auto r = load_text({}, farm_ini);
  INFO(r.errors_text());
  REQUIRE(r.outcome == load_outcome::run);
  REQUIRE(r.settings.registers.size() == 2);
  const auto& first = r.settings.registers[0];
  CHECK(first.serial == "0000000000000007");
  CHECK(first.port == "/dev/ttyUSB0");
  CHECK(first.baud == 57600);
  CHECK(first.groups == std::vector<std::string>{"A", "B"});
  const auto& second = r.settings.registers[1];
  CHECK(second.serial.empty());
  CHECK(second.port == "tcp://192.168.0.7:7778");
  CHECK(second.baud == 115200);
  CHECK(second.groups.empty());
  CHECK_FALSE(r.settings.embedded_default());
  CHECK(r.settings.http.host == "0.0.0.0");
  CHECK(r.settings.http.port == 9090);
  CHECK(r.settings.http.threads == 16);
  CHECK(r.settings.http.read_timeout == 5s);
  CHECK(r.settings.http.write_timeout == 10s);
  CHECK(r.settings.secrets.mysecret == "s3cret");
  CHECK(r.settings.secrets.api_token == std::optional<std::string>("t0ken"));
  CHECK(r.settings.broker.max_waiting == 50);
  CHECK(r.settings.link.byte_timeout == 20ms);
  CHECK(r.settings.link.max_retries == 3);
  CHECK(r.settings.register_timing.poll_interval == 2s);
  CHECK(r.settings.register_timing.health_interval == 90s);
}

TEST_CASE("the command line overrides the INI file", "[config]") {
  const auto r = load_text({"--http.port=7000", "--link.byte-timeout=30ms", "--secrets.mysecret=other",
                            "--registers=[{port=\"/dev/ttyS1\", groups=[\"C\"]}]", "--embedded.devices=2"},
                           farm_ini);
  INFO(r.errors_text());
  REQUIRE(r.outcome == load_outcome::run);
  CHECK(r.settings.http.port == 7000);
  CHECK(r.settings.http.threads == 16);  // from the file, untouched
  CHECK(r.settings.link.byte_timeout == 30ms);
  CHECK(r.settings.secrets.mysecret == "other");
  REQUIRE(r.settings.registers.size() == 1);
  CHECK(r.settings.registers[0].port == "/dev/ttyS1");
  CHECK(r.settings.registers[0].groups == std::vector<std::string>{"C"});
  CHECK(r.settings.embedded.devices == 2);
}

TEST_CASE("the scheduler is CAF's work-sharing one with one worker unless the file or the command line choose", "[config]") {
  whitespirit_config by_default;
  REQUIRE(by_default.load({}, "").outcome == load_outcome::run);
  CHECK(caf::get_or(by_default, "scheduler.policy", caf::atom("")) == caf::atom("sharing"));
  CHECK(caf::get_or(by_default, "scheduler.max-threads", std::size_t{0}) == 1u);
  whitespirit_config more_workers;
  REQUIRE(more_workers.load({"--scheduler.max-threads=4"}, "").outcome == load_outcome::run);
  CHECK(caf::get_or(more_workers, "scheduler.max-threads", std::size_t{0}) == 4u);
  whitespirit_config from_line;
  REQUIRE(from_line.load({"--scheduler.policy=stealing"}, "").outcome == load_outcome::run);
  CHECK(caf::get_or(from_line, "scheduler.policy", caf::atom("")) == caf::atom("stealing"));
  whitespirit_config from_file;
  REQUIRE(from_file.load({}, "[scheduler]\npolicy='stealing'\n").outcome == load_outcome::run);
  CHECK(caf::get_or(from_file, "scheduler.policy", caf::atom("")) == caf::atom("stealing"));
}

TEST_CASE("CAF's own keys are there too and a switch takes no value", "[config]") {
  whitespirit_config config;
  const auto on = config.load({"--scheduler.max-threads=3", "--scheduler.enable-profiling"}, "");
  REQUIRE(on.outcome == load_outcome::run);
  CHECK(caf::get_or(config, "scheduler.max-threads", std::size_t{0}) == 3);
  CHECK(caf::get_or(config, "scheduler.enable-profiling", false));
  const auto with_value = load_text({"--scheduler.enable-profiling=false"}, "");
  CHECK(with_value.outcome == load_outcome::invalid);
  CHECK(texts(with_value) == std::vector<std::string>{"scheduler.enable-profiling: a switch: write "
                                                      "--scheduler.enable-profiling to turn it on, with no value"});
}

TEST_CASE("the example files are valid", "[config]") {
  const auto examples = std::filesystem::path(__FILE__).parent_path().parent_path().parent_path() / "config" / "examples";
  whitespirit_config farm;
  const auto farm_result = farm.load({"--config-file=" + (examples / "farm.ini").string()});
  INFO(farm_result.errors_text());
  REQUIRE(farm_result.outcome == load_outcome::run);
  REQUIRE(farm_result.settings.registers.size() == 3);
  CHECK(farm_result.settings.registers[1].groups == std::vector<std::string>{"online", "night"});
  CHECK(farm_result.settings.registers[2].port == "tcp://192.168.10.21:7778");
  CHECK(farm_result.settings.http.host == "0.0.0.0");
  CHECK(farm_result.settings.secrets.mysecret == "change-me");
  CHECK_FALSE(farm_result.settings.secrets.api_token.has_value());
  whitespirit_config embedded;
  const auto embedded_result = embedded.load({"--config-file=" + (examples / "embedded.ini").string()});
  INFO(embedded_result.errors_text());
  REQUIRE(embedded_result.outcome == load_outcome::run);
  CHECK(embedded_result.settings.embedded_default());
  CHECK(embedded_result.settings.embedded.firm_name == "ООО \"Белый спирт\"");
  CHECK(embedded_result.settings.secrets.mysecret == "demo-secret");
}

TEST_CASE("a register without a port is named by its index", "[config]") {
  const auto r = load_text({}, R"(registers=[{port="/dev/ttyS0"}, {port="/dev/ttyS1"}, {serial="12", baud=9600}])");
  CHECK(r.outcome == load_outcome::invalid);
  CHECK(texts(r) == std::vector<std::string>{"registers[2].port: missing"});
}

TEST_CASE("each wrong register field is named", "[config]") {
  const auto r = load_text({}, R"(registers=[{port="/dev/a", baud=1234}, {port=5}, "x",
      {port="/dev/b", serial="12a", groups=["G", 3], prot="/dev/c"}, {port="/dev/a"}])");
  CHECK(r.outcome == load_outcome::invalid);
  CHECK(texts(r) == std::vector<std::string>{
                        "registers[0].baud: 1234 is not a baud rate of the register (2400 ... 115200)",
                        "registers[1].port: expected a string, got 5",
                        "registers[2]: expected a dictionary like {port=\"/dev/ttyUSB0\"}, got \"x\"",
                        "registers[3].groups[1]: expected a string, got 3",
                        "registers[3].prot: unknown key (a register has serial, port, baud, groups)",
                        "registers[3].serial: \"12a\" is not a serial number (1 to 16 digits)",
                        "registers[4].port: /dev/a is registers[0]'s port too",
                    });
}

TEST_CASE("a value out of range names its key", "[config]") {
  const auto from_file = load_text({}, "[http]\nport=70000\n");
  CHECK(from_file.outcome == load_outcome::invalid);
  CHECK(texts(from_file) == std::vector<std::string>{"http.port: 70000 out of range (0 to 65535)"});
  const auto from_cli = load_text({"--http.threads=0", "--link.byte-timeout=2s", "--http.read-timeout=1500ms"}, "");
  CHECK(texts(from_cli) == std::vector<std::string>{
                               "http.threads: 0 out of range (1 to 1024)",
                               "http.read-timeout: 1500ms is not a whole number of seconds",
                               "link.byte-timeout: 2s out of range (1ms to 1s)",
                           });
}

TEST_CASE("unknown keys and wrong types in the file are named", "[config]") {
  const auto r = load_text({}, "[http]\nprot=8080\nport=\"abc\"\n[nosuch]\nx=1\n");
  CHECK(r.outcome == load_outcome::invalid);
  CHECK(texts(r) == std::vector<std::string>{
                        "http.port: expected int64, got \"abc\"",
                        "http.prot: unknown key",
                        "nosuch.x: unknown key",
                    });
  const auto top = load_text({}, "registers=5\n");
  CHECK(texts(top) == std::vector<std::string>{"registers: expected list of dictionaries, got 5"});
}

TEST_CASE("unknown keys and unreadable values on the command line are named", "[config]") {
  CHECK(texts(load_text({"--http.prot=1"}, "")) ==
        std::vector<std::string>{"http.prot: unknown key (--http.prot=1)"});
  CHECK(texts(load_text({"--http.port=abc"}, "")) ==
        std::vector<std::string>{"http.port: cannot read \"abc\" as int64 (unexpected character)"});
  CHECK(texts(load_text({"--registers=7"}, "")) ==
        std::vector<std::string>{"registers: cannot read \"7\" as list of dictionaries (type mismatch)"});
  CHECK(texts(load_text({"extra"}, "")) ==
        std::vector<std::string>{"extra: unexpected argument (options are --key=value)"});
}

TEST_CASE("the embedded firm is checked", "[config]") {
  const auto r = load_text({"--embedded.firm-inn=7720000015", "--embedded.tax-modes=[OSN, osn, OSN]",
                            "--embedded.devices=0"},
                           "");
  CHECK(texts(r) == std::vector<std::string>{
                        "embedded.devices: 0 out of range (1 to 1000)",
                        "embedded.firm-inn: \"7720000015\" is not an INN (10 or 12 digits with valid check digits)",
                        "embedded.tax-modes[1]: \"osn\" is not a taxation system (OSN, USN_income, "
                        "USN_income_minus_charge, ESN_calc_income, ESN_agriculture, patent)",
                        "embedded.tax-modes[2]: \"OSN\" given twice",
                    });
}

TEST_CASE("the config file is read from --config-file", "[config]") {
  ws::test::temp_dir dir;
  const auto path = (dir.path() / "farm.ini").string();
  std::ofstream(path) << farm_ini;
  whitespirit_config config;
  const auto r = config.load({"--config-file=" + path, "--http.port=7001"});
  INFO(r.errors_text());
  REQUIRE(r.outcome == load_outcome::run);
  CHECK(r.settings.registers.size() == 2);
  CHECK(r.settings.http.port == 7001);
  CHECK(r.settings.http.threads == 16);

  whitespirit_config missing;
  const auto none = missing.load({"--config-file", (dir.path() / "nope.ini").string()});
  CHECK(none.outcome == load_outcome::invalid);
  CHECK(texts(none) == std::vector<std::string>{"config-file: cannot open " + (dir.path() / "nope.ini").string()});
}

TEST_CASE("a syntax error in the file names the line", "[config]") {
  const auto r = load_text({}, "[http]\nport=\n");
  CHECK(r.outcome == load_outcome::invalid);
  CHECK(texts(r) == std::vector<std::string>{"config-file: line 3, column 1: unexpected newline"});
}

TEST_CASE("help is printed and asks for a clean exit", "[config]") {
  const auto r = load_text({"--help"}, "");
  CHECK(r.outcome == load_outcome::done);
  CHECK(r.errors.empty());
}

TEST_CASE("INN check digits", "[config]") {
  CHECK(ws::ffd::inn_checksum_ok("7720000014"));
  CHECK(ws::ffd::inn_checksum_ok("7704211201"));
  CHECK(ws::ffd::inn_checksum_ok("500100732259"));
  CHECK_FALSE(ws::ffd::inn_checksum_ok("7720000015"));
  CHECK_FALSE(ws::ffd::inn_checksum_ok("500100732258"));
  CHECK_FALSE(ws::ffd::inn_checksum_ok("500100732249"));
  CHECK_FALSE(ws::ffd::inn_checksum_ok("772000001"));
  CHECK_FALSE(ws::ffd::inn_checksum_ok("772000001a"));
}

TEST_CASE("the shift policy is read and checked", "[config]") {
  const auto defaults = load_text({}, "");
  REQUIRE(defaults.outcome == load_outcome::run);
  CHECK(defaults.settings.shift.manage);
  CHECK(defaults.settings.shift.renew_margin == std::chrono::minutes(15));

  const auto off = load_text({"--shift.policy=off"}, "[shift]\nrenew-margin=30min\n");
  INFO(off.errors_text());
  REQUIRE(off.outcome == load_outcome::run);
  CHECK_FALSE(off.settings.shift.manage);
  CHECK(off.settings.shift.renew_margin == std::chrono::minutes(30));

  const auto wrong = load_text({}, "[shift]\npolicy=\"sometimes\"\nrenew-margin=90s\n");
  CHECK(wrong.outcome == load_outcome::invalid);
  CHECK(texts(wrong) == std::vector<std::string>{"shift.policy: \"sometimes\" is neither manage nor off",
                                                 "shift.renew-margin: not a whole number of minutes"});
}

TEST_CASE("the public URL of the receipt pages is an http or https URL without a trailing slash", "[config]") {
  const auto good = load_text({"--http.public-url=https://receipts.example.ru/"}, "");
  REQUIRE(good.outcome == load_outcome::run);
  CHECK(good.settings.http.public_url == "https://receipts.example.ru");
  const auto bad = load_text({"--http.public-url=receipts.example.ru"}, "");
  CHECK(bad.outcome == load_outcome::invalid);
  CHECK(texts(bad) == std::vector<std::string>{
                          "http.public-url: \"receipts.example.ru\" is not an http:// or https:// URL"});
}

TEST_CASE("the dumped configuration shows the secrets as REDACTED", "[config]") {
  whitespirit_config config;
  const auto loaded = config.load({"--secrets.mysecret=m1", "--secrets.api-token=t1", "--http.port=9090"}, "");
  REQUIRE(loaded.errors.empty());
  const caf::settings dumped = config.dump_content();
  CHECK(caf::get_or(dumped, "secrets.mysecret", std::string()) == "REDACTED");
  CHECK(caf::get_or(dumped, "secrets.api-token", std::string()) == "REDACTED");
  CHECK(caf::get_or(dumped, "http.port", std::int64_t{0}) == 9090);
  // An unset secret is not shown as REDACTED: that would claim one is set.
  whitespirit_config plain;
  REQUIRE(plain.load({}, "").errors.empty());
  CHECK(caf::get_or(plain.dump_content(), "secrets.mysecret", std::string()) != "REDACTED");
}
