#pragma once
// What the host link tests share (test_host_link.cpp, test_host_link_probe.cpp,
// test_packet_host_link.cpp, test_any_host_link.cpp): the times they drive the host with,
// the beep command with its reply as bytes on either low level, and a device played by
// hand against a host link. Each file keeps its own link_timing: they differ on purpose
// (answer probes on or off, how many tries).

#include <catch2/catch.hpp>

#include "protocol/common/bytes.hpp"
#include "protocol/shtrih/frame.hpp"
#include "protocol/shtrih/host_link.hpp"
#include "protocol/shtrih/link_timing.hpp"

namespace ws::shtrih::test {

inline const time_point t0{};
/// The byte timeout: the standard level acts once the line has been quiet this long.
inline const milliseconds quiet{50};
inline const milliseconds ack_wait{500};
/// The answer timeout of every command sent.
inline const milliseconds answer{10000};
/// How long after a frame (standard level) or request 1 (packet level) every answer to
/// what was written before must have arrived: 2 * ack_timeout + byte_timeout.
inline const milliseconds clear_wait{2 * 500 + 50};

// Beep 13h with password 30, and its reply 13 00 1E.
inline const bytes beep_cmd{0x13, 0x1E, 0x00, 0x00, 0x00};
inline const bytes beep_reply{0x13, 0x00, 0x1E};
// Standard level: STX LEN payload LRC (LRC 05^13^1E = 08, see test_device_link.cpp;
// 03^13^00^1E = 0E).
inline const bytes beep_frame{0x02, 0x05, 0x13, 0x1E, 0x00, 0x00, 0x00, 0x08};
inline const bytes beep_reply_frame{0x02, 0x03, 0x13, 0x00, 0x1E, 0x0E};
// Packet level. Type I ping: STX, LEN16 = 0, CRC16 of 00 00 = 1D0Fh.
inline const bytes ping_bytes{0x8F, 0x00, 0x00, 0x0F, 0x1D};
// Beep as request 1: LEN16 = 7, NUM16 = 1, CRC16 = 42CDh.
inline const bytes request_1{0x8F, 0x07, 0x00, 0x01, 0x00, 0x13, 0x1E, 0x00, 0x00, 0x00, 0xCD, 0x42};

/// `a` followed by `b`.
inline bytes cat(bytes a, const bytes& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

/// Plays the device by hand against a host link of either level, keeping its own clock.
template <class HostLink>
struct device_by_hand {
  explicit device_by_hand(const link_timing& timing) : link(timing) {}
  HostLink link;
  time_point now = t0;

  /// Nothing comes: runs the timer at the deadline the host asks for.
  bytes silence() {
    auto d = link.next_deadline();
    REQUIRE(d);
    REQUIRE(*d >= now);
    now = *d;
    link.on_timer(now);
    return link.take_output();
  }

  void expect_reply() {
    auto out = link.take_outcome();
    REQUIRE(out);
    CHECK(out->what == link_outcome::kind::reply);
    CHECK(out->reply == beep_reply);
    CHECK(link.idle());
    CHECK_FALSE(link.next_deadline());
  }

  link_outcome::kind expect_failure() {
    auto out = link.take_outcome();
    REQUIRE(out);
    CHECK(out->reply.empty());
    CHECK(link.idle());
    return out->what;
  }
};

/// The device played by hand against the standard level's host, whose answers arrive
/// byte by byte; the host acts once the line has been quiet for the byte timeout.
struct standard_device_by_hand : device_by_hand<host_link> {
  using device_by_hand::device_by_hand;

  /// The device says `b`; returns what the host wrote back once the line went quiet.
  bytes say(const bytes& b) {
    for (byte_t x : b) link.on_bytes(&x, 1, now);
    CHECK(link.take_output().empty());  // nothing before the line is quiet
    REQUIRE(link.next_deadline() == now + quiet);
    now += quiet;
    link.on_timer(now);
    return link.take_output();
  }
};

}  // namespace ws::shtrih::test
