// The destructive service operations over real HTTP against emulated registers:
// clear_debug_fn (FF07h "reset FN state", code 16h, which only a debug FN takes) and
// clear_device_data (27h general clearing of the register's own registers); and upgrade
// (FF4Eh: a firmware or loader file from firmware.dir written to the SD card).

#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <system_error>
#include <utility>

#include "http/server/openapi_text.hpp"
#include "protocol/shtrih/commands_firmware.hpp"
#include "tests/http_server/front_fixture.hpp"
#include "tests/http_server/openapi_schema_check.hpp"

using namespace ws::http::test;

namespace {

std::string machine(const std::string& serial, const std::string& operation) {
  return "/v1/cashmachines/" + serial + "/" + operation;
}

/// The register's status once `done` holds for it (bounded): the register identifies a
/// wiped device again after the job's answer.
/// Gives the last status read when it never holds.
std::pair<bool, std::string> status_when(front_farm& farm, const std::string& serial,
                                         const std::function<bool(const json_doc&)>& done) {
  auto http = farm.client(5s);
  const auto deadline = steady::now() + 5s;
  std::string last;
  while (steady::now() < deadline) {
    auto status = http->Get(machine(serial, "status").c_str());
    if (status) last = status->body;
    if (status && status->status == 200 && done(json_doc(status->body))) return {true, last};
    std::this_thread::sleep_for(20ms);
  }
  return {false, last};
}

}  // namespace

TEST_CASE("clear_debug_fn wipes a debug FN and refuses a production one", "[http_server][service_operations]") {
  front_farm farm(2);
  farm.device(0).set_fn_debug(true);
  farm.fiscalise(0, firm_a);
  farm.fiscalise(1, firm_a);
  farm.start({{{0, 1}, {}}});
  auto http = farm.client();
  const auto debug_sn = farm.serial(0);
  const auto production_sn = farm.serial(1);

  auto no_secret = http->Post(machine(debug_sn, "clear_debug_fn").c_str(), "{}", "application/json");
  REQUIRE(no_secret);
  CHECK(no_secret->status == 403);
  CHECK(farm.documents(0) == 2);

  auto refused = http->Post(machine(production_sn, "clear_debug_fn?mysecret=" + secret).c_str(), "{}",
                            "application/json");
  REQUIRE(refused);
  INFO(refused->body);
  CHECK(refused->status == 498);
  json_doc refusal(refused->body);
  CHECK(refusal.str("/error") == "DeviceError");
  CHECK(refusal.num("/device_error/code") == 1);  // FN error 01h: a serial FN has no such command
  CHECK(farm.documents(1) == 2);

  auto wiped = http->Post(machine(debug_sn, "clear_debug_fn?mysecret=" + secret).c_str(), "{}", "application/json");
  REQUIRE(wiped);
  INFO(wiped->body);
  REQUIRE(wiped->status == 200);
  CHECK(json_doc(wiped->body).str("/result") == "done");
  CHECK(farm.documents(0) == 0);
  const auto status = status_when(farm, debug_sn, [](const json_doc& s) {
    return s.str("/availability") == "ready" && s.str("/fn/phase") == "configured";
  });
  INFO(status.second);
  REQUIRE(status.first);
  json_doc blank(status.second);
  CHECK(blank.str("/state") == "NONCONFIGURED");
  CHECK(blank.str("/inn").empty());
  CHECK(blank.num("/fn/last_document_number") == 0);
  CHECK_FALSE(blank.root.at_pointer("/fn/shift_open").get_bool().value());

  auto log = http->Get(machine(debug_sn, "log").c_str());
  REQUIRE(log);
  CHECK(log->body.find("POST clear_debug_fn -> 200") != std::string::npos);
}

TEST_CASE("clear_device_data zeroes the register's own registers only between shifts",
          "[http_server][service_operations]") {
  front_farm farm(1);
  farm.fiscalise(0, firm_a);
  farm.start({{{0}, {}}});
  auto http = farm.client();
  const auto sn = farm.serial(0);
  auto sold = http->Post("/v1/receipts?wait4free=5", receipt_body(firm_a, 12345), "application/json");
  REQUIRE(sold);
  REQUIRE(sold->status == 200);
  CHECK(farm.device(0).info().registers.receipts == 1);

  auto no_secret = http->Post(machine(sn, "clear_device_data?mysecret=nope").c_str(), "{}", "application/json");
  REQUIRE(no_secret);
  CHECK(no_secret->status == 403);

  auto in_shift = http->Post(machine(sn, "clear_device_data?mysecret=" + secret).c_str(), "{}", "application/json");
  REQUIRE(in_shift);
  INFO(in_shift->body);
  CHECK(in_shift->status == 499);
  json_doc refusal(in_shift->body);
  CHECK(refusal.str("/error") == "WrongKKTState");
  CHECK(refusal.num("/device_error/code") == 0x73);
  CHECK(farm.device(0).info().registers.receipts == 1);

  auto closed = http->Post(machine(sn, "close_shift").c_str(), "{}", "application/json");
  REQUIRE(closed);
  REQUIRE(closed->status == 200);
  const auto documents = farm.documents(0);
  auto cleared = http->Post(machine(sn, "clear_device_data?mysecret=" + secret).c_str(), "{}", "application/json");
  REQUIRE(cleared);
  INFO(cleared->body);
  CHECK(cleared->status == 200);
  CHECK(json_doc(cleared->body).str("/result") == "done");
  CHECK(farm.device(0).info().registers.cleared());
  CHECK(farm.documents(0) == documents);  // the FN is untouched

  auto again = http->Post(machine(sn, "clear_device_data?mysecret=" + secret).c_str(), "{}", "application/json");
  REQUIRE(again);
  CHECK(again->status == 499);
  CHECK(json_doc(again->body).num("/device_error/code") == 0x2C);
}

namespace {

/// A folder of firmware files for one test, removed at its end.
struct firmware_folder {
  std::filesystem::path path = std::filesystem::temp_directory_path() /
                               ("ws-firmware-" + std::to_string(::getpid()) + "-" + std::to_string(counter()++));
  firmware_folder() { std::filesystem::create_directories(path); }
  ~firmware_folder() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  static unsigned& counter() {
    static unsigned n = 0;
    return n;
  }
  ws::bytes write(const std::string& name, std::size_t size) const {
    ws::bytes content(size);
    for (std::size_t i = 0; i < size; ++i) content[i] = static_cast<std::uint8_t>(i * 31 + 7);
    std::ofstream out(path / name, std::ios::binary);
    out.write(reinterpret_cast<const char*>(content.data()), static_cast<std::streamsize>(content.size()));
    return content;
  }
};

}  // namespace

TEST_CASE("upgrade writes a firmware file to the register's SD card block by block",
          "[http_server][service_operations][upgrade]") {
  firmware_folder folder;
  const auto file = folder.write("fw-1.0.bin", 1000);
  folder.write("loader.bin", 130);
  front_farm farm(1);
  farm.fiscalise(0, firm_a);
  ws::http::front_options options;
  options.firmware_dir = folder.path.string();
  farm.start({{{0}, {}}}, options);
  auto http = farm.client();
  const auto sn = farm.serial(0);
  const auto documents = farm.documents(0);

  auto no_secret = http->Post(machine(sn, "upgrade?filename=fw-1.0.bin").c_str(), "{}", "application/json");
  REQUIRE(no_secret);
  CHECK(no_secret->status == 403);
  for (const char* name : {"..%2Fetc%2Fpasswd", "..", "a..b", "sub%2Ffw.bin", "missing.bin"}) {
    auto refused = http->Post(machine(sn, std::string("upgrade?mysecret=") + secret + "&filename=" + name).c_str(), "{}",
                              "application/json");
    REQUIRE(refused);
    INFO(name << ": " << refused->body);
    CHECK(refused->status == 400);
    CHECK(json_doc(refused->body).str("/field") == "filename");
  }
  auto bad_mode = http->Post(machine(sn, "upgrade?mysecret=" + secret + "&filename=fw-1.0.bin&mode=bios").c_str(),
                             "{}", "application/json");
  REQUIRE(bad_mode);
  CHECK(bad_mode->status == 400);
  CHECK(json_doc(bad_mode->body).str("/field") == "mode");
  CHECK(farm.device(0).sd_card_file(ws::shtrih::firmware_file::firmware).empty());

  auto written =
      http->Post(machine(sn, "upgrade?mysecret=" + secret + "&filename=fw-1.0.bin").c_str(), "{}", "application/json");
  REQUIRE(written);
  INFO(written->body);
  REQUIRE(written->status == 200);
  json_doc answer(written->body);
  CHECK(answer.str("/result") == "done");
  CHECK(answer.str("/mode") == "firmware");
  CHECK(answer.num("/blocks") == 8);
  CHECK(answer.num("/bytes") == 1000);
  CHECK(answer.str("/note").find("8 blocks, 1000 bytes") != std::string::npos);
  const openapi_schemas spec(ws::http::server::openapi_json());
  CHECK(describe(spec.check_response(answer.root, "/v1/cashmachines/{kkt_sn}/upgrade", "post")).empty());
  auto padded = file;
  padded.resize(8 * 128, 0xFF);
  CHECK(farm.device(0).sd_card_file(ws::shtrih::firmware_file::firmware) == padded);
  CHECK(farm.device(0).sd_card_file(ws::shtrih::firmware_file::loader).empty());
  CHECK(farm.documents(0) == documents);  // nothing fiscal

  auto loader = http->Post(machine(sn, "upgrade?mysecret=" + secret + "&filename=loader.bin&mode=loader").c_str(),
                           "{}", "application/json");
  REQUIRE(loader);
  CHECK(loader->status == 200);
  CHECK(json_doc(loader->body).num("/blocks") == 2);
  CHECK(farm.device(0).sd_card_file(ws::shtrih::firmware_file::loader).size() == 256);

  auto log = http->Get(machine(sn, "log").c_str());
  REQUIRE(log);
  CHECK(log->body.find("POST upgrade -> 200") != std::string::npos);
}

TEST_CASE("upgrade is refused with 403 while firmware.dir is not set", "[http_server][service_operations][upgrade]") {
  front_farm farm(1);
  farm.fiscalise(0, firm_a);
  farm.start({{{0}, {}}});
  auto http = farm.client();
  auto refused = http->Post(machine(farm.serial(0), "upgrade?mysecret=" + secret + "&filename=fw.bin").c_str(), "{}",
                            "application/json");
  REQUIRE(refused);
  INFO(refused->body);
  CHECK(refused->status == 403);
  CHECK(json_doc(refused->body).str("/error") == "Forbidden");
  CHECK(json_doc(refused->body).str("/message").find("firmware.dir") != std::string::npos);
}
