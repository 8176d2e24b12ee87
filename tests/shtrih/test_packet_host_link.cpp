// Host side of the alternative (packet) low level, driven with the device's answers
// written by hand. Packets the host writes are pinned byte for byte (CRC-16/CCITT, init
// FFFFh, worked out from the vendor's routine; its check value over "123456789" is 29B1h).

#include <catch2/catch.hpp>

#include <stdexcept>

#include "host_link_support.hpp"
#include "protocol/shtrih/packet_frame.hpp"
#include "protocol/shtrih/packet_host_link.hpp"

using namespace ws;
using namespace ws::shtrih;
using namespace ws::shtrih::test;
using outcome_kind = link_outcome::kind;

namespace {

const link_timing timing{quiet, ack_wait, 2, milliseconds{1000}};  // 3 pings in all
// After request 1 an answer numbered 0 is taken as final only once every answer to what
// was written before the request must have arrived (clear_wait).

// Beep as request 6: CRC16 = 5B89h.
const bytes request_6{0x8F, 0x07, 0x00, 0x06, 0x00, 0x13, 0x1E, 0x00, 0x00, 0x00, 0x89, 0x5B};
// Beep as request 0 (after 65535): CRC16 = FAACh.
const bytes request_0{0x8F, 0x07, 0x00, 0x00, 0x00, 0x13, 0x1E, 0x00, 0x00, 0x00, 0xAC, 0xFA};
// Beep as request 143 = 008Fh: the number's low byte is stuffed to 9F 81; CRC16 = DBBCh.
const bytes request_143{0x8F, 0x07, 0x00, 0x9F, 0x81, 0x00, 0x13, 0x1E, 0x00, 0x00, 0x00, 0xBC, 0xDB};

bytes type_ii(packet_number n) {
  packet p;
  p.type = packet::kind::numbered;
  p.number = n;
  return encode_packet(p);
}

bytes type_iii(packet_number n, bytes data) {
  packet p;
  p.type = packet::kind::data;
  p.number = n;
  p.data = std::move(data);
  return encode_packet(p);
}

bytes request(packet_number n) { return type_iii(n, beep_cmd); }
bytes reply(packet_number n) { return type_iii(n, beep_reply); }

/// Plays the device with its own clock.
struct device_side : device_by_hand<packet_host_link> {
  explicit device_side(link_timing t = timing) : device_by_hand(t) {}

  /// Starts an exchange; returns what the host wrote at once.
  bytes start(const bytes& command = beep_cmd) {
    link.send(command, answer, now);
    return link.take_output();
  }

  /// The device says `b` (all at once); returns what the host wrote back.
  bytes say(const bytes& b) {
    link.on_bytes(b.data(), b.size(), now);
    return link.take_output();
  }

  /// `gap` of silence passes; the timer runs if it is due. Returns what the host wrote.
  bytes wait(milliseconds gap) {
    now += gap;
    if (auto d = link.next_deadline(); d && *d <= now) link.on_timer(now);
    return link.take_output();
  }

  /// Pings answered by `answer`: the device's number is learned; returns the request.
  bytes learn(const bytes& answer_packet) {
    REQUIRE(start() == ping_bytes);
    return say(answer_packet);
  }

  outcome_kind finished() {
    auto out = link.take_outcome();
    REQUIRE(out);
    CHECK(link.idle());
    CHECK_FALSE(link.next_deadline());
    CHECK_FALSE(link.take_outcome());  // once only
    if (out->what != outcome_kind::reply) CHECK(out->reply.empty());
    return out->what;
  }
};

}  // namespace

TEST_CASE("packet host pings first with an exact type I packet", "[packet_host_link]") {
  device_side d;
  CHECK(d.link.idle());
  CHECK_FALSE(d.link.next_deadline());
  CHECK(d.start() == ping_bytes);
  CHECK_FALSE(d.link.idle());
  CHECK(d.link.next_deadline() == t0 + ack_wait);
  CHECK_FALSE(d.link.take_outcome());
}

TEST_CASE("packet host numbers its request after a type II answer", "[packet_host_link]") {
  device_side d;
  CHECK(type_ii(0) == bytes{0x8F, 0x02, 0x00, 0x00, 0x00, 0xA8, 0x69});
  CHECK(d.learn(type_ii(0)) == request_1);  // a fresh device at 0 runs 1 next
  CHECK(d.link.next_deadline() == d.now + ack_wait);
  d.now += milliseconds{100};
  CHECK(d.say(reply(1)).empty());
  d.expect_reply();
  // The number is known now: the next exchange writes request 2 at once.
  CHECK(d.start() == request(2));
  CHECK(d.say(reply(2)).empty());
  d.expect_reply();
}

TEST_CASE("packet host numbers its request after a type III answer", "[packet_host_link]") {
  device_side d;
  // The device's last reply (to some status request 11h) numbered 5.
  CHECK(d.learn(type_iii(5, {0x11, 0x00, 0x1E, 0x02})) == request_6);
  CHECK(d.say(reply(6)).empty());
  d.expect_reply();
  CHECK(d.start() == request(7));
}

TEST_CASE("packet host resends the same request after ack timeout of silence", "[packet_host_link]") {
  device_side d;
  CHECK(d.learn(reply(5)) == request_6);
  const time_point written = d.now;
  CHECK(d.silence() == request_6);
  CHECK(d.now == written + ack_wait);
  CHECK(d.silence() == request_6);
  CHECK(d.now == written + 2 * ack_wait);
  // Bytes on the line are not silence: the next resend waits ack_timeout after them.
  d.now += milliseconds{200};
  CHECK(d.say({0x01, 0x02}).empty());
  CHECK(d.link.next_deadline() == d.now + ack_wait);
  CHECK(d.wait(milliseconds{499}).empty());
  CHECK(d.wait(milliseconds{1}) == request_6);
  CHECK(d.say(reply(6)).empty());
  d.expect_reply();
}

TEST_CASE("packet host resends until the answer timeout then reports no reply", "[packet_host_link]") {
  device_side d;
  CHECK(d.learn(reply(5)) == request_6);
  const time_point written = d.now;
  int resends = 0;
  while (d.now + ack_wait < written + answer) {
    CHECK(d.silence() == request_6);
    ++resends;
  }
  CHECK(resends == 19);  // at 500, 1000, ... 9500 ms
  CHECK(d.link.next_deadline() == written + answer);
  CHECK(d.silence().empty());
  CHECK(d.finished() == outcome_kind::no_reply);
  // The device said nothing: its number is forgotten and the next exchange pings.
  CHECK(d.start() == ping_bytes);
}

TEST_CASE("packet host ignores a stale answer numbered one before its request", "[packet_host_link]") {
  device_side d;
  CHECK(d.learn(reply(5)) == request_6);
  CHECK(d.say(reply(5)).empty());  // the answer to a repeated ping
  CHECK(d.say(type_ii(5)).empty());
  CHECK_FALSE(d.link.take_outcome());
  CHECK(d.say(reply(6)).empty());
  d.expect_reply();
  // A late copy of reply 6 during the next exchange is stale too.
  CHECK(d.start() == request(7));
  CHECK(d.say(reply(6)).empty());
  CHECK_FALSE(d.link.take_outcome());
  CHECK(d.say(reply(7)).empty());
  d.expect_reply();
}

TEST_CASE("packet host reports no reply and renumbers on a foreign number", "[packet_host_link]") {
  device_side d;
  CHECK(d.learn(reply(5)) == request_6);
  SECTION("a power cycle: type II numbered 0") {
    CHECK(d.say(type_ii(0)).empty());
    CHECK(d.finished() == outcome_kind::no_reply);
    CHECK(d.start() == request_1);  // no ping: the device said where it stands
  }
  SECTION("a reply numbered ahead") {
    CHECK(d.say(reply(9)).empty());
    CHECK(d.finished() == outcome_kind::no_reply);
    CHECK(d.start() == request(10));
  }
  SECTION("a reply numbered two behind") {
    CHECK(d.say(reply(4)).empty());
    CHECK(d.finished() == outcome_kind::no_reply);
    CHECK(d.start() == request(5));
  }
  SECTION("type II numbered as the request: run without a reply to keep") {
    CHECK(d.say(type_ii(6)).empty());
    CHECK(d.finished() == outcome_kind::no_reply);
    CHECK(d.start() == request(7));
  }
}

TEST_CASE("packet host reports not delivered when pings go unanswered", "[packet_host_link]") {
  device_side d;
  CHECK(d.start() == ping_bytes);
  CHECK(d.silence() == ping_bytes);
  CHECK(d.now == t0 + ack_wait);
  CHECK(d.silence() == ping_bytes);
  CHECK(d.now == t0 + 2 * ack_wait);
  CHECK_FALSE(d.link.take_outcome());
  CHECK(d.silence().empty());  // three pings in all (max_retries 2)
  CHECK(d.now == t0 + 3 * ack_wait);
  CHECK(d.finished() == outcome_kind::not_delivered);
  // Still nothing known: the next exchange pings again.
  CHECK(d.start() == ping_bytes);
}

TEST_CASE("packet host ignores damaged packets and garbage while pinging", "[packet_host_link]") {
  device_side d;
  CHECK(d.start() == ping_bytes);
  bytes damaged = reply(5);
  damaged[5] ^= 0x04;  // a data byte: the CRC no longer holds
  CHECK(d.say(damaged).empty());
  CHECK(d.say({0x00, 0x15, 0x06}).empty());
  CHECK(d.say(ping_bytes).empty());  // an echo of our own ping is no answer
  CHECK(d.silence() == ping_bytes);
  CHECK(d.say(reply(5)) == request_6);
}

TEST_CASE("packet host never returns a reply with another command code", "[packet_host_link]") {
  device_side d;
  CHECK(d.learn(reply(5)) == request_6);
  // Numbered as our request, but the answer to a status request 11h.
  CHECK(d.say(type_iii(6, {0x11, 0x00, 0x1E, 0x02})).empty());
  CHECK(d.finished() == outcome_kind::no_reply);
  CHECK(d.start() == request(7));  // the device ran something as 6
}

TEST_CASE("packet host matches both bytes of an FFxx command code", "[packet_host_link]") {
  device_side d;
  const bytes fn_status{0xFF, 0x01, 0x1E, 0x00, 0x00, 0x00};
  REQUIRE(d.start(fn_status) == ping_bytes);
  CHECK(d.say(reply(5)) == type_iii(6, fn_status));
  SECTION("same first byte, other second byte") {
    CHECK(d.say(type_iii(6, {0xFF, 0x02, 0x00})).empty());
    CHECK(d.finished() == outcome_kind::no_reply);
  }
  SECTION("both bytes match") {
    CHECK(d.say(type_iii(6, {0xFF, 0x01, 0x00, 0x07})).empty());
    auto out = d.link.take_outcome();
    REQUIRE(out);
    CHECK(out->what == outcome_kind::reply);
    CHECK(out->reply == bytes{0xFF, 0x01, 0x00, 0x07});
  }
}

TEST_CASE("packet host reads packets split into single bytes and stuffed numbers", "[packet_host_link]") {
  device_side d;
  CHECK(d.learn(reply(142)) == request_143);
  const bytes answer_bytes = reply(143);
  REQUIRE(answer_bytes.size() == 11);  // 8F 05 00 [9F 81] 00 13 00 1E CRC CRC
  for (std::size_t i = 0; i + 1 < answer_bytes.size(); ++i) {
    CHECK(d.say({answer_bytes[i]}).empty());
    d.now += milliseconds{10};
  }
  CHECK_FALSE(d.link.take_outcome());
  CHECK(d.say({answer_bytes.back()}).empty());
  d.expect_reply();
}

TEST_CASE("packet host holds its timers while a packet is coming in", "[packet_host_link]") {
  device_side d;
  CHECK(d.learn(reply(5)) == request_6);
  const bytes answer_bytes = reply(6);
  d.now += milliseconds{480};
  CHECK(d.say(bytes(answer_bytes.begin(), answer_bytes.begin() + 4)).empty());
  // A packet is being received: the byte timeout (50 ms after its last byte) comes first
  // and the resend waits for a silent line.
  CHECK(d.link.next_deadline() == d.now + milliseconds{50});
  CHECK(d.wait(milliseconds{40}).empty());
  CHECK(d.say(bytes(answer_bytes.begin() + 4, answer_bytes.end())).empty());
  d.expect_reply();
}

TEST_CASE("packet host drops a packet cut by the byte timeout", "[packet_host_link]") {
  device_side d;
  CHECK(d.learn(reply(5)) == request_6);
  const bytes answer_bytes = reply(6);
  CHECK(d.say(bytes(answer_bytes.begin(), answer_bytes.begin() + 6)).empty());
  CHECK(d.silence().empty());  // the byte timeout: the partial packet is dropped
  CHECK(d.silence() == request_6);  // then ack_timeout after the last byte: resend
  CHECK(d.say(bytes(answer_bytes.begin() + 6, answer_bytes.end())).empty());  // a stray tail
  CHECK_FALSE(d.link.take_outcome());
  CHECK(d.say(answer_bytes).empty());
  d.expect_reply();
}

TEST_CASE("packet host never repeats request 1 and pings instead", "[packet_host_link]") {
  // A device that ran request 1 and then lost its reply to a power cycle is back at 0
  // with nothing run: exactly the state in which it would run request 1 again.
  device_side d;
  CHECK(d.learn(type_ii(0)) == request_1);
  const time_point written = d.now;
  CHECK(d.silence() == ping_bytes);
  CHECK(d.now == written + ack_wait);
  SECTION("the kept reply 1 answers the ping") {
    CHECK(d.say(reply(1)).empty());
    d.expect_reply();
    CHECK(d.start() == request(2));
  }
  SECTION("an early answer numbered 0 may be stale") {
    CHECK(d.say(type_ii(0)).empty());  // before 2 * ack + byte timeout: ignored
    CHECK_FALSE(d.link.take_outcome());
    CHECK(d.silence() == ping_bytes);
    CHECK(d.now == written + 2 * ack_wait);
    CHECK(d.say(reply(1)).empty());
    d.expect_reply();
  }
  SECTION("an answer numbered 0 once the line is clear: the request is gone") {
    CHECK(d.silence() == ping_bytes);
    d.now = written + clear_wait - milliseconds{1};
    CHECK(d.say(type_ii(0)).empty());
    CHECK_FALSE(d.link.take_outcome());
    d.now += milliseconds{1};
    CHECK(d.say(type_ii(0)).empty());
    CHECK(d.finished() == outcome_kind::no_reply);
    CHECK(d.start() == request_1);
  }
  SECTION("silence until the answer timeout") {
    int pings = 1;
    while (d.now + ack_wait < written + answer) {
      CHECK(d.silence() == ping_bytes);
      ++pings;
    }
    CHECK(pings == 19);
    CHECK(d.silence().empty());
    CHECK(d.finished() == outcome_kind::no_reply);
  }
}

TEST_CASE("packet host numbers across the 16 bit wrap", "[packet_host_link]") {
  device_side d;
  CHECK(d.learn(reply(65535)) == request_0);
  CHECK(d.say(reply(65535)).empty());  // one before 0 is 65535: stale
  CHECK_FALSE(d.link.take_outcome());
  CHECK(d.silence() == request_0);  // 0 is not 1: repeats are safe
  CHECK(d.say(reply(0)).empty());
  d.expect_reply();
  CHECK(d.start() == request_1);
  CHECK(d.say(reply(0)).empty());  // stale
  CHECK(d.say(reply(1)).empty());
  d.expect_reply();
}

TEST_CASE("packet host reset abandons each phase with the right outcome", "[packet_host_link]") {
  device_side d;
  SECTION("idle: no outcome and the number is forgotten") {
    CHECK(d.learn(reply(5)) == request_6);
    CHECK(d.say(reply(6)).empty());
    d.expect_reply();
    d.link.reset();
    CHECK(d.link.idle());
    CHECK_FALSE(d.link.take_outcome());
    CHECK(d.start() == ping_bytes);
  }
  SECTION("pinging: nothing but pings written, not delivered") {
    CHECK(d.start() == ping_bytes);
    CHECK(d.silence() == ping_bytes);
    d.link.reset();
    CHECK(d.finished() == outcome_kind::not_delivered);
    CHECK(d.start() == ping_bytes);
  }
  SECTION("requesting: the request may have run, no reply") {
    CHECK(d.learn(reply(5)) == request_6);
    d.link.reset();
    CHECK(d.finished() == outcome_kind::no_reply);
    CHECK(d.link.take_output().empty());
    // The number is forgotten and late bytes while idle are dropped.
    CHECK(d.say(reply(6)).empty());
    CHECK_FALSE(d.link.take_outcome());
    CHECK(d.start() == ping_bytes);
  }
  SECTION("unwritten output is dropped") {
    d.link.send(beep_cmd, answer, d.now);
    d.link.reset();
    CHECK(d.link.take_output().empty());
    CHECK(d.finished() == outcome_kind::not_delivered);
  }
}

TEST_CASE("packet host refuses a second send and a bad command", "[packet_host_link]") {
  device_side d;
  CHECK_THROWS_AS(d.link.send(bytes{}, answer, d.now), format_error);
  CHECK(d.link.idle());
  CHECK_THROWS_AS(d.link.send(bytes(65534, 0x13), answer, d.now), format_error);
  CHECK(d.link.idle());
  CHECK(d.start() == ping_bytes);
  CHECK_THROWS_AS(d.link.send(beep_cmd, answer, d.now), std::logic_error);
  CHECK(d.say(type_ii(0)) == request_1);
  CHECK(d.say(reply(1)).empty());
  // The outcome not yet taken: still busy.
  CHECK_FALSE(d.link.idle());
  CHECK_THROWS_AS(d.link.send(beep_cmd, answer, d.now), std::logic_error);
  d.expect_reply();
}
