// A device line that takes whichever low level the host starts with.

#include <catch2/catch.hpp>

#include "protocol/shtrih/auto_device_link.hpp"
#include "protocol/shtrih/frame.hpp"
#include "protocol/shtrih/packet_frame.hpp"

using namespace ws;
using namespace ws::shtrih;

namespace {

const time_point t0 = time_point{} + std::chrono::seconds(10);
const bytes beep_request{0x13, 0x1E, 0x00, 0x00, 0x00};
const bytes beep_reply{0x13, 0x00, 0x1E};
// STX LEN16=0 CRC 1D0Fh, and the answer of a device that ran nothing: type II number 0.
const bytes ping_wire{0x8F, 0x00, 0x00, 0x0F, 0x1D};
const bytes type2_zero_wire{0x8F, 0x02, 0x00, 0x00, 0x00, 0xA8, 0x69};

void send(auto_device_link& link, const bytes& wire, time_point now = t0) {
  link.on_bytes(wire.data(), wire.size(), now);
}

/// Lets the standard level's quiet time pass and returns what it then says.
bytes settle(auto_device_link& link) {
  if (auto due = link.next_deadline()) link.on_timer(*due);
  return link.take_output();
}

packet request(packet_number number, bytes data) {
  packet p;
  p.type = packet::kind::data;
  p.number = number;
  p.data = std::move(data);
  return p;
}

}  // namespace

TEST_CASE("auto device link has no level before the first byte", "[auto_device_link]") {
  auto_device_link link;
  CHECK_FALSE(link.level());
  send(link, {});
  CHECK_FALSE(link.level());
  CHECK_FALSE(link.next_deadline());
  CHECK(link.take_output().empty());
  CHECK_FALSE(link.take_command());
  CHECK_FALSE(link.executing());
  link.set_reply(beep_reply);  // nobody asked: ignored
  CHECK(link.take_output().empty());
  link.reset();
  CHECK_FALSE(link.level());
}

TEST_CASE("auto device link takes the packet level on 8Fh", "[auto_device_link]") {
  auto_device_link link;
  send(link, ping_wire);
  REQUIRE(link.level() == low_level::packet);
  CHECK(link.take_output() == type2_zero_wire);
  // Standard-level bytes now mean nothing: no answer, still the packet level.
  send(link, {ENQ});
  CHECK(settle(link).empty());
  CHECK(link.level() == low_level::packet);
  send(link, encode_packet(request(1, beep_request)));
  REQUIRE(link.take_command() == beep_request);
  CHECK(link.executing());
  link.set_reply(beep_reply);
  CHECK(link.take_output() == encode_packet(request(1, beep_reply)));
}

TEST_CASE("auto device link takes the packet level from a lone first byte", "[auto_device_link]") {
  auto_device_link link;
  send(link, {0x8F});
  CHECK(link.level() == low_level::packet);
  send(link, {0x00, 0x00, 0x0F, 0x1D});
  CHECK(link.take_output() == type2_zero_wire);
}

TEST_CASE("auto device link takes the standard level on ENQ and judges it", "[auto_device_link]") {
  auto_device_link link;
  send(link, {ENQ});
  REQUIRE(link.level() == low_level::standard);
  CHECK(settle(link) == bytes{NAK});
  // A packet ping is garbage to the standard level: an idle device with nothing held
  // answers a garbage burst with exactly one NAK ("STX not recognised", device_link.cpp),
  // never a packet answer and never nothing.
  send(link, ping_wire, t0 + milliseconds(200));
  CHECK(settle(link) == bytes{NAK});
  CHECK(link.level() == low_level::standard);
  send(link, {ENQ}, t0 + milliseconds(400));
  CHECK(settle(link) == bytes{NAK});
}

TEST_CASE("auto device link takes the standard level on a frame", "[auto_device_link]") {
  auto_device_link link;
  send(link, encode_frame(beep_request));
  REQUIRE(link.level() == low_level::standard);
  CHECK(settle(link) == bytes{ACK});
  REQUIRE(link.take_command() == beep_request);
  link.set_reply(beep_reply);
  CHECK(link.take_output() == encode_frame(beep_reply));
}

TEST_CASE("auto device link keeps its level over a power cycle", "[auto_device_link]") {
  auto_device_link link;
  send(link, encode_packet(request(1, beep_request)));
  REQUIRE(link.take_command());
  link.set_reply(beep_reply);
  link.take_output();
  link.reset();
  CHECK(link.level() == low_level::packet);
  CHECK_FALSE(link.executing());
  // The number starts again from 0.
  send(link, ping_wire);
  CHECK(link.take_output() == type2_zero_wire);
}

TEST_CASE("auto device link chooses again after rechoose", "[auto_device_link]") {
  auto_device_link link;
  send(link, encode_frame(beep_request));
  CHECK(settle(link) == bytes{ACK});
  REQUIRE(link.take_command());
  link.set_reply(beep_reply);
  // Command 14h ran: its reply is still to be written when the level is let go.
  link.rechoose();
  CHECK_FALSE(link.level());
  CHECK(link.take_output() == encode_frame(beep_reply));
  send(link, ping_wire, t0 + milliseconds(500));
  CHECK(link.level() == low_level::packet);
  CHECK(link.take_output() == type2_zero_wire);
}
