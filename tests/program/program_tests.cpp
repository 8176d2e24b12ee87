// The whitespirit program as a child process: configuration errors, the embedded default
// serving the README's receipt over HTTP, a clean stop on SIGTERM, and a restart on the
// same folder that registers nothing again.

#include <catch2/catch.hpp>

#include <httplib.h>
#include <simdjson.h>

#include <chrono>
#include <filesystem>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "emulator/emulator_farm.hpp"
#include "tests/program/whitespirit_child.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/temp_dir.hpp"

using namespace std::chrono_literals;
using std::chrono::milliseconds;
using ws::test::child_process;
using ws::test::listening_port;
using ws::test::readme_receipt;
using ws::test::start_whitespirit;
using ws::test::temp_dir;

namespace {

constexpr int embedded_devices = 4;

/// The FD number of each emulated device's last document, read from the folder's state
/// (only while no program holds the folder).
std::vector<std::uint32_t> last_documents(const std::filesystem::path& dir) {
  ws::emulator::farm_options options;
  options.dir = dir;
  options.count = embedded_devices;
  ws::emulator::emulator_farm farm(options);
  std::vector<std::uint32_t> out;
  for (std::size_t i = 0; i < farm.size(); ++i) out.push_back(farm.device(i).info().last_document_number);
  farm.stop();
  return out;
}

/// Exit code of a run that should end by itself (configuration errors, --help).
int exit_code_of(const std::vector<std::string>& args, std::string& output) {
  auto child = start_whitespirit(args);
  const int code = child->wait_exit(20000ms);
  child->wait_for_output("\x01never printed\x01", 200ms);
  output = child->output();
  return code;
}

}  // namespace

TEST_CASE("whitespirit --help exits 0 and lists the registers key", "[program]") {
  std::string output;
  CHECK(exit_code_of({"--help"}, output) == 0);
  CHECK(output.find("--registers=<list of dictionaries>") != std::string::npos);
}

TEST_CASE("whitespirit exits 2 naming the key that is wrong", "[program]") {
  std::string output;
  CHECK(exit_code_of({"--http.prot=8080"}, output) == 2);
  CHECK(output.find("whitespirit: http.prot: unknown key (--http.prot=8080)\n") != std::string::npos);
  CHECK(output.find("listening") == std::string::npos);

  CHECK(exit_code_of({"--http.port=70000"}, output) == 2);
  CHECK(output.find("whitespirit: http.port: 70000 out of range (0 to 65535)\n") != std::string::npos);

  temp_dir dir;
  const auto ini = (dir.path() / "farm.ini").string();
  std::ofstream(ini) << "registers=[{port=\"/dev/ttyUSB0\"}, {serial=\"7\"}]\n[http]\nthreads=0\n";
  CHECK(exit_code_of({"--config-file=" + ini}, output) == 2);
  CHECK(output.find("whitespirit: registers[1].port: missing\n") != std::string::npos);
  CHECK(output.find("whitespirit: http.threads: 0 out of range (1 to 1024)\n") != std::string::npos);

  CHECK(exit_code_of({"--config-file=" + (dir.path() / "none.ini").string()}, output) == 2);
  CHECK(output.find("whitespirit: config-file: cannot open " + (dir.path() / "none.ini").string()) !=
        std::string::npos);
}

TEST_CASE("the embedded default prints the README receipt and restarts without registering again",
          "[program]") {
  const std::string receipt = readme_receipt();
  REQUIRE(receipt.find("\"firm_inn\": \"7720000014\"") != std::string::npos);
  temp_dir dir;
  const auto state = dir.path() / "var";
  const std::vector<std::string> args{"--embedded.dir=" + state.string(), "--http.port=0"};
  std::string printed_by;

  {
    auto child = start_whitespirit(args);
    const auto port = listening_port(*child, 90000ms);
    INFO(child->output());
    REQUIRE(port);
    CHECK(child->output().find("4 emulated registers") != std::string::npos);
    CHECK(child->output().find("(4 registered now, 0 already registered)") != std::string::npos);

    httplib::Client client("127.0.0.1", *port);
    client.set_connection_timeout(5s);
    client.set_read_timeout(60s);
    const auto ping = client.Get("/v1/ping?firm_inn=7720000014");
    REQUIRE(ping);
    CHECK(ping->status == 200);

    const auto answer = client.Post("/v1/receipts?wait4free=10", receipt, "application/json");
    REQUIRE(answer);
    INFO(answer->body);
    REQUIRE(answer->status == 200);
    simdjson::dom::parser parser;
    const simdjson::dom::element doc = parser.parse(answer->body);
    // FD 1 is the device's registration, FD 2 the shift the receipt opened, FD 3 the receipt.
    CHECK(std::uint64_t(doc["id"]) == 3);
    CHECK(std::uint64_t(doc["fp"]) > 0);
    CHECK(std::string_view(doc["firm"]["inn"]) == "7720000014");
    CHECK(std::string_view(doc["receipt_calculated_content"]["total"]) == "200.00");
    CHECK(std::string_view(doc["receipt_calculated_content"]["tax_totals"].at(0)["tax_amount"]) == "33.33");
    printed_by = std::string(std::string_view(doc["kkt"]["sn"]));

    // The registration report (FD 1) carries the demo firm's name and address (FF0Ch).
    const auto registration = client.Get(("/v1/cashmachines/" + printed_by + "/document/1?with_printform=1").c_str());
    REQUIRE(registration);
    INFO(registration->body);
    CHECK(registration->status == 200);
    // The print form reads as the paper report: the name and INN decoded from CP866.
    CHECK(registration->body.find("\"ОТЧЕТ О РЕГИСТРАЦИИ\"") != std::string::npos);
    CHECK(registration->body.find("\"ООО \\\"Белый спирт\\\"\"") != std::string::npos);
    CHECK(registration->body.find("\"ИНН: 7720000014\"") != std::string::npos);
    CHECK(registration->body.find("г. Москва") != std::string::npos);  // the address (1009)

    // A request waiting for a register of a group nobody serves: the stop answers it
    // after the drain grace (3 s) instead of letting it wait its minute.
    auto waiting = std::async(std::launch::async, [port = *port, &receipt] {
      httplib::Client late("127.0.0.1", port);
      late.set_read_timeout(60s);
      return late.Post("/v1/receipts?group=nosuch&wait4free=60", receipt, "application/json");
    });
    // Stop once the broker holds it (GET /v1/cashmachines counts the waiting jobs),
    // rather than after a sleep that may be too short on a loaded machine.
    bool queued = false;
    for (const auto until = std::chrono::steady_clock::now() + 10s; !queued && std::chrono::steady_clock::now() < until;) {
      const auto listing = client.Get("/v1/cashmachines");
      if (listing && listing->status == 200) {
        simdjson::dom::parser listing_parser;
        std::uint64_t waiting_jobs = 0;
        if (!listing_parser.parse(listing->body)["queues"]["waiting"].get(waiting_jobs) && waiting_jobs >= 1)
          queued = true;
      }
      if (!queued) std::this_thread::sleep_for(20ms);
    }
    REQUIRE(queued);
    const auto stopping = std::chrono::steady_clock::now();
    CHECK(child->terminate(15000ms) == 0);
    CHECK(std::chrono::steady_clock::now() - stopping < 8s);
    REQUIRE(waiting.wait_for(5s) == std::future_status::ready);
    const auto refused = waiting.get();
    REQUIRE(refused);
    CHECK(refused->status == 503);
    CHECK(refused->body.find("the server is stopping") != std::string::npos);
    child->wait_for_output("whitespirit: stopped", 500ms);
    CHECK(child->output().find("whitespirit: stopped") != std::string::npos);
  }

  // Every device registered once; the one that printed also has its shift and receipt.
  std::vector<std::uint32_t> expected;
  for (int k = 1; k <= embedded_devices; ++k)
    expected.push_back(ws::emulator::emulator_farm::serial_number(1, k) == printed_by ? 3 : 1);
  REQUIRE(std::count(expected.begin(), expected.end(), 3u) == 1);
  CHECK(last_documents(state) == expected);

  {
    auto child = start_whitespirit(args);
    const auto port = listening_port(*child, 90000ms);
    INFO(child->output());
    REQUIRE(port);
    CHECK(child->output().find("(0 registered now, 4 already registered)") != std::string::npos);
    httplib::Client client("127.0.0.1", *port);
    client.set_read_timeout(30s);
    const auto ping = client.Get("/v1/ping?firm_inn=7720000014");
    REQUIRE(ping);
    CHECK(ping->status == 200);
    CHECK(child->terminate(15000ms) == 0);
  }
  CHECK(last_documents(state) == expected);
}
