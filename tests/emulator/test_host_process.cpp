// The kkt-emulator program itself: started, killed with SIGKILL, started again on the
// same folder, stopped with SIGTERM. The test ends only the processes it started.

#include <catch2/catch.hpp>

#include <vector>

#include "test_host_support.hpp"
#include "tests/support/child_process.hpp"

using namespace ws::test;
using ws::bytes;
namespace fs = std::filesystem;

namespace {

/// kkt-emulator as a child process of this test.
class emulator_process : public child_process {
 public:
  explicit emulator_process(const std::vector<std::string>& arguments)
      : child_process(WS_KKT_EMULATOR_PATH, arguments) {}
};

/// Days since 1970-01-01 of a DD MM YY date (years from 2000), civil calendar.
int days_of(int day, int month, int year) {
  year += 2000;
  year -= month <= 2 ? 1 : 0;
  const int era = year / 400;
  const int yoe = year - era * 400;
  const int doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

/// The device date in an 11h reply (DD MM YY at offset 25), as days since 1970.
int status_day(const bytes& reply) {
  REQUIRE(reply.size() >= 31);
  REQUIRE(reply[0] == 0x11);
  REQUIRE(reply[1] == 0x00);
  return days_of(reply[25], reply[26], reply[27]);
}

int device_day(const fs::path& dir, const std::string& name) {
  auto line = line_client::open_serial((dir / name).string());
  return status_day(line.ask(status_command()));
}

/// The FN status (FF01h) of a device: its last FD number and whether a shift is open.
ws::shtrih::fn_status_reply fn_status(const fs::path& dir, const std::string& name) {
  auto line = line_client::open_serial((dir / name).string());
  const auto decoded = ws::shtrih::decode_reply<ws::shtrih::fn_status_reply>(line.ask(ws::shtrih::fn_status_request{}.encode()));
  REQUIRE(decoded.ok());
  return *decoded.value;
}

/// Registers the FN (FD 1) and opens a shift (FD 2) through the device's pty.
void register_and_open_shift(const fs::path& dir, const std::string& name) {
  using namespace ws::shtrih;
  auto line = line_client::open_serial((dir / name).string());
  REQUIRE(decode_reply<begin_registration_reply>(line.ask(begin_registration_request{}.encode())).ok());
  registration_request registration;
  registration.params.inn = "7701234567";
  registration.params.registration_number = "0000000001012345";
  const auto registered = decode_reply<registration_reply>(line.ask(registration.encode(), 10000ms));
  REQUIRE(registered.ok());
  CHECK(registered.value->document_number == 1);
  REQUIRE(decode_reply<open_shift_reply>(line.ask(open_shift_request{}.encode(), 10000ms)).ok());
}

}  // namespace

TEST_CASE("kkt-emulator prints its help with the control commands", "[host][process]") {
  emulator_process help({"--help"});
  CHECK(help.wait_for_output("Every reply ends", 10000ms));
  CHECK(help.wait_exit(10000ms) == 0);
  CHECK_THAT(help.output(), Catch::Contains("--tcp-port P"));
  CHECK_THAT(help.output(), Catch::Contains("fault NAME corrupt P"));
  CHECK_THAT(help.output(), Catch::Contains("paper NAME out|in"));
}

TEST_CASE("kkt-emulator rejects a missing folder with a usage error", "[host][process]") {
  emulator_process bad({"--count", "2"});
  CHECK(bad.wait_exit(10000ms) == 2);
}

TEST_CASE("kkt-emulator killed with SIGKILL comes back with its devices' state", "[host][process]") {
  temp_dir dir;
  const std::vector<std::string> arguments{"--count", "3", "--dir", dir.path().string(), "--serial-base", "4200",
                                           "--reboot-ms", "300"};
  const auto control = dir.path() / "control.sock";
  {
    emulator_process first(arguments);
    REQUIRE(first.wait_for_output("ready: 3 devices", 60000ms));
    CHECK_THAT(first.output(), Catch::Contains("kkt-0003 serial=0000000000004202 pty=/dev/pts/"));
    CHECK_THAT(first.output(), Catch::Contains("link=" + (dir.path() / "kkt-0001").string()));
    CHECK(control_command(control, "clock kkt-0002 +3456000") == "ok\n");  // forty days
    CHECK(device_day(dir.path(), "kkt-0002") - device_day(dir.path(), "kkt-0001") == 40);
    register_and_open_shift(dir.path(), "kkt-0003");
    const auto status = fn_status(dir.path(), "kkt-0003");
    CHECK(status.last_document_number == 2);
    CHECK(status.shift_open);
    first.kill_hard();
  }
  // SIGKILL leaves the symlinks and the socket file behind.
  CHECK(fs::is_symlink(fs::symlink_status(dir.path() / "kkt-0001")));
  CHECK(fs::is_socket(fs::symlink_status(control)));

  emulator_process second(arguments);
  REQUIRE(second.wait_for_output("ready: 3 devices", 60000ms));
  CHECK_THAT(second.output(), Catch::Contains("kkt-0002 serial=0000000000004201"));
  CHECK(device_day(dir.path(), "kkt-0002") - device_day(dir.path(), "kkt-0001") == 40);
  const auto status = fn_status(dir.path(), "kkt-0003");
  CHECK(status.last_document_number == 2);
  CHECK(status.shift_open);
  CHECK(status.fn_number == "9999078900004202");
  CHECK(fn_status(dir.path(), "kkt-0001").last_document_number == 0);
  CHECK_THAT(control_command(control, "list"), Catch::Contains("kkt-0003 serial=0000000000004202"));

  CHECK(second.terminate(30000ms) == 0);
  CHECK_FALSE(fs::exists(fs::symlink_status(dir.path() / "kkt-0001")));
  CHECK_FALSE(fs::exists(fs::symlink_status(control)));
}
