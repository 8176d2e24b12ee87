// Device side of the alternative low level: which request numbers run a command, what
// every other packet is answered with, and what is left unanswered.

#include <catch2/catch.hpp>

#include "protocol/shtrih/packet_device_link.hpp"
#include "protocol/shtrih/packet_frame.hpp"

using namespace ws;
using namespace ws::shtrih;

namespace {

const time_point t0 = time_point{} + std::chrono::seconds(10);
const bytes status_request{0x11, 0x1E, 0x00, 0x00, 0x00};
const bytes beep_request{0x13, 0x1E, 0x00, 0x00, 0x00};
const bytes beep_reply{0x13, 0x00, 0x1E};

packet request(packet_number number, bytes data) {
  packet p;
  p.type = packet::kind::data;
  p.number = number;
  p.data = std::move(data);
  return p;
}

packet ping() {
  packet p;
  p.type = packet::kind::ping;
  return p;
}

packet numbered(packet_number number) {
  packet p;
  p.type = packet::kind::numbered;
  p.number = number;
  return p;
}

void send(packet_device_link& link, const packet& p, time_point now = t0) {
  const bytes wire = encode_packet(p);
  link.on_bytes(wire.data(), wire.size(), now);
}

void send_raw(packet_device_link& link, const bytes& wire, time_point now = t0) {
  link.on_bytes(wire.data(), wire.size(), now);
}

/// Packets the device wrote (decoded); fails the test on anything else.
std::vector<packet> answers(packet_device_link& link) {
  const bytes out = link.take_output();
  packet_decoder d;
  std::vector<packet_event> events;
  d.feed(out.data(), out.size(), t0, events);
  std::vector<packet> result;
  for (auto& e : events) {
    REQUIRE(e.what == packet_event::kind::packet);
    result.push_back(e.value);
  }
  REQUIRE_FALSE(d.receiving());
  return result;
}

/// Sends request `number`, runs it and replies with `reply`.
void run(packet_device_link& link, packet_number number, const bytes& reply) {
  send(link, request(number, beep_request));
  REQUIRE(link.take_command() == beep_request);
  link.set_reply(reply);
}

}  // namespace

TEST_CASE("packet device answers a ping after power-on with type II number 0", "[packet_device_link]") {
  packet_device_link link;
  send(link, ping());
  // STX LEN16=2 NUM16=0 CRC 69A8h.
  CHECK(link.take_output() == bytes{0x8F, 0x02, 0x00, 0x00, 0x00, 0xA8, 0x69});
  CHECK_FALSE(link.take_command());
}

TEST_CASE("packet device runs request 1 after power-on and replies with its number", "[packet_device_link]") {
  packet_device_link link;
  send(link, request(1, status_request));
  CHECK(link.take_output().empty());
  CHECK_FALSE(link.next_deadline());  // judged at its last byte: no quiet time first
  REQUIRE(link.take_command() == status_request);
  CHECK(link.executing());
  CHECK_FALSE(link.take_command());
  link.set_reply(beep_reply);
  CHECK_FALSE(link.executing());
  // STX LEN16=5 NUM16=1 13 00 1E CRC CBF4h (low byte first).
  CHECK(link.take_output() == bytes{0x8F, 0x05, 0x00, 0x01, 0x00, 0x13, 0x00, 0x1E, 0xF4, 0xCB});
}

TEST_CASE("packet device ignores request numbers other than 1 before any command", "[packet_device_link]") {
  packet_device_link link;
  for (packet_number n : {packet_number{0}, packet_number{2}, packet_number{65535}}) {
    send(link, request(n, status_request));
    CHECK_FALSE(link.take_command());
    CHECK(answers(link) == std::vector<packet>{numbered(0)});
  }
  // A type II packet from the host is no command either.
  send(link, numbered(1));
  CHECK_FALSE(link.take_command());
  CHECK(answers(link) == std::vector<packet>{numbered(0)});
}

TEST_CASE("packet device repeats the kept reply without running the command again", "[packet_device_link]") {
  packet_device_link link;
  run(link, 1, beep_reply);
  const bytes first = link.take_output();
  REQUIRE(first == encode_packet(request(1, beep_reply)));
  // The host missed the reply and sends the same request again: same bytes, no command.
  send(link, request(1, beep_request));
  CHECK_FALSE(link.take_command());
  CHECK(link.take_output() == first);
  // Any other number out of step gets the same kept reply.
  for (packet_number n : {packet_number{0}, packet_number{3}, packet_number{40000}}) {
    send(link, request(n, status_request));
    CHECK_FALSE(link.take_command());
    CHECK(link.take_output() == first);
  }
  // A ping too.
  send(link, ping());
  CHECK(link.take_output() == first);
  // Number 2 is the next command.
  send(link, request(2, status_request));
  REQUIRE(link.take_command() == status_request);
  link.set_reply({0x11, 0x00, 0x1E});
  CHECK(answers(link) == std::vector<packet>{request(2, {0x11, 0x00, 0x1E})});
  send(link, ping());
  CHECK(answers(link) == std::vector<packet>{request(2, {0x11, 0x00, 0x1E})});
}

TEST_CASE("packet device numbers wrap from 65535 to 0", "[packet_device_link]") {
  packet_device_link link;
  for (std::uint32_t n = 1; n <= 65535; ++n) {
    send(link, request(static_cast<packet_number>(n), beep_request));
    REQUIRE(link.take_command());
    link.set_reply(beep_reply);
    REQUIRE(link.take_output().size() >= 10);
  }
  send(link, ping());
  CHECK(answers(link) == std::vector<packet>{request(65535, beep_reply)});
  // After 65535 the next number is 0 (the only time 0 is used), then 1.
  send(link, request(1, beep_request));
  CHECK_FALSE(link.take_command());
  CHECK(answers(link) == std::vector<packet>{request(65535, beep_reply)});
  run(link, 0, beep_reply);
  CHECK(answers(link) == std::vector<packet>{request(0, beep_reply)});
  run(link, 1, beep_reply);
  CHECK(answers(link) == std::vector<packet>{request(1, beep_reply)});
}

TEST_CASE("packet device ignores packets while a command executes", "[packet_device_link]") {
  packet_device_link link;
  send(link, request(1, beep_request));
  // Queued but not yet taken: the line is not read either.
  send(link, ping());
  CHECK(link.take_output().empty());
  REQUIRE(link.take_command() == beep_request);
  send(link, ping());
  send(link, request(1, beep_request));
  send(link, request(2, status_request));
  CHECK(link.take_output().empty());
  CHECK_FALSE(link.take_command());
  link.set_reply(beep_reply);
  // Only the reply, once; request 2 sent meanwhile was not kept.
  CHECK(answers(link) == std::vector<packet>{request(1, beep_reply)});
  CHECK_FALSE(link.take_command());
  send(link, request(2, status_request));
  CHECK(link.take_command() == status_request);
}

TEST_CASE("packet device leaves damaged packets unanswered", "[packet_device_link]") {
  packet_device_link link;
  bytes wire = encode_packet(request(1, status_request));
  wire[5] = 0x10;  // bad CRC
  send_raw(link, wire);
  send_raw(link, {0x8F, 0x01, 0x00, 0x3E, 0x2E});  // LEN16 = 1
  send_raw(link, {0x8F, 0x03, 0x00, 0x9F, 0x00});  // bad escape
  send_raw(link, {0x05, 0x02, 0x05, 0x11});        // standard-level bytes: garbage
  CHECK(link.take_output().empty());
  CHECK_FALSE(link.take_command());

  // A packet cut short by the byte timeout is dropped without an answer.
  const bytes ping_wire = encode_packet(ping());
  send_raw(link, bytes(ping_wire.begin(), ping_wire.begin() + 3), t0);
  REQUIRE(link.next_deadline());
  CHECK(*link.next_deadline() == t0 + milliseconds(50));
  link.on_timer(*link.next_deadline());
  CHECK_FALSE(link.next_deadline());
  send_raw(link, bytes(ping_wire.begin() + 3, ping_wire.end()), t0 + milliseconds(60));
  CHECK(link.take_output().empty());

  // A whole ping afterwards is answered.
  send(link, ping(), t0 + milliseconds(100));
  CHECK(answers(link) == std::vector<packet>{numbered(0)});
}

TEST_CASE("packet device answers each packet of a burst in turn", "[packet_device_link]") {
  packet_device_link link;
  bytes burst = encode_packet(ping());
  const bytes req = encode_packet(request(1, beep_request));
  burst.insert(burst.end(), req.begin(), req.end());
  send_raw(link, burst);
  CHECK(answers(link) == std::vector<packet>{numbered(0)});
  CHECK(link.take_command() == beep_request);
}

TEST_CASE("packet device reset forgets the number and the kept reply", "[packet_device_link]") {
  packet_device_link link;
  run(link, 1, beep_reply);
  run(link, 2, beep_reply);
  link.take_output();
  link.reset();
  send(link, ping());
  CHECK(answers(link) == std::vector<packet>{numbered(0)});
  run(link, 1, beep_reply);
  CHECK(answers(link) == std::vector<packet>{request(1, beep_reply)});

  // A reset while a command runs: its late reply is nobody's and is not sent.
  send(link, request(2, beep_request));
  REQUIRE(link.take_command());
  link.reset();
  CHECK_FALSE(link.executing());
  link.set_reply(beep_reply);
  CHECK(link.take_output().empty());
  send(link, ping());
  CHECK(answers(link) == std::vector<packet>{numbered(0)});
}

TEST_CASE("packet device counts a command with no reply as executed", "[packet_device_link]") {
  packet_device_link link;
  run(link, 1, beep_reply);
  link.take_output();
  run(link, 2, {});
  CHECK_FALSE(link.executing());
  CHECK(link.take_output().empty());
  // Its number is current; a repeat does not run it again and learns the number.
  send(link, request(2, beep_request));
  CHECK_FALSE(link.take_command());
  CHECK(answers(link) == std::vector<packet>{numbered(2)});
  run(link, 3, beep_reply);
  CHECK(answers(link) == std::vector<packet>{request(3, beep_reply)});
}
