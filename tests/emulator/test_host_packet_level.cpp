// Hosted devices speak the alternative (packet) low level when the host starts with it,
// over a real pty and TCP, written and read as raw bytes the way a packet driver would.

#include <catch2/catch.hpp>

#include "protocol/shtrih/packet_frame.hpp"
#include "test_host_support.hpp"

using namespace ws::test;
using ws::bytes;
using ws::emulator::emulator_farm;
using ws::shtrih::encode_packet;
using ws::shtrih::low_level;
using ws::shtrih::packet;
using ws::shtrih::packet_decoder;
using ws::shtrih::packet_event;
namespace fs = std::filesystem;

namespace {

// STX LEN16=0 CRC16=1D0Fh, and a fresh device's answer: STX LEN16=2 NUM16=0 CRC16=69A8h.
const bytes ping_wire{0x8F, 0x00, 0x00, 0x0F, 0x1D};
const bytes type2_zero_wire{0x8F, 0x02, 0x00, 0x00, 0x00, 0xA8, 0x69};
// Status 11h with password 30, number 1: STX LEN16=7 NUM16=1 11 1E 00 00 00 CRC16=064Eh.
const bytes status_request_1{0x8F, 0x07, 0x00, 0x01, 0x00, 0x11, 0x1E, 0x00, 0x00, 0x00, 0x4E, 0x06};

/// Reads until one whole packet arrived (or `limit` passed); returns its wire bytes and
/// the decoded packet. Anything but one well-formed packet fails the test.
std::pair<bytes, packet> read_packet(line_client& line, milliseconds limit = 5000ms) {
  packet_decoder decoder;
  std::vector<packet_event> events;
  bytes wire;
  const auto deadline = clock_type::now() + limit;
  while (events.empty() && clock_type::now() < deadline && !line.hung_up()) {
    const auto left = std::chrono::duration_cast<milliseconds>(deadline - clock_type::now());
    const bytes in = line.read_bytes(1, left);
    wire.insert(wire.end(), in.begin(), in.end());
    decoder.feed(in.data(), in.size(), ws::shtrih::link_clock::now(), events);
  }
  REQUIRE(events.size() == 1);
  REQUIRE(events[0].what == packet_event::kind::packet);
  return {wire, events[0].value};
}

packet type2(ws::shtrih::packet_number number) {
  packet p;
  p.type = packet::kind::numbered;
  p.number = number;
  return p;
}

}  // namespace

TEST_CASE("hosted device answers a packet ping and packet status 11h on its pty", "[host][pty][packet]") {
  temp_dir dir;
  emulator_farm farm(test_farm(dir.path(), 1));
  auto line = line_client::open_serial((dir.path() / "kkt-0001").string());

  line.write_all(ping_wire);
  const auto [ping_answer_wire, ping_answer] = read_packet(line);
  CHECK(ping_answer_wire == type2_zero_wire);
  CHECK(ping_answer == type2(0));
  CHECK(farm.device(0).info().link_level == low_level::packet);

  line.write_all(status_request_1);
  const auto [reply_wire, reply] = read_packet(line);
  CHECK(reply.type == packet::kind::data);
  CHECK(reply.number == 1);
  REQUIRE(reply.data.size() >= 2);
  CHECK(reply.data[0] == 0x11);  // the command
  CHECK(reply.data[1] == 0x00);  // no error
  CHECK(farm.device(0).info().commands == 1);

  // The same request again (as after a lost reply): the same reply, not run again.
  line.write_all(status_request_1);
  CHECK(read_packet(line).first == reply_wire);
  // A ping now gets the last reply too.
  line.write_all(ping_wire);
  CHECK(read_packet(line).first == reply_wire);
  CHECK(farm.device(0).info().commands == 1);

  // ENQ means nothing on the packet level: no answer.
  CHECK(line.raw({0x05}, 300ms).empty());
  CHECK(farm.device(0).info().link_level == low_level::packet);
}

TEST_CASE("hosted device answers a packet ping over TCP", "[host][tcp][packet]") {
  temp_dir dir;
  auto options = test_farm(dir.path(), 1);
  options.tcp_base_port = free_port_range(1);
  emulator_farm farm(options);
  auto tcp = line_client::connect_tcp(*options.tcp_base_port);
  tcp.write_all(ping_wire);
  CHECK(read_packet(tcp).first == type2_zero_wire);
  // Status 11h number 1 runs; its reply names number 1.
  tcp.write_all(status_request_1);
  const auto reply = read_packet(tcp).second;
  CHECK(reply.number == 1);
  CHECK(bytes(reply.data.begin(), reply.data.begin() + 2) == bytes{0x11, 0x00});
}

TEST_CASE("hosted device keeps the packet level over a reboot", "[host][pty][packet]") {
  temp_dir dir;
  emulator_farm farm(test_farm(dir.path(), 1));
  auto line = line_client::open_serial((dir.path() / "kkt-0001").string());
  line.write_all(status_request_1);
  CHECK(read_packet(line).second.number == 1);
  farm.device(0).reboot_now();
  REQUIRE(wait_until([&] { return !farm.device(0).info().rebooting; }, 10000ms));
  // Still the packet level, and the count starts again from 0.
  line.write_all(ping_wire);
  CHECK(read_packet(line).first == type2_zero_wire);
}

TEST_CASE("hosted device that chose the standard level keeps answering ENQ with NAK", "[host][pty][packet]") {
  temp_dir dir;
  emulator_farm farm(test_farm(dir.path(), 1));
  auto line = line_client::open_serial((dir.path() / "kkt-0001").string());
  CHECK(line.raw({0x05}, 300ms) == bytes{0x15});
  CHECK(farm.device(0).info().link_level == low_level::standard);
  // A packet ping now is line noise to the standard level: never a packet answer.
  const bytes answer = line.raw(ping_wire, 300ms);
  CHECK((answer.empty() || answer == bytes{0x15}));
  CHECK(line.raw({0x05}, 300ms) == bytes{0x15});
  CHECK(farm.device(0).info().link_level == low_level::standard);
  CHECK(farm.device(0).info().commands == 0);
}

TEST_CASE("hosted device on the packet level loses a packet to a nak fault and runs the repeat once", "[host][pty][packet][fault]") {
  temp_dir dir;
  emulator_farm farm(test_farm(dir.path(), 1));
  auto line = line_client::open_serial((dir.path() / "kkt-0001").string());
  ws::emulator::fault_plan plan;
  plan.nak_next_frames = 1;
  farm.device(0).set_faults(plan);
  // Discarded: no answer at all (the packet level has no NAK), nothing run.
  CHECK(line.raw(status_request_1, 300ms).empty());
  CHECK(farm.device(0).info().counters.frames_naked == 1);
  CHECK(farm.device(0).info().commands == 0);
  // The host repeats the same request: answered, run once.
  line.write_all(status_request_1);
  const auto [wire, reply] = read_packet(line);
  CHECK(reply.number == 1);
  REQUIRE(reply.data.size() >= 2);
  CHECK(reply.data[0] == 0x11);
  CHECK(reply.data[1] == 0x00);
  CHECK(farm.device(0).info().commands == 1);
  CHECK(farm.device(0).info().link_level == low_level::packet);
}
