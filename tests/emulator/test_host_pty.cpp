// Devices hosted on real ptys (and TCP), reached the way a user's driver reaches them.

#include <catch2/catch.hpp>

#include <fstream>

#include "test_host_support.hpp"

using namespace ws::test;
using ws::bytes;
using ws::emulator::emulator_farm;
using ws::shtrih::link_outcome;
namespace fs = std::filesystem;

namespace {

bool is_status_reply(const bytes& reply) { return reply.size() >= 2 && reply[0] == 0x11 && reply[1] == 0x00; }

}  // namespace

TEST_CASE("hosted device answers status 11h through its pty symlink", "[host][pty]") {
  temp_dir dir;
  emulator_farm farm(test_farm(dir.path(), 2));
  const auto info = farm.device(0).info();
  CHECK(info.name == "kkt-0001");
  CHECK(info.serial_number == "0000000000000001");
  CHECK(farm.device(1).info().serial_number == "0000000000000002");
  REQUIRE(fs::is_symlink(dir.path() / "kkt-0001"));
  CHECK(fs::read_symlink(dir.path() / "kkt-0001") == info.pty_path);
  CHECK(info.pty_path.rfind("/dev/pts/", 0) == 0);

  auto line = line_client::open_serial((dir.path() / "kkt-0001").string());
  const auto outcome = line.exchange(status_command());
  REQUIRE(outcome);
  REQUIRE(outcome->what == link_outcome::kind::reply);
  CHECK(is_status_reply(outcome->reply));
  CHECK(farm.device(0).info().commands == 1);
  CHECK(farm.device(1).info().commands == 0);
}

TEST_CASE("hosted device answers ENQ with NAK when it holds no reply", "[host][pty]") {
  temp_dir dir;
  emulator_farm farm(test_farm(dir.path(), 1));
  auto line = line_client::open_serial((dir.path() / "kkt-0001").string());
  CHECK(line.raw({0x05}, 300ms) == bytes{0x15});
}

TEST_CASE("hosted device serves one host after another on the same pty", "[host][pty]") {
  temp_dir dir;
  emulator_farm farm(test_farm(dir.path(), 1));
  const auto path = (dir.path() / "kkt-0001").string();
  for (int round = 0; round < 3; ++round) {
    auto line = line_client::open_serial(path);
    CHECK(is_status_reply(line.ask(status_command())));
  }
  // Nobody has the slave open between hosts: still the same pty, no hang-up.
  CHECK(farm.device(0).info().commands == 3);
}

TEST_CASE("hosted device answers over TCP on its own port", "[host][tcp]") {
  temp_dir dir;
  auto options = test_farm(dir.path(), 3);
  options.tcp_base_port = free_port_range(3);
  emulator_farm farm(options);
  CHECK(farm.device(2).info().tcp_port == *options.tcp_base_port + 2);

  auto tcp = line_client::connect_tcp(static_cast<std::uint16_t>(*options.tcp_base_port + 2));
  CHECK(tcp.raw({0x05}, 300ms) == bytes{0x15});
  CHECK(is_status_reply(tcp.ask(status_command())));
  CHECK(farm.device(2).info().commands == 1);
  // The pty of the same device still works, and answers go back where the question came from.
  auto pty = line_client::open_serial((dir.path() / "kkt-0003").string());
  CHECK(is_status_reply(pty.ask(status_command())));
  CHECK(farm.device(2).info().commands == 2);
}

TEST_CASE("a new TCP connection replaces the old one", "[host][tcp]") {
  temp_dir dir;
  auto options = test_farm(dir.path(), 1);
  options.tcp_base_port = free_port_range(1);
  emulator_farm farm(options);
  auto first = line_client::connect_tcp(*options.tcp_base_port);
  CHECK(first.raw({0x05}, 300ms) == bytes{0x15});
  auto second = line_client::connect_tcp(*options.tcp_base_port);
  CHECK(is_status_reply(second.ask(status_command())));
  first.collect(300ms);
  CHECK(first.hung_up());
}

TEST_CASE("farm replaces stale symlinks and removes its own on stop", "[host][pty]") {
  temp_dir dir;
  fs::create_symlink("/dev/pts/999999", dir.path() / "kkt-0001");
  {
    emulator_farm farm(test_farm(dir.path(), 2));
    CHECK(fs::read_symlink(dir.path() / "kkt-0001") == farm.device(0).info().pty_path);
    farm.stop();
    CHECK_FALSE(fs::is_symlink(fs::symlink_status(dir.path() / "kkt-0001")));
    CHECK_FALSE(fs::is_symlink(fs::symlink_status(dir.path() / "kkt-0002")));
  }
}

TEST_CASE("farm refuses to replace a real file with a symlink", "[host][pty]") {
  temp_dir dir;
  { std::ofstream(dir.path() / "kkt-0001") << "precious"; }
  CHECK_THROWS(emulator_farm(test_farm(dir.path(), 1)));
  CHECK(fs::is_regular_file(dir.path() / "kkt-0001"));
}

TEST_CASE("a second farm on the same folder is refused", "[host][pty]") {
  temp_dir dir;
  emulator_farm farm(test_farm(dir.path(), 1));
  CHECK_THROWS_WITH(emulator_farm(test_farm(dir.path(), 1)), Catch::Contains("in use by another kkt-emulator"));
  // The refused farm must not have touched the running one's line.
  auto line = line_client::open_serial((dir.path() / "kkt-0001").string());
  CHECK(is_status_reply(line.ask(status_command())));
}

TEST_CASE("farm started again on the same folder keeps its devices", "[host][pty]") {
  temp_dir dir;
  auto options = test_farm(dir.path(), 2);
  options.serial_base = 700;
  { emulator_farm farm(options); }
  options.serial_base = 900;  // only for new devices: the old ones come back as they were
  options.count = 3;
  emulator_farm farm(options);
  CHECK(farm.device(0).info().serial_number == "0000000000000700");
  CHECK(farm.device(1).info().serial_number == "0000000000000701");
  CHECK(farm.device(2).info().serial_number == "0000000000000902");
  CHECK(fs::is_directory(dir.path() / "state" / "kkt-0001"));
}

TEST_CASE("bytes the device sends while no host has the pty open are lost", "[host][pty]") {
  temp_dir dir;
  emulator_farm farm(test_farm(dir.path(), 1));
  auto& host = farm.device(0);
  const auto path = (dir.path() / "kkt-0001").string();
  CHECK_FALSE(host.info().pty_host_present);
  const std::size_t status_size = line_client::open_serial(path).ask(status_command()).size();
  REQUIRE(wait_until([&] { return !host.info().pty_host_present; }, 2000ms));
  ws::emulator::fault_plan slow;
  slow.extra_delay = 1500ms;
  host.set_faults(slow);
  {
    auto line = line_client::open_serial(path);
    REQUIRE(wait_until([&] { return host.info().pty_host_present; }, 2000ms));
    const bytes frame{0x02, 0x05, 0x11, 0x1E, 0x00, 0x00, 0x00, 0x0A};
    CHECK(line.raw(frame, 300ms) == bytes{0x06});
    // The host hangs up before the reply comes.
  }
  REQUIRE(wait_until([&] { return !host.info().pty_host_present; }, 2000ms));
  std::this_thread::sleep_for(1800ms);  // the reply is due meanwhile, with nobody listening
  host.set_faults({});
  // A driver that does not flush on open must not read that old reply: it gets the
  // device's ACK to its ENQ (a reply is held) and then the held reply.
  auto late = line_client::open_serial(path, false);
  const bytes answer = late.raw({0x05}, 400ms);
  REQUIRE(answer.size() >= 2);
  CHECK(answer[0] == 0x06);
  CHECK(answer[1] == 0x02);
  CHECK(answer.size() == 1 + 2 + status_size + 1);  // ACK, then one 11h reply frame
}
