// Alternative low level packet codec: CRC values worked out by running the vendor's
// CRC-16 routine (kkt-protocol-2.0) by hand, exact stuffed bytes, and the incremental
// decoder on split, damaged, late and noisy streams.

#include <catch2/catch.hpp>

#include "protocol/shtrih/packet_frame.hpp"

using namespace ws;
using namespace ws::shtrih;
using ev_kind = packet_event::kind;

namespace {

const time_point t0 = time_point{} + std::chrono::seconds(10);

std::vector<packet_event> decode(packet_decoder& d, const bytes& b, time_point now = t0) {
  std::vector<packet_event> out;
  d.feed(b.data(), b.size(), now, out);
  return out;
}

std::vector<ev_kind> kinds(const std::vector<packet_event>& events) {
  std::vector<ev_kind> out;
  for (const auto& e : events) out.push_back(e.what);
  return out;
}

packet data_packet(packet_number number, bytes data) {
  packet p;
  p.type = packet::kind::data;
  p.number = number;
  p.data = std::move(data);
  return p;
}

std::uint16_t crc_of(const bytes& b) { return packet_crc16(b.data(), b.size()); }

}  // namespace

TEST_CASE("packet crc16 matches the vendor routine", "[packet_frame]") {
  // The vendor's UpdateCrc16 run over the bytes (init FFFFh), stepped by hand in Python.
  CHECK(crc_of({'1', '2', '3', '4', '5', '6', '7', '8', '9'}) == 0x29B1);  // CRC-16/CCITT check value
  CHECK(crc_of({0x00, 0x00}) == 0x1D0F);                                    // a ping's LEN16
  CHECK(crc_of({0x02, 0x00, 0x01, 0x00}) == 0x5A99);                        // type II number 1
  CHECK(crc_of({0x07, 0x00, 0x01, 0x00, 0x11, 0x1E, 0x00, 0x00, 0x00}) == 0x064E);
  CHECK(packet_crc16(nullptr, 0) == 0xFFFF);
}

TEST_CASE("packet encode of a ping and a type II packet", "[packet_frame]") {
  packet ping;
  ping.type = packet::kind::ping;
  CHECK(encode_packet(ping) == bytes{0x8F, 0x00, 0x00, 0x0F, 0x1D});
  packet numbered;
  numbered.type = packet::kind::numbered;
  numbered.number = 1;
  CHECK(encode_packet(numbered) == bytes{0x8F, 0x02, 0x00, 0x01, 0x00, 0x99, 0x5A});
}

TEST_CASE("packet encode of status request 11h number 1", "[packet_frame]") {
  // LEN16 = 7 (NUM16 + CMD + 4 password bytes), CRC 064Eh sent low byte first.
  CHECK(encode_packet(data_packet(1, {0x11, 0x1E, 0x00, 0x00, 0x00})) ==
        bytes{0x8F, 0x07, 0x00, 0x01, 0x00, 0x11, 0x1E, 0x00, 0x00, 0x00, 0x4E, 0x06});
}

TEST_CASE("packet stuffing of 8Fh and 9Fh in NUM and DATA", "[packet_frame]") {
  // The vendor's example: NUM16 = 008Fh. Logical 03 00 8F 00 10, CRC FA84h.
  CHECK(encode_packet(data_packet(0x008F, {0x10})) == bytes{0x8F, 0x03, 0x00, 0x9F, 0x81, 0x00, 0x10, 0x84, 0xFA});
  // NUM16 = 009Fh, DATA = 8F. Logical 03 00 9F 00 8F, CRC CBB1h.
  CHECK(encode_packet(data_packet(0x009F, {0x8F})) ==
        bytes{0x8F, 0x03, 0x00, 0x9F, 0x83, 0x00, 0x9F, 0x81, 0xB1, 0xCB});
  // 81h and 83h alone are left as they are.
  const bytes plain = encode_packet(data_packet(0x8381, {0x81, 0x83}));
  CHECK(plain.size() == 1 + 2 + 2 + 2 + 2);
}

TEST_CASE("packet stuffing of 8Fh and 9Fh in CRC16", "[packet_frame]") {
  // Data bytes chosen so that the CRC holds STX or ESC (found by running the routine).
  CHECK(crc_of({0x03, 0x00, 0x01, 0x00, 0x45}) == 0xD08F);
  CHECK(encode_packet(data_packet(1, {0x45})) == bytes{0x8F, 0x03, 0x00, 0x01, 0x00, 0x45, 0x9F, 0x81, 0xD0});
  CHECK(crc_of({0x03, 0x00, 0x01, 0x00, 0x54}) == 0xD29F);
  CHECK(encode_packet(data_packet(1, {0x54})) == bytes{0x8F, 0x03, 0x00, 0x01, 0x00, 0x54, 0x9F, 0x83, 0xD2});
  CHECK(crc_of({0x03, 0x00, 0x02, 0x00, 0x76}) == 0x8FEF);
  CHECK(encode_packet(data_packet(2, {0x76})) == bytes{0x8F, 0x03, 0x00, 0x02, 0x00, 0x76, 0xEF, 0x9F, 0x81});
  CHECK(crc_of({0x03, 0x00, 0x02, 0x00, 0x77}) == 0x9FCE);
  CHECK(encode_packet(data_packet(2, {0x77})) == bytes{0x8F, 0x03, 0x00, 0x02, 0x00, 0x77, 0xCE, 0x9F, 0x83});
}

TEST_CASE("packet stuffing of 8Fh and 9Fh in LEN16", "[packet_frame]") {
  // LEN16 = 008Fh: 141 data bytes; LEN16 = 009Fh: 157 data bytes.
  const bytes len8f = encode_packet(data_packet(1, bytes(0x8D, 0x11)));
  REQUIRE(len8f.size() >= 4);
  CHECK(bytes(len8f.begin(), len8f.begin() + 4) == bytes{0x8F, 0x9F, 0x81, 0x00});
  const bytes len9f = encode_packet(data_packet(1, bytes(0x9D, 0x11)));
  CHECK(bytes(len9f.begin(), len9f.begin() + 4) == bytes{0x8F, 0x9F, 0x83, 0x00});
  packet_decoder d;
  auto events = decode(d, len8f);
  REQUIRE(kinds(events) == std::vector<ev_kind>{ev_kind::packet});
  CHECK(events[0].value == data_packet(1, bytes(0x8D, 0x11)));
  events = decode(d, len9f);
  REQUIRE(kinds(events) == std::vector<ev_kind>{ev_kind::packet});
  CHECK(events[0].value.data.size() == 0x9D);
}

TEST_CASE("packet encode rejects empty and oversized data", "[packet_frame]") {
  CHECK_THROWS_AS(encode_packet(data_packet(1, {})), format_error);
  CHECK_THROWS_AS(encode_packet(data_packet(1, bytes(65534, 0x11))), format_error);
  const bytes biggest = encode_packet(data_packet(1, bytes(65533, 0x11)));
  CHECK(bytes(biggest.begin(), biggest.begin() + 3) == bytes{0x8F, 0xFF, 0xFF});
}

TEST_CASE("packet decoder reads every type with its fields", "[packet_frame]") {
  packet_decoder d;
  auto events = decode(d, {0x8F, 0x00, 0x00, 0x0F, 0x1D});
  REQUIRE(kinds(events) == std::vector<ev_kind>{ev_kind::packet});
  CHECK(events[0].value.type == packet::kind::ping);
  CHECK(events[0].value.data.empty());

  events = decode(d, {0x8F, 0x02, 0x00, 0x01, 0x00, 0x99, 0x5A});
  REQUIRE(kinds(events) == std::vector<ev_kind>{ev_kind::packet});
  CHECK(events[0].value.type == packet::kind::numbered);
  CHECK(events[0].value.number == 1);

  events = decode(d, {0x8F, 0x07, 0x00, 0x01, 0x00, 0x11, 0x1E, 0x00, 0x00, 0x00, 0x4E, 0x06});
  REQUIRE(kinds(events) == std::vector<ev_kind>{ev_kind::packet});
  CHECK(events[0].value == data_packet(1, {0x11, 0x1E, 0x00, 0x00, 0x00}));
  CHECK_FALSE(d.receiving());
  CHECK_FALSE(d.deadline());
}

TEST_CASE("packet decoder survives a split at every byte boundary", "[packet_frame]") {
  // Stuffing in NUM16 (8Fh), DATA (8Fh, 9Fh) and CRC16: every escape can be cut in two.
  const packet original = data_packet(0x9F8F, {0x8F, 0x9F, 0x81, 0x83, 0x45});
  const bytes wire = encode_packet(original);
  REQUIRE(wire.size() > 12);
  for (std::size_t cut = 0; cut <= wire.size(); ++cut) {
    packet_decoder d;
    std::vector<packet_event> out;
    d.feed(wire.data(), cut, t0, out);
    if (cut < wire.size()) CHECK(out.empty());
    d.feed(wire.data() + cut, wire.size() - cut, t0 + milliseconds(10), out);
    REQUIRE(kinds(out) == std::vector<ev_kind>{ev_kind::packet});
    CHECK(out[0].value == original);
  }
  packet_decoder bytewise;
  std::vector<packet_event> out;
  for (std::size_t i = 0; i < wire.size(); ++i) bytewise.feed(&wire[i], 1, t0 + milliseconds(10 * i), out);
  REQUIRE(kinds(out) == std::vector<ev_kind>{ev_kind::packet});
  CHECK(out[0].value == original);
}

TEST_CASE("packet decoder drops a damaged CRC", "[packet_frame]") {
  packet_decoder d;
  bytes wire = encode_packet(data_packet(1, {0x11, 0x1E, 0x00, 0x00, 0x00}));
  wire[5] = 0x10;  // command 10h instead of 11h: the CRC no longer holds
  CHECK(kinds(decode(d, wire)) == std::vector<ev_kind>{ev_kind::damaged});
  wire = encode_packet(data_packet(1, {0x11}));
  wire.back() ^= 0x01;
  CHECK(kinds(decode(d, wire)) == std::vector<ev_kind>{ev_kind::damaged});
  // The next good packet still comes through.
  CHECK(kinds(decode(d, {0x8F, 0x00, 0x00, 0x0F, 0x1D})) == std::vector<ev_kind>{ev_kind::packet});
}

TEST_CASE("packet decoder rejects LEN16 1 at once", "[packet_frame]") {
  packet_decoder d;
  // Damaged as soon as LEN16 is known; the bytes after it are outside any packet.
  CHECK(kinds(decode(d, {0x8F, 0x01, 0x00})) == std::vector<ev_kind>{ev_kind::damaged});
  CHECK_FALSE(d.receiving());
  CHECK(kinds(decode(d, {0x3E, 0x2E})) == std::vector<ev_kind>{ev_kind::garbage});
}

TEST_CASE("packet decoder rejects LEN16 over its maximum", "[packet_frame]") {
  packet_decoder d(milliseconds(50), 10);
  CHECK(kinds(decode(d, {0x8F, 0x0B, 0x00})) == std::vector<ev_kind>{ev_kind::damaged});
  // Exactly the maximum is fine: NUM16 + 8 data bytes.
  const packet at_max = data_packet(3, bytes(8, 0x22));
  auto events = decode(d, encode_packet(at_max));
  REQUIRE(kinds(events) == std::vector<ev_kind>{ev_kind::packet});
  CHECK(events[0].value == at_max);
}

TEST_CASE("packet decoder rejects a bad escape", "[packet_frame]") {
  packet_decoder d;
  // ESC followed by 00 instead of TSTX/TESC: damaged; the rest is outside any packet.
  CHECK(kinds(decode(d, {0x8F, 0x03, 0x00, 0x9F, 0x00, 0x00, 0x10, 0x84, 0xFA})) ==
        std::vector<ev_kind>{ev_kind::damaged, ev_kind::garbage});
  // ESC followed by STX: damaged, and the STX starts the next packet.
  CHECK(kinds(decode(d, {0x8F, 0x03, 0x00, 0x9F, 0x8F, 0x00, 0x00, 0x0F, 0x1D})) ==
        std::vector<ev_kind>{ev_kind::damaged, ev_kind::packet});
}

TEST_CASE("packet decoder treats STX inside a packet as a new start", "[packet_frame]") {
  packet_decoder d;
  auto events = decode(d, {0x8F, 0x06, 0x00, 0x01, 0x8F, 0x00, 0x00, 0x0F, 0x1D});
  REQUIRE(kinds(events) == std::vector<ev_kind>{ev_kind::damaged, ev_kind::packet});
  CHECK(events[1].value.type == packet::kind::ping);
}

TEST_CASE("packet decoder drops a packet left incomplete past the byte timeout", "[packet_frame]") {
  packet_decoder d(milliseconds(50));
  const bytes wire = encode_packet(data_packet(1, {0x11, 0x1E, 0x00, 0x00, 0x00}));
  std::vector<packet_event> out;
  d.feed(wire.data(), 4, t0, out);
  CHECK(out.empty());
  CHECK(d.receiving());
  REQUIRE(d.deadline());
  CHECK(*d.deadline() == t0 + milliseconds(50));
  d.expire(t0 + milliseconds(49), out);
  CHECK(out.empty());
  d.expire(t0 + milliseconds(50), out);
  CHECK(kinds(out) == std::vector<ev_kind>{ev_kind::timeout});
  CHECK_FALSE(d.receiving());
  CHECK_FALSE(d.deadline());

  // A late rest found by feed(): the timeout first, then the rest is outside any packet.
  out.clear();
  d.feed(wire.data(), 4, t0, out);
  d.feed(wire.data() + 4, wire.size() - 4, t0 + milliseconds(80), out);
  CHECK(kinds(out) == std::vector<ev_kind>{ev_kind::timeout, ev_kind::garbage});

  // Bytes 49 ms apart each are in time.
  out.clear();
  for (std::size_t i = 0; i < wire.size(); ++i) d.feed(&wire[i], 1, t0 + milliseconds(49 * i), out);
  CHECK(kinds(out) == std::vector<ev_kind>{ev_kind::packet});
}

TEST_CASE("packet decoder reports garbage outside packets", "[packet_frame]") {
  packet_decoder d;
  // ENQ and a standard-level frame: garbage (one event per run), then a ping.
  auto events = decode(d, {0x05, 0x02, 0x05, 0x11, 0x1E, 0x00, 0x00, 0x00, 0x0A, 0x8F, 0x00, 0x00, 0x0F, 0x1D, 0x00});
  CHECK(kinds(events) == std::vector<ev_kind>{ev_kind::garbage, ev_kind::packet, ev_kind::garbage});
  CHECK_FALSE(d.receiving());
}

TEST_CASE("packet decoder reset forgets a partial packet", "[packet_frame]") {
  packet_decoder d;
  CHECK(decode(d, {0x8F, 0x06, 0x00}).empty());
  d.reset();
  CHECK_FALSE(d.receiving());
  CHECK(kinds(decode(d, {0x01, 0x00})) == std::vector<ev_kind>{ev_kind::garbage});
}
