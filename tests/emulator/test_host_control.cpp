// The control socket: text commands set faults on running devices.

#include <catch2/catch.hpp>

#include "emulator/control_protocol.hpp"
#include "emulator/control_server.hpp"
#include "test_host_support.hpp"

using namespace ws::test;
using ws::bytes;
using ws::emulator::control_server;
using ws::emulator::emulator_farm;
using Catch::Contains;
using Catch::StartsWith;
namespace fs = std::filesystem;

namespace {

struct controlled_farm {
  temp_dir dir;
  emulator_farm farm{test_farm(dir.path(), 3)};
  control_server control{farm, dir.path() / "control.sock"};

  std::string run(const std::string& command) { return control_command(control.path(), command); }
};

}  // namespace

TEST_CASE("control list names every device with serial and pty", "[host][control]") {
  controlled_farm f;
  const std::string reply = f.run("list");
  const auto info = f.farm.device(1).info();
  CHECK_THAT(reply, Contains("kkt-0002 serial=0000000000000002 pty=" + info.pty_path + " link=" +
                             (f.dir.path() / "kkt-0002").string()));
  CHECK_THAT(reply, Contains("kkt-0001 "));
  CHECK_THAT(reply, Contains("kkt-0003 "));
  CHECK_THAT(reply, Contains("state=up paper=in"));
  CHECK(reply.size() > 3);
  CHECK(reply.substr(reply.size() - 3) == "ok\n");
}

TEST_CASE("control fault commands change one device's faults", "[host][control]") {
  controlled_farm f;
  CHECK(f.run("fault kkt-0002 corrupt 0.25") == "ok\n");
  CHECK(f.run("fault kkt-0002 drop 0.5") == "ok\n");
  CHECK(f.run("fault kkt-0002 nak 0.125") == "ok\n");
  CHECK(f.run("fault kkt-0002 nak-next 3") == "ok\n");
  CHECK(f.run("fault kkt-0002 slow 250") == "ok\n");
  CHECK(f.run("fault kkt-0002 seed 99") == "ok\n");
  const auto faults = f.farm.device(1).info().faults;
  CHECK(faults.corrupt_probability == 0.25);
  CHECK(faults.drop_probability == 0.5);
  CHECK(faults.nak_probability == 0.125);
  CHECK(faults.nak_next_frames == 3);
  CHECK(faults.extra_delay == 250ms);
  CHECK(faults.seed == 99);
  CHECK_FALSE(f.farm.device(0).info().faults.any());
  CHECK_THAT(f.run("status kkt-0002"), Contains("faults corrupt=0.25 drop=0.5 nak=0.125 nak-next=3 slow-ms=250 seed=99"));

  CHECK(f.run("clear kkt-0002") == "ok\n");
  CHECK_FALSE(f.farm.device(1).info().faults.any());
}

TEST_CASE("control NAK fault is seen on the line", "[host][control]") {
  controlled_farm f;
  CHECK(f.run("fault kkt-0001 nak 1") == "ok\n");
  auto line = line_client::open_serial((f.dir.path() / "kkt-0001").string());
  const bytes frame{0x02, 0x05, 0x11, 0x1E, 0x00, 0x00, 0x00, 0x0A};
  CHECK(line.raw(frame, 300ms) == bytes{0x15});
  CHECK_THAT(f.run("status kkt-0001"), Contains("naked=1"));
  CHECK(f.run("fault kkt-0001 nak 0") == "ok\n");
  CHECK(line.ask(status_command()).at(0) == 0x11);
}

TEST_CASE("control silence line reboot paper and clock commands", "[host][control]") {
  controlled_farm f;
  auto& host = f.farm.device(2);
  CHECK(f.run("fault kkt-0003 silent on") == "ok\n");
  CHECK(host.info().silent);
  CHECK_THAT(f.run("list"), Contains("kkt-0003 serial=0000000000000003"));
  CHECK_THAT(f.run("list"), Contains("state=silent"));
  CHECK(f.run("fault kkt-0003 silent off") == "ok\n");
  CHECK_FALSE(host.info().silent);
  CHECK(f.run("fault kkt-0003 silent 5000") == "ok\n");
  CHECK(host.info().silent);
  CHECK(f.run("fault kkt-0003 silent off") == "ok\n");

  CHECK(f.run("fault kkt-0003 line-down 60000") == "ok\n");
  CHECK(host.info().line_down);
  CHECK_FALSE(fs::exists(fs::symlink_status(f.dir.path() / "kkt-0003")));
  CHECK(f.run("fault kkt-0003 line-up") == "ok\n");
  CHECK_FALSE(host.info().line_down);
  CHECK(fs::is_symlink(f.dir.path() / "kkt-0003"));

  CHECK(f.run("reboot kkt-0003") == "ok\n");
  CHECK(host.info().rebooting);

  CHECK(f.run("paper kkt-0003 out") == "ok\n");
  CHECK_FALSE(host.info().paper_present);
  CHECK_THAT(f.run("list"), Contains("paper=out"));
  CHECK(f.run("paper kkt-0003 in") == "ok\n");
  CHECK(host.info().paper_present);

  CHECK(f.run("clock kkt-0003 +86400") == "ok\n");
  CHECK(f.run("ofd kkt-0003 offline") == "ok\n");
  CHECK(f.run("ofd kkt-0003 online") == "ok\n");
  CHECK(f.run("ofd kkt-0003 ack-delay 5") == "ok\n");
  CHECK_THAT(f.run("status kkt-0003"), Contains("fn=9999078900000003 last-fd=0 fn-kind=production"));
  CHECK(f.run("fn kkt-0003 debug") == "ok\n");
  CHECK(host.info().fn_debug);
  CHECK_THAT(f.run("status kkt-0003"), Contains("fn-kind=debug"));
  CHECK(f.run("fn kkt-0003 production") == "ok\n");
  CHECK_FALSE(host.info().fn_debug);
}

TEST_CASE("control paper out-after ends the roll in the middle of a report", "[host][control]") {
  controlled_farm f;
  CHECK(f.run("paper kkt-0001 out-after 0") == "ok\n");
  auto line = line_client::open_serial((f.dir.path() / "kkt-0001").string());
  // 40h X report: interrupted by the end of the paper, so error 6Bh.
  CHECK(line.ask(ws::shtrih::x_report_request{}.encode()) == bytes{0x40, 0x6B});
}

TEST_CASE("control applies a command to all devices", "[host][control]") {
  controlled_farm f;
  CHECK(f.run("fault all slow 40") == "ok\n");
  for (std::size_t i = 0; i < f.farm.size(); ++i) CHECK(f.farm.device(i).info().faults.extra_delay == 40ms);
  CHECK(f.run("clear all") == "ok\n");
  for (std::size_t i = 0; i < f.farm.size(); ++i) CHECK_FALSE(f.farm.device(i).info().faults.any());
}

TEST_CASE("control rejects bad commands with a reason", "[host][control]") {
  controlled_farm f;
  CHECK_THAT(f.run("bogus"), StartsWith("error: unknown command 'bogus'"));
  CHECK_THAT(f.run("fault kkt-0009 drop 0.1"), StartsWith("error: no device 'kkt-0009'"));
  CHECK_THAT(f.run("fault kkt-0001 drop 2"), StartsWith("error: probability must be between 0 and 1"));
  CHECK_THAT(f.run("fault kkt-0001 drop x"), StartsWith("error: bad probability"));
  CHECK_THAT(f.run("fault kkt-0001 explode 1"), StartsWith("error: unknown fault 'explode'"));
  CHECK_THAT(f.run("paper kkt-0001 sideways"), StartsWith("error: paper takes 'out', 'in' or 'out-after LINES'"));
  CHECK_THAT(f.run("ofd kkt-0001 sideways"), StartsWith("error: ofd takes 'online', 'offline'"));
  CHECK_THAT(f.run("fn kkt-0001 sideways"), StartsWith("error: fn takes 'debug' or 'production'"));
  CHECK_THAT(f.run("fault kkt-0001"), StartsWith("error: missing fault kind"));
  CHECK_THAT(f.run("help"), Contains("fault NAME corrupt P"));
  CHECK_FALSE(f.farm.device(0).info().faults.any());
}

TEST_CASE("control commands run directly without the socket", "[host][control]") {
  temp_dir dir;
  emulator_farm farm(test_farm(dir.path(), 1));
  CHECK(ws::emulator::run_control_command(farm, "fault kkt-0001 nak-next 4") == "ok\n");
  CHECK(farm.device(0).info().faults.nak_next_frames == 4);
  CHECK(ws::emulator::run_control_command(farm, "") == "error: empty command (try help)\n");
}

TEST_CASE("control server replaces a stale socket file and removes it on stop", "[host][control]") {
  temp_dir dir;
  emulator_farm farm(test_farm(dir.path(), 1));
  const auto socket_path = dir.path() / "control.sock";
  {
    // A socket file nobody listens on, as a killed emulator leaves it.
    ws::emulator::unique_fd fd(::socket(AF_UNIX, SOCK_STREAM, 0));
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    socket_path.string().copy(address.sun_path, sizeof address.sun_path - 1);
    REQUIRE(::bind(fd.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0);
  }
  REQUIRE(fs::is_socket(socket_path));
  control_server control(farm, socket_path);
  CHECK(control_command(socket_path, "list").substr(0, 9) == "kkt-0001 ");
  CHECK_THROWS_WITH(control_server(farm, socket_path), Contains("another emulator serves"));
  control.stop();
  CHECK_FALSE(fs::exists(socket_path));
}

TEST_CASE("control socket and state folders are the owner's alone", "[host][control][permissions]") {
  controlled_farm f;
  const auto mode = [](const fs::path& p) { return fs::symlink_status(p).permissions(); };
  const auto owner_only_dir = fs::perms::owner_all;
  CHECK(mode(f.dir.path()) == owner_only_dir);
  CHECK(mode(f.dir.path() / "state") == owner_only_dir);
  std::size_t folders = 0;
  for (const auto& entry : fs::recursive_directory_iterator(f.dir.path() / "state")) {
    if (!entry.is_directory()) continue;
    ++folders;
    INFO(entry.path());
    CHECK(mode(entry.path()) == owner_only_dir);
  }
  CHECK(folders >= 3);  // one per device at least
  REQUIRE(fs::is_socket(fs::symlink_status(f.control.path())));
  CHECK(mode(f.control.path()) == (fs::perms::owner_read | fs::perms::owner_write));
}

// Found by fuzz_control_protocol: repeated or huge `clock` moves pushed the device clock's
// offset until its time points overflowed (signed overflow in std::chrono).
TEST_CASE("control clock and ack-delay refuse moves beyond the clock's range", "[host][control][fuzz]") {
  controlled_farm f;
  CHECK_THAT(f.run("clock kkt-0001 +368935005437"), StartsWith("error: seconds beyond 100 years"));
  CHECK_THAT(f.run("ofd kkt-0001 ack-delay 368935005437"), StartsWith("error: seconds beyond 100 years"));
  CHECK_THAT(f.run("ofd kkt-0001 ack-delay -5"), StartsWith("error: ack-delay must not be negative"));
  // Moves that each fit but add up past the range: refused once the sum would pass it.
  std::string last;
  int accepted = 0;
  for (int i = 0; i < 10; ++i) {
    last = f.run("clock kkt-0001 +3000000000");  // ~95 years each
    if (last == "ok\n") ++accepted;
  }
  CHECK(accepted == 2);
  CHECK_THAT(last, StartsWith("error: the device clock cannot move beyond 200 years"));
  // The device still answers.
  CHECK_THAT(f.run("status kkt-0001"), Contains("ok\n"));
}
