// whitespirit --link.protocol: a wrong value stops the program naming the key; packet
// makes every register speak the alternative low level (seen on the wire of a register
// the test hosts itself), and the embedded default prints a receipt over it.

#include <poll.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <httplib.h>
#include <simdjson.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "emulator/emulator_farm.hpp"
#include "emulator/pty_port.hpp"
#include "protocol/common/bytes.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/temp_dir.hpp"

using namespace std::chrono_literals;
using std::chrono::milliseconds;
using ws::test::child_process;
using ws::test::temp_dir;

namespace {

/// whitespirit through sh, its standard error joined to the output the test reads.
std::unique_ptr<child_process> start_whitespirit(const std::vector<std::string>& args) {
  std::vector<std::string> all{"-c", "exec \"$0\" \"$@\" 2>&1", WS_WHITESPIRIT_PATH};
  all.insert(all.end(), args.begin(), args.end());
  return std::make_unique<child_process>("/bin/sh", all);
}

std::optional<std::uint16_t> port_of(child_process& child, milliseconds limit) {
  const std::string prefix = "whitespirit: listening on http://127.0.0.1:";
  if (!child.wait_for_output(prefix, limit)) return std::nullopt;
  const auto at = child.output().find(prefix) + prefix.size();
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (child.output().find('\n', at) == std::string::npos) {
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    child.wait_for_output("\x01never printed\x01", 50ms);
  }
  return static_cast<std::uint16_t>(std::stoul(child.output().substr(at, child.output().find('\n', at) - at)));
}

/// The receipt of the README's "API with curl" section.
std::string readme_receipt_body() {
  const auto readme = std::filesystem::path(__FILE__).parent_path().parent_path().parent_path() / "README.md";
  std::ifstream in(readme);
  std::stringstream text;
  text << in.rdbuf();
  const std::string all = text.str();
  const std::string begin = "cat > receipt.json <<'JSON'\n";
  const auto from = all.find(begin);
  if (from == std::string::npos) return {};
  const auto body = from + begin.size();
  const auto end = all.find("\nJSON\n", body);
  return end == std::string::npos ? std::string{} : all.substr(body, end - body + 1);
}

}  // namespace

TEST_CASE("whitespirit exits 2 on a wrong link.protocol", "[program][packet]") {
  auto child = start_whitespirit({"--link.protocol=fast"});
  CHECK(child->wait_exit(20000ms) == 2);
  child->wait_for_output("\x01never printed\x01", 200ms);
  CHECK(child->output().find("whitespirit: link.protocol: \"fast\" is neither standard nor packet\n") !=
        std::string::npos);
  CHECK(child->output().find("listening") == std::string::npos);
}

TEST_CASE("whitespirit --link.protocol=packet speaks packets to a configured register", "[program][packet]") {
  auto pty = ws::emulator::open_raw_pty();
  auto child = start_whitespirit({"--registers=[{port=\"" + pty.slave_path + "\"}]", "--link.protocol=packet",
                                  "--http.port=0"});
  // Its first bytes: the ping (type I packet) STX 8Fh, LEN16 0000h, CRC16 1D0Fh (LSB first).
  ws::bytes got;
  const auto deadline = std::chrono::steady_clock::now() + 20s;
  while (got.size() < 5 && std::chrono::steady_clock::now() < deadline) {
    pollfd p{pty.master.get(), POLLIN, 0};
    if (::poll(&p, 1, 50) <= 0) continue;
    ws::byte_t buffer[64];
    const auto n = ::read(pty.master.get(), buffer, sizeof buffer);
    if (n > 0) got.insert(got.end(), buffer, buffer + n);
  }
  INFO(child->output());
  REQUIRE(got.size() >= 5);
  CHECK(ws::bytes(got.begin(), got.begin() + 5) == ws::bytes{0x8F, 0x00, 0x00, 0x0F, 0x1D});
  CHECK(child->terminate(15000ms) == 0);
}

TEST_CASE("the embedded default prints a receipt over the packet level", "[program][packet]") {
  const std::string receipt = readme_receipt_body();
  REQUIRE(receipt.find("\"firm_inn\": \"7720000014\"") != std::string::npos);
  temp_dir dir;
  const auto state = dir.path() / "var";
  {
    auto child = start_whitespirit(
        {"--embedded.dir=" + state.string(), "--embedded.devices=1", "--link.protocol=packet", "--http.port=0"});
    const auto port = port_of(*child, 90000ms);
    INFO(child->output());
    REQUIRE(port);
    CHECK(child->output().find("(1 registered now, 0 already registered)") != std::string::npos);
    httplib::Client client("127.0.0.1", *port);
    client.set_connection_timeout(5s);
    client.set_read_timeout(60s);
    const auto answer = client.Post("/v1/receipts?wait4free=10", receipt, "application/json");
    REQUIRE(answer);
    INFO(answer->body);
    REQUIRE(answer->status == 200);
    simdjson::dom::parser parser;
    const simdjson::dom::element doc = parser.parse(answer->body);
    // FD 1 the registration, FD 2 the shift the receipt opened, FD 3 the receipt.
    CHECK(std::uint64_t(doc["id"]) == 3);
    CHECK(std::string_view(doc["receipt_calculated_content"]["total"]) == "200.00");
    CHECK(child->terminate(15000ms) == 0);
  }
  // Exactly the three documents: nothing printed twice.
  ws::emulator::farm_options options;
  options.dir = state;
  options.count = 1;
  ws::emulator::emulator_farm farm(options);
  CHECK(farm.device(0).info().last_document_number == 3);
  farm.stop();
}
