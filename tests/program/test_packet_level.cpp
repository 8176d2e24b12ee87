// whitespirit --link.protocol: a wrong value stops the program naming the key; packet
// makes every register speak the alternative low level (seen on the wire of a register
// the test hosts itself), and the embedded default prints a receipt over it.

#include <catch2/catch.hpp>

#include <httplib.h>
#include <simdjson.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "emulator/emulator_farm.hpp"
#include "emulator/pty_port.hpp"
#include "protocol/common/bytes.hpp"
#include "tests/program/whitespirit_child.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/pty_master.hpp"
#include "tests/support/temp_dir.hpp"

using namespace std::chrono_literals;
using std::chrono::milliseconds;
using ws::test::child_process;
using ws::test::listening_port;
using ws::test::readme_receipt;
using ws::test::start_whitespirit;
using ws::test::temp_dir;

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
  const ws::bytes got = ws::test::read_pty_master(pty, 5, 20s);
  INFO(child->output());
  REQUIRE(got.size() >= 5);
  CHECK(ws::bytes(got.begin(), got.begin() + 5) == ws::bytes{0x8F, 0x00, 0x00, 0x0F, 0x1D});
  CHECK(child->terminate(15000ms) == 0);
}

TEST_CASE("the embedded default prints a receipt over the packet level", "[program][packet]") {
  const std::string receipt = readme_receipt();
  REQUIRE(receipt.find("\"firm_inn\": \"7720000014\"") != std::string::npos);
  temp_dir dir;
  const auto state = dir.path() / "var";
  {
    auto child = start_whitespirit(
        {"--embedded.dir=" + state.string(), "--embedded.devices=1", "--link.protocol=packet", "--http.port=0"});
    const auto port = listening_port(*child, 90000ms);
    INFO(child->output());
    REQUIRE(port);
    CHECK(child->output().find("(1 registered now, 0 already registered)") != std::string::npos);
    // The emulated register answers either level: only the level its line chose shows
    // that --link.protocol reached the embedded default's links.
    CHECK(child->output().find("whitespirit: embedded default: kkt-0001 speaks the packet level\n") !=
          std::string::npos);
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
