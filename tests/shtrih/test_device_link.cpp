// Device side of the link, driven byte by byte as a host would drive it.

#include <catch2/catch.hpp>

#include "protocol/shtrih/device_link.hpp"
#include "protocol/shtrih/frame.hpp"

using namespace ws;
using namespace ws::shtrih;

namespace {

const time_point t0{};
const milliseconds quiet{50};

// Status request 11h, password 30: LRC worked out in test_frame.cpp.
const bytes status_cmd{0x11, 0x1E, 0x00, 0x00, 0x00};
const bytes status_frame{0x02, 0x05, 0x11, 0x1E, 0x00, 0x00, 0x00, 0x0A};
// Beep 13h, password 30: 05 ^ 13 = 16; 16 ^ 1E = 08.
const bytes beep_cmd{0x13, 0x1E, 0x00, 0x00, 0x00};
const bytes beep_frame{0x02, 0x05, 0x13, 0x1E, 0x00, 0x00, 0x00, 0x08};
// Beep reply 13h err 0 operator 30 (LRC 0E, see test_frame.cpp).
const bytes beep_reply{0x13, 0x00, 0x1E};
const bytes beep_reply_frame{0x02, 0x03, 0x13, 0x00, 0x1E, 0x0E};

bytes cat(bytes a, const bytes& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

/// Plays the host: writes bytes one at a time, lets the line go quiet for the byte
/// timeout, runs the timer when the link asks, and returns what the device answered.
struct host_side {
  device_link link{link_timing{milliseconds{50}, milliseconds{500}, 5}};
  time_point now = t0;

  bytes say(const bytes& b) {
    for (byte_t x : b) link.on_bytes(&x, 1, now);
    CHECK(link.take_output().empty());  // nothing before the line is quiet
    if (auto d = link.next_deadline()) {
      CHECK(*d == now + quiet);
      link.on_timer(*d - milliseconds{1});
      CHECK(link.take_output().empty());
      now = *d;
      link.on_timer(now);
    }
    CHECK_FALSE(link.next_deadline());
    now += milliseconds{10};
    return link.take_output();
  }
};

}  // namespace

TEST_CASE("device answers NAK to ENQ when idle", "[device_link]") {
  host_side h;
  CHECK(h.say({ENQ}) == bytes{NAK});
  CHECK_FALSE(h.link.take_command());
  CHECK_FALSE(h.link.executing());
}

TEST_CASE("device runs one whole exchange", "[device_link]") {
  host_side h;
  CHECK(h.say({ENQ}) == bytes{NAK});
  CHECK(h.say(beep_frame) == bytes{ACK});
  // Queued but not taken yet: already busy for ENQ.
  CHECK(h.say({ENQ}) == bytes{ACK});
  auto cmd = h.link.take_command();
  REQUIRE(cmd);
  CHECK(*cmd == beep_cmd);
  CHECK(h.link.executing());
  CHECK_FALSE(h.link.take_command());
  // ENQ while executing: ACK only, the reply follows by itself.
  CHECK(h.say({ENQ}) == bytes{ACK});
  h.link.set_reply(beep_reply);
  CHECK_FALSE(h.link.executing());
  CHECK(h.link.take_output() == beep_reply_frame);  // at once, no waiting
  CHECK(h.say({ACK}).empty());
  CHECK(h.say({ENQ}) == bytes{NAK});
}

TEST_CASE("device repeats a held reply on every ENQ until ACKed", "[device_link]") {
  host_side h;
  h.say(beep_frame);
  h.link.take_command();
  h.link.set_reply(beep_reply);
  CHECK(h.link.take_output() == beep_reply_frame);
  // The host NAKs it (bad LRC on its side): the device does not resend by itself.
  CHECK(h.say({NAK}).empty());
  CHECK(h.say({ENQ}) == cat({ACK}, beep_reply_frame));
  CHECK(h.say({ENQ}) == cat({ACK}, beep_reply_frame));
  // NAK and ENQ written together, as a host asking for a repeat does.
  CHECK(h.say({NAK, ENQ}) == cat({ACK}, beep_reply_frame));
  // ACK and ENQ together: the reply is dropped, then the device is ready.
  CHECK(h.say({ACK, ENQ}) == bytes{NAK});
  CHECK_FALSE(h.link.take_command());
}

TEST_CASE("device does not run a repeated frame twice while executing", "[device_link]") {
  host_side h;
  CHECK(h.say(beep_frame) == bytes{ACK});
  REQUIRE(h.link.take_command());
  // The host lost our ACK and sends the frame again.
  CHECK(h.say(beep_frame) == bytes{ACK});
  CHECK_FALSE(h.link.take_command());
  h.link.set_reply(beep_reply);
  CHECK(h.link.take_output() == beep_reply_frame);
}

TEST_CASE("device does not run a repeated frame queued but not yet taken", "[device_link]") {
  host_side h;
  CHECK(h.say(beep_frame) == bytes{ACK});
  CHECK(h.say(beep_frame) == bytes{ACK});
  REQUIRE(h.link.take_command());
  CHECK_FALSE(h.link.take_command());
}

TEST_CASE("device answers a repeated frame with the held reply", "[device_link]") {
  host_side h;
  h.say(beep_frame);
  h.link.take_command();
  h.link.set_reply(beep_reply);
  h.link.take_output();
  CHECK(h.say(beep_frame) == cat({ACK}, beep_reply_frame));
  CHECK_FALSE(h.link.take_command());
  CHECK_FALSE(h.link.executing());
}

TEST_CASE("device runs an equal frame again once its reply was ACKed", "[device_link]") {
  host_side h;
  h.say(beep_frame);
  h.link.take_command();
  h.link.set_reply(beep_reply);
  h.link.take_output();
  CHECK(h.say({ACK}).empty());
  CHECK(h.say(beep_frame) == bytes{ACK});
  auto cmd = h.link.take_command();
  REQUIRE(cmd);
  CHECK(*cmd == beep_cmd);
}

TEST_CASE("device drops a held reply when a different command comes", "[device_link]") {
  host_side h;
  h.say(beep_frame);
  h.link.take_command();
  h.link.set_reply(beep_reply);
  h.link.take_output();
  CHECK(h.say(status_frame) == bytes{ACK});
  auto cmd = h.link.take_command();
  REQUIRE(cmd);
  CHECK(*cmd == status_cmd);
  // Executing the new one: ENQ gets a bare ACK, not the old reply.
  CHECK(h.say({ENQ}) == bytes{ACK});
}

TEST_CASE("device NAKs a different command while one executes", "[device_link]") {
  host_side h;
  h.say(beep_frame);
  h.link.take_command();
  CHECK(h.say(status_frame) == bytes{NAK});
  CHECK_FALSE(h.link.take_command());
  CHECK(h.link.executing());
}

TEST_CASE("device NAKs a frame with a bad LRC", "[device_link]") {
  host_side h;
  bytes bad = status_frame;
  bad.back() ^= 0x40;
  CHECK(h.say(bad) == bytes{NAK});
  CHECK_FALSE(h.link.take_command());
  // The repeat gets through.
  CHECK(h.say(status_frame) == bytes{ACK});
  CHECK(h.link.take_command() == status_cmd);
}

TEST_CASE("device NAKs LEN 0", "[device_link]") {
  host_side h;
  CHECK(h.say({STX, 0x00}) == bytes{NAK});
  CHECK_FALSE(h.link.take_command());
}

TEST_CASE("device NAKs a frame cut by the byte timeout", "[device_link]") {
  host_side h;
  // A frame with its last byte lost: the line goes quiet with the frame incomplete.
  CHECK(h.say({0x02, 0x05, 0x11, 0x1E, 0x00, 0x00, 0x00}) == bytes{NAK});
  CHECK_FALSE(h.link.take_command());
}

TEST_CASE("an idle device answers the late tail of a cut frame with one NAK and runs nothing", "[device_link]") {
  host_side h;
  // The frame stops after 4 bytes; the device NAKs it once the line is quiet.
  CHECK(h.say({0x02, 0x09, 0xFF, 0x46}) == bytes{NAK});
  // Then the rest arrives. It holds 05 and 15, which must not be taken for ENQ or NAK:
  // the burst is garbage, answered with one NAK (no command taken), never with a reply.
  CHECK(h.say({0x7C, 0x05, 0x00, 0x15, 0x33}) == bytes{NAK});
  // A tail that contains an STX and a would-be frame is garbage as well:
  // 02 01 FC FD is a valid frame, but garbage came with it.
  CHECK(h.say({0x44, 0x02, 0x01, 0xFC, 0xFD}) == bytes{NAK});
  CHECK_FALSE(h.link.take_command());
  CHECK(h.say({ENQ}) == bytes{NAK});
}

TEST_CASE("an idle device answers a probing 00 byte with NAK", "[device_link]") {
  // Common host drivers check a line by writing 00h and expecting NAK ("STX not
  // recognised" in the reference).
  host_side h;
  CHECK(h.say({0x00}) == bytes{NAK});
  CHECK_FALSE(h.link.take_command());
}

TEST_CASE("a device holding a reply leaves stray bytes unanswered", "[device_link]") {
  host_side h;
  CHECK(h.say(beep_frame) == bytes{ACK});
  REQUIRE(h.link.take_command() == beep_cmd);
  h.link.set_reply(beep_reply);
  CHECK(h.link.take_output() == beep_reply_frame);
  // Noise now must not read as "idle": the reply is still held and comes on ENQ.
  CHECK(h.say({0x00, 0x7C}).empty());
  CHECK(h.say({ENQ}) == cat(bytes{ACK}, beep_reply_frame));
}

TEST_CASE("device drops a frame followed at once by stray bytes", "[device_link]") {
  host_side h;
  // A frame whose damaged LEN (02) cut it short where the LRC happens to match:
  // payload 11 13, LRC 02 ^ 11 ^ 13 = 00. The rest of the real frame (AA BB) follows at
  // once, so the "frame" is not taken: one NAK, nothing run.
  CHECK(h.say({0x02, 0x02, 0x11, 0x13, 0x00, 0xAA, 0xBB}) == bytes{NAK});
  CHECK_FALSE(h.link.take_command());
}

TEST_CASE("device answers a burst only when the line goes quiet", "[device_link]") {
  device_link link;
  const byte_t enq = ENQ;
  link.on_bytes(&enq, 1, t0);
  REQUIRE(link.next_deadline() == t0 + quiet);
  // A byte 30 ms later restarts the wait; it is noise, so the burst is answered as
  // garbage: one NAK from the idle device, not an answer to the ENQ plus one to the noise.
  const byte_t noise = 0x7F;
  link.on_bytes(&noise, 1, t0 + milliseconds{30});
  REQUIRE(link.next_deadline() == t0 + milliseconds{80});
  link.on_timer(t0 + milliseconds{79});
  CHECK(link.take_output().empty());
  link.on_timer(t0 + milliseconds{80});
  CHECK(link.take_output() == bytes{NAK});
  CHECK_FALSE(link.next_deadline());
}

TEST_CASE("device judges a quiet burst when the next bytes come without a timer run", "[device_link]") {
  device_link link;
  const bytes first{ENQ};
  const bytes later{ENQ};
  link.on_bytes(first.data(), 1, t0);
  link.on_bytes(later.data(), 1, t0 + milliseconds{200});
  CHECK(link.take_output() == bytes{NAK});  // the first ENQ, judged on its own
  link.on_timer(t0 + milliseconds{250});
  CHECK(link.take_output() == bytes{NAK});
}

TEST_CASE("device ignores stale ACK or NAK", "[device_link]") {
  host_side h;
  CHECK(h.say({ACK}).empty());
  CHECK(h.say({NAK}).empty());
  CHECK(h.say({ENQ}) == bytes{NAK});
}

TEST_CASE("device ends an exchange without a reply on an empty reply", "[device_link]") {
  host_side h;
  h.say(beep_frame);
  h.link.take_command();
  h.link.set_reply({});
  CHECK(h.link.take_output().empty());
  CHECK_FALSE(h.link.executing());
  CHECK(h.say({ENQ}) == bytes{NAK});
  // set_reply with no command taken is ignored.
  h.link.set_reply(beep_reply);
  CHECK(h.link.take_output().empty());
}

TEST_CASE("device reset forgets everything", "[device_link]") {
  host_side h;
  h.say(beep_frame);
  h.link.take_command();
  h.link.set_reply(beep_reply);
  for (byte_t x : bytes{0x02, 0x05}) h.link.on_bytes(&x, 1, h.now);
  h.link.reset();
  CHECK(h.link.take_output().empty());
  CHECK_FALSE(h.link.next_deadline());
  CHECK_FALSE(h.link.executing());
  CHECK(h.say({ENQ}) == bytes{NAK});
}

TEST_CASE("device takes a frame split across reads", "[device_link]") {
  device_link link;
  link.on_bytes(beep_frame.data(), 3, t0);
  link.on_bytes(beep_frame.data() + 3, beep_frame.size() - 3, t0 + milliseconds{40});
  CHECK(link.take_output().empty());
  REQUIRE(link.next_deadline() == t0 + milliseconds{90});
  link.on_timer(t0 + milliseconds{90});
  CHECK(link.take_output() == bytes{ACK});
  CHECK(link.take_command() == beep_cmd);
}
