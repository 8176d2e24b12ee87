// Every injected fault has the effect a host would see on a real line.

#include <catch2/catch.hpp>

#include "test_host_support.hpp"

using namespace ws::test;
using ws::bytes;
using ws::emulator::emulator_farm;
using ws::emulator::fault_plan;
using ws::shtrih::link_outcome;
namespace fs = std::filesystem;

namespace {

bool is_status_reply(const bytes& reply) { return reply.size() >= 2 && reply[0] == 0x11 && reply[1] == 0x00; }

struct one_device {
  temp_dir dir;
  emulator_farm farm{test_farm(dir.path(), 1)};
  ws::emulator::device_host& host = farm.device(0);
  std::string path = (dir.path() / "kkt-0001").string();
};

}  // namespace

TEST_CASE("corrupted bytes at a low rate are repaired by link retries", "[host][fault]") {
  one_device d;
  fault_plan plan;
  plan.corrupt_probability = 0.01;
  plan.seed = 2024;
  d.host.set_faults(plan);
  auto line = line_client::open_serial(d.path);
  int replies = 0;
  for (int i = 0; i < 12; ++i) {
    const auto outcome = line.exchange(status_command());
    REQUIRE(outcome);
    if (outcome->what == link_outcome::kind::reply && is_status_reply(outcome->reply)) ++replies;
  }
  const auto info = d.host.info();
  CHECK(info.counters.bytes_corrupted > 0);
  CHECK(replies >= 10);  // 1% of ~60 bytes per exchange: retries mend nearly all
}

TEST_CASE("every byte corrupted means no command gets through", "[host][fault]") {
  one_device d;
  fault_plan plan;
  plan.corrupt_probability = 1.0;
  d.host.set_faults(plan);
  auto line = line_client::open_serial(d.path);
  const auto outcome = line.exchange(status_command(), 1000ms);
  REQUIRE(outcome);
  CHECK(outcome->what != link_outcome::kind::reply);
  CHECK(d.host.info().counters.bytes_corrupted > 0);
  CHECK(d.host.info().commands == 0);

  d.host.clear_faults();
  line.collect(200ms);  // let stray bytes of the failed exchange pass
  CHECK(is_status_reply(line.ask(status_command())));
}

TEST_CASE("dropped bytes leave the host without an answer", "[host][fault]") {
  one_device d;
  fault_plan plan;
  plan.drop_probability = 1.0;
  d.host.set_faults(plan);
  auto line = line_client::open_serial(d.path);
  CHECK(line.raw({0x05}, 300ms).empty());
  const auto outcome = line.exchange(status_command(), 1000ms);
  REQUIRE(outcome);
  CHECK(outcome->what == link_outcome::kind::not_delivered);
  CHECK(d.host.info().counters.bytes_dropped > 0);

  d.host.clear_faults();
  CHECK(line.raw({0x05}, 300ms) == bytes{0x15});
}

TEST_CASE("NAKed frames are retried by the host and then executed once", "[host][fault]") {
  one_device d;
  fault_plan plan;
  plan.nak_next_frames = 2;
  d.host.set_faults(plan);
  auto line = line_client::open_serial(d.path);
  const auto outcome = line.exchange(status_command());
  REQUIRE(outcome);
  REQUIRE(outcome->what == link_outcome::kind::reply);
  CHECK(is_status_reply(outcome->reply));
  const auto info = d.host.info();
  CHECK(info.counters.frames_naked == 2);
  CHECK(info.commands == 1);
}

TEST_CASE("a NAK to every frame means the command is never delivered", "[host][fault]") {
  one_device d;
  fault_plan plan;
  plan.nak_probability = 1.0;
  d.host.set_faults(plan);
  auto line = line_client::open_serial(d.path);
  // Raw: the frame itself is answered with NAK, ENQ still with NAK (device ready).
  const bytes frame{0x02, 0x05, 0x11, 0x1E, 0x00, 0x00, 0x00, 0x0A};
  CHECK(line.raw(frame, 300ms) == bytes{0x15});
  const auto outcome = line.exchange(status_command(), 1000ms);
  REQUIRE(outcome);
  CHECK(outcome->what == link_outcome::kind::not_delivered);
  CHECK(d.host.info().commands == 0);
}

TEST_CASE("slow answers come later by the extra delay", "[host][fault]") {
  one_device d;
  fault_plan plan;
  plan.extra_delay = 2000ms;
  d.host.set_faults(plan);
  auto line = line_client::open_serial(d.path);
  const auto start = clock_type::now();
  const auto outcome = line.exchange(status_command(), 5000ms);
  const auto took = clock_type::now() - start;
  REQUIRE(outcome);
  REQUIRE(outcome->what == link_outcome::kind::reply);
  CHECK(is_status_reply(outcome->reply));
  CHECK(took >= 2000ms);
  CHECK(took < 5000ms);

  // Cleared: the next answer does not wait the 2 s any more. The bound is that, not a
  // speed: an exchange on a pty takes milliseconds.
  d.host.set_faults(fault_plan{});
  const auto fast_start = clock_type::now();
  CHECK(is_status_reply(line.ask(status_command())));
  CHECK(clock_type::now() - fast_start < 1500ms);
}

TEST_CASE("a silent device answers nothing until the silence ends", "[host][fault]") {
  one_device d;
  auto line = line_client::open_serial(d.path);
  d.host.go_silent(1500ms);
  CHECK(line.raw({0x05}, 300ms).empty());
  CHECK(d.host.info().silent);
  REQUIRE(wait_until([&] { return !d.host.info().silent; }, 3000ms));
  CHECK(line.raw({0x05}, 300ms) == bytes{0x15});
  CHECK(d.host.info().bytes_swallowed == 1);

  d.host.go_silent(std::nullopt);
  CHECK(line.raw({0x05}, 1200ms).empty());
  d.host.end_silence();
  CHECK(line.raw({0x05}, 300ms) == bytes{0x15});
}

TEST_CASE("a dropped line hangs up the pty and comes back on a new one", "[host][fault]") {
  one_device d;
  auto line = line_client::open_serial(d.path);
  CHECK(is_status_reply(line.ask(status_command())));
  d.host.drop_line(2000ms);
  line.collect(500ms);
  CHECK(line.hung_up());
  CHECK(d.host.info().line_down);
  CHECK_FALSE(fs::exists(fs::symlink_status(d.path)));

  REQUIRE(wait_until([&] { return fs::exists(d.path); }, 5000ms));
  CHECK_FALSE(d.host.info().line_down);
  CHECK(fs::read_symlink(d.path) == d.host.info().pty_path);
  auto again = line_client::open_serial(d.path);
  CHECK(is_status_reply(again.ask(status_command())));
}

TEST_CASE("a dropped TCP line refuses connections for a while", "[host][fault]") {
  temp_dir dir;
  auto options = test_farm(dir.path(), 1);
  options.tcp_base_port = free_port_range(1);
  emulator_farm farm(options);
  auto& host = farm.device(0);
  auto tcp = line_client::connect_tcp(*options.tcp_base_port);
  CHECK(tcp.raw({0x05}, 300ms) == bytes{0x15});
  host.drop_line(1500ms);
  tcp.collect(300ms);
  CHECK(tcp.hung_up());
  CHECK_THROWS(line_client::connect_tcp(*options.tcp_base_port));
  REQUIRE(wait_until([&] { return !host.info().line_down; }, 5000ms));
  auto again = line_client::connect_tcp(*options.tcp_base_port);
  CHECK(is_status_reply(again.ask(status_command())));
}

TEST_CASE("a rebooting device is silent and then answers again", "[host][fault]") {
  one_device d;  // reboot time 1500 ms
  auto line = line_client::open_serial(d.path);
  CHECK(is_status_reply(line.ask(status_command())));
  d.host.reboot_now();
  CHECK(d.host.info().rebooting);
  CHECK(line.raw({0x05}, 300ms).empty());
  REQUIRE(wait_until([&] { return !d.host.info().rebooting; }, 6000ms));
  CHECK(line.raw({0x05}, 300ms) == bytes{0x15});
  CHECK(is_status_reply(line.ask(status_command())));
}

TEST_CASE("the device clock moves forward on request", "[host][fault]") {
  one_device d;
  auto line = line_client::open_serial(d.path);
  const bytes before = line.ask(status_command());
  REQUIRE(is_status_reply(before));
  REQUIRE(before.size() >= 31);
  d.host.advance_clock(std::chrono::hours(24 * 40));
  const bytes after = line.ask(status_command());
  REQUIRE(is_status_reply(after));
  REQUIRE(after.size() >= 31);
  // 11h reply: date DD MM YY at offset 25. Forty days later is another month.
  const auto month = [](const bytes& r) { return int{r[26]} + 12 * int{r[27]}; };
  CHECK(month(after) > month(before));
}

TEST_CASE("paper out makes printing commands fail with 6Bh until paper is back", "[host][fault]") {
  one_device d;
  auto line = line_client::open_serial(d.path);
  const bytes x_report = ws::shtrih::x_report_request{}.encode();  // 40 1E 00 00 00
  d.host.set_paper_present(false);
  CHECK(line.ask(x_report) == bytes{0x40, 0x6B});
  CHECK(is_status_reply(line.ask(status_command())));  // status needs no paper
  d.host.set_paper_present(true);
  CHECK(line.ask(x_report) == bytes{0x40, 0x00, 0x1E});
}

TEST_CASE("printing time delays the reply without blocking other devices", "[host][fault]") {
  temp_dir dir;
  auto options = test_farm(dir.path(), 2);
  options.threads = 1;  // both devices on one thread: the wait must not block it
  options.print_time.per_document = 2500ms;
  emulator_farm farm(options);
  auto printing = line_client::open_serial((dir.path() / "kkt-0001").string());
  auto other = line_client::open_serial((dir.path() / "kkt-0002").string());

  const auto start = clock_type::now();
  printing.write_all({0x05});
  REQUIRE(printing.read_bytes(1, 1000ms) == bytes{0x15});
  // Send the X report frame by hand so that the other device can be asked meanwhile.
  const bytes frame{0x02, 0x05, 0x40, 0x1E, 0x00, 0x00, 0x00, 0x5B};  // LRC 05^40^1E = 5B
  printing.write_all(frame);
  REQUIRE(printing.read_bytes(1, 1000ms) == bytes{0x06});
  CHECK(is_status_reply(other.ask(status_command())));
  CHECK(clock_type::now() - start < 2000ms);
  // The report's reply frame comes after the print time: 02 03 40 00 1E LRC(03^40^1E = 5D).
  const bytes reply = printing.read_bytes(6, 8000ms);
  CHECK(clock_type::now() - start >= 2500ms);
  CHECK(reply == bytes{0x02, 0x03, 0x40, 0x00, 0x1E, 0x5D});
}

TEST_CASE("the reboot command restarts the device after a silence", "[host][fault]") {
  one_device d;  // reboot time 1500 ms
  auto line = line_client::open_serial(d.path);
  const auto outcome = line.exchange(ws::shtrih::reboot_request{}.encode(), 300ms);
  REQUIRE(outcome);
  CHECK(outcome->what == link_outcome::kind::no_reply);  // the device has no reply to a reboot
  REQUIRE(wait_until([&] { return !d.host.info().rebooting; }, 6000ms));
  line.collect(100ms);
  CHECK(line.raw({0x05}, 300ms) == bytes{0x15});
  CHECK(is_status_reply(line.ask(status_command())));
}
