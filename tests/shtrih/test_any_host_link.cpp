// any_host_link: either low level's host side behind one surface, driven through it.

#include <catch2/catch.hpp>

#include <stdexcept>

#include "host_link_support.hpp"
#include "protocol/shtrih/any_host_link.hpp"
#include "protocol/shtrih/frame.hpp"
#include "protocol/shtrih/packet_frame.hpp"

using namespace ws;
using namespace ws::shtrih;
using namespace ws::shtrih::test;
using outcome_kind = link_outcome::kind;

namespace {

const link_timing timing{quiet, ack_wait, 2, milliseconds{0}};

// Packet level, besides ping_bytes and request_1: reply 1 (CRC16 CBF4h), type II numbered 0
// (CRC16 69A8h).
const bytes reply_1{0x8F, 0x05, 0x00, 0x01, 0x00, 0x13, 0x00, 0x1E, 0xF4, 0xCB};
const bytes type_ii_0{0x8F, 0x02, 0x00, 0x00, 0x00, 0xA8, 0x69};

/// Feeds `b` at `now`, then runs the timer at each deadline up to `now + quiet` (the
/// standard level acts once the line is quiet); returns what the host wrote.
bytes say(any_host_link& link, const bytes& b, time_point& now) {
  link.on_bytes(b.data(), b.size(), now);
  bytes out = link.take_output();
  const time_point until = now + quiet;
  while (auto d = link.next_deadline()) {
    if (*d > until) break;
    now = *d;
    link.on_timer(now);
    const bytes more = link.take_output();
    out.insert(out.end(), more.begin(), more.end());
  }
  return out;
}

}  // namespace

TEST_CASE("any host link speaks the standard level by default", "[any_host_link]") {
  any_host_link link;
  CHECK(link.level() == low_level::standard);
  CHECK(link.idle());
  CHECK_FALSE(link.next_deadline());
}

TEST_CASE("any host link runs a standard exchange", "[any_host_link]") {
  any_host_link link{low_level::standard, timing};
  CHECK(link.level() == low_level::standard);
  time_point now = t0;
  link.send(beep_cmd, answer, now);
  CHECK_FALSE(link.idle());
  CHECK(link.take_output() == bytes{ENQ});
  CHECK(link.next_deadline() == t0 + ack_wait);
  CHECK(say(link, {NAK}, now) == beep_frame);
  CHECK(say(link, {ACK}, now).empty());
  CHECK(say(link, beep_reply_frame, now) == bytes{ACK});
  auto out = link.take_outcome();
  REQUIRE(out);
  CHECK(out->what == outcome_kind::reply);
  CHECK(out->reply == beep_reply);
  CHECK(link.idle());
}

TEST_CASE("any host link runs a packet exchange", "[any_host_link]") {
  any_host_link link{low_level::packet, timing};
  CHECK(link.level() == low_level::packet);
  time_point now = t0;
  link.send(beep_cmd, answer, now);
  CHECK(link.take_output() == ping_bytes);
  CHECK(link.next_deadline() == t0 + ack_wait);
  CHECK(say(link, type_ii_0, now) == request_1);
  CHECK(say(link, reply_1, now).empty());
  auto out = link.take_outcome();
  REQUIRE(out);
  CHECK(out->what == outcome_kind::reply);
  CHECK(out->reply == beep_reply);
  CHECK(link.idle());
  CHECK_FALSE(link.next_deadline());
}

TEST_CASE("any host link passes timers and reset through to either level", "[any_host_link]") {
  SECTION("standard: ENQ unanswered three times, not delivered") {
    any_host_link link{low_level::standard, timing};
    link.send(beep_cmd, answer, t0);
    CHECK(link.take_output() == bytes{ENQ});
    link.on_timer(t0 + ack_wait);
    CHECK(link.take_output() == bytes{ENQ});
    link.on_timer(t0 + 2 * ack_wait);
    CHECK(link.take_output() == bytes{ENQ});
    link.on_timer(t0 + 3 * ack_wait);
    auto out = link.take_outcome();
    REQUIRE(out);
    CHECK(out->what == outcome_kind::not_delivered);
  }
  SECTION("packet: pings unanswered three times, not delivered") {
    any_host_link link{low_level::packet, timing};
    link.send(beep_cmd, answer, t0);
    CHECK(link.take_output() == ping_bytes);
    link.on_timer(t0 + ack_wait);
    CHECK(link.take_output() == ping_bytes);
    link.on_timer(t0 + 2 * ack_wait);
    CHECK(link.take_output() == ping_bytes);
    link.on_timer(t0 + 3 * ack_wait);
    auto out = link.take_outcome();
    REQUIRE(out);
    CHECK(out->what == outcome_kind::not_delivered);
  }
  SECTION("packet: reset after the request was written, no reply") {
    any_host_link link{low_level::packet, timing};
    time_point now = t0;
    link.send(beep_cmd, answer, now);
    link.take_output();
    CHECK(say(link, type_ii_0, now) == request_1);
    link.reset();
    auto out = link.take_outcome();
    REQUIRE(out);
    CHECK(out->what == outcome_kind::no_reply);
    CHECK(link.idle());
  }
  SECTION("standard: reset before the frame was written, not delivered") {
    any_host_link link{low_level::standard, timing};
    link.send(beep_cmd, answer, t0);
    link.reset();
    CHECK(link.take_output().empty());
    auto out = link.take_outcome();
    REQUIRE(out);
    CHECK(out->what == outcome_kind::not_delivered);
  }
  SECTION("either: a second send while busy is refused") {
    any_host_link standard{low_level::standard, timing};
    any_host_link packet{low_level::packet, timing};
    standard.send(beep_cmd, answer, t0);
    packet.send(beep_cmd, answer, t0);
    CHECK_THROWS_AS(standard.send(beep_cmd, answer, t0), std::logic_error);
    CHECK_THROWS_AS(packet.send(beep_cmd, answer, t0), std::logic_error);
  }
}
