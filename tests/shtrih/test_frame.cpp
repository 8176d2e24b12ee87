// Frame codec: exact bytes worked out by hand, and the incremental decoder on
// whole, split, damaged and late streams.

#include <catch2/catch.hpp>

#include <random>

#include "protocol/shtrih/frame.hpp"

using namespace ws;
using namespace ws::shtrih;
using kind = frame_event::kind;

namespace {

const time_point t0{};

std::vector<frame_event> feed_all(frame_decoder& d, const bytes& b, time_point now = t0) { return d.feed(b, now); }

}  // namespace

TEST_CASE("encode status request 11h with password 30", "[frame]") {
  // LEN = 5 (CMD + 4 password bytes). LRC = 05 ^ 11 ^ 1E ^ 00 ^ 00 ^ 00:
  // 05 ^ 11 = 14; 14 ^ 1E = 0A.
  CHECK(encode_frame({0x11, 0x1E, 0x00, 0x00, 0x00}) == bytes{0x02, 0x05, 0x11, 0x1E, 0x00, 0x00, 0x00, 0x0A});
}

TEST_CASE("encode short status 10h with password 30", "[frame]") {
  // 05 ^ 10 = 15; 15 ^ 1E = 0B (the frame every Shtrih-M driver log starts with).
  CHECK(encode_frame({0x10, 0x1E, 0x00, 0x00, 0x00}) == bytes{0x02, 0x05, 0x10, 0x1E, 0x00, 0x00, 0x00, 0x0B});
}

TEST_CASE("encode device type FCh with no data", "[frame]") {
  // LEN = 1; LRC = 01 ^ FC = FD.
  CHECK(encode_frame({0xFC}) == bytes{0x02, 0x01, 0xFC, 0xFD});
}

TEST_CASE("encode FN status FF01h with password 30", "[frame]") {
  // LEN = 6; 06 ^ FF = F9; F9 ^ 01 = F8; F8 ^ 1E = E6.
  CHECK(encode_frame({0xFF, 0x01, 0x1E, 0x00, 0x00, 0x00}) ==
        bytes{0x02, 0x06, 0xFF, 0x01, 0x1E, 0x00, 0x00, 0x00, 0xE6});
}

TEST_CASE("encode beep reply 13h err 0 operator 30", "[frame]") {
  // LEN = 3; 03 ^ 13 = 10; 10 ^ 00 = 10; 10 ^ 1E = 0E.
  CHECK(encode_frame({0x13, 0x00, 0x1E}) == bytes{0x02, 0x03, 0x13, 0x00, 0x1E, 0x0E});
  CHECK(frame_lrc({0x13, 0x00, 0x1E}) == 0x0E);
}

TEST_CASE("encode rejects empty and oversized payloads", "[frame]") {
  CHECK_THROWS_AS(encode_frame({}), format_error);
  CHECK_THROWS_AS(encode_frame(bytes(256, 0x11)), format_error);
  const bytes big = encode_frame(bytes(255, 0x11));
  REQUIRE(big.size() == 258);
  CHECK(big[1] == 0xFF);
  // 255 copies of 11 XOR to 11 (odd count); FF ^ 11 = EE.
  CHECK(big.back() == 0xEE);
}

TEST_CASE("decoder yields one frame fed whole", "[frame]") {
  frame_decoder d;
  auto ev = feed_all(d, {0x02, 0x05, 0x11, 0x1E, 0x00, 0x00, 0x00, 0x0A});
  REQUIRE(ev.size() == 1);
  CHECK(ev[0].what == kind::frame);
  CHECK(ev[0].data == bytes{0x11, 0x1E, 0x00, 0x00, 0x00});
  CHECK_FALSE(d.receiving());
  CHECK_FALSE(d.deadline());
}

TEST_CASE("decoder yields one frame fed byte by byte", "[frame]") {
  frame_decoder d;
  const bytes f{0x02, 0x03, 0x13, 0x00, 0x1E, 0x0E};
  std::vector<frame_event> ev;
  for (std::size_t i = 0; i < f.size(); ++i) {
    d.feed(&f[i], 1, t0 + milliseconds(10 * static_cast<int>(i)), ev);
    if (i + 1 < f.size()) {
      CHECK(ev.empty());
      CHECK(d.receiving());
      CHECK(d.deadline() == t0 + milliseconds(10 * static_cast<int>(i) + 50));
    }
  }
  REQUIRE(ev.size() == 1);
  CHECK(ev[0].what == kind::frame);
  CHECK(ev[0].data == bytes{0x13, 0x00, 0x1E});
}

TEST_CASE("decoder reports control bytes outside a frame and treats them as data inside", "[frame]") {
  frame_decoder d;
  // payload 05 06 15 02: LEN 4; 04^05=01; 01^06=07; 07^15=12; 12^02=10.
  auto ev = feed_all(d, {0x05, 0x06, 0x15, 0x02, 0x04, 0x05, 0x06, 0x15, 0x02, 0x10, 0x06});
  REQUIRE(ev.size() == 5);
  CHECK((ev[0].what == kind::control && ev[0].control == ENQ));
  CHECK((ev[1].what == kind::control && ev[1].control == ACK));
  CHECK((ev[2].what == kind::control && ev[2].control == NAK));
  CHECK(ev[3].what == kind::frame);
  CHECK(ev[3].data == bytes{0x05, 0x06, 0x15, 0x02});
  CHECK((ev[4].what == kind::control && ev[4].control == ACK));
}

TEST_CASE("decoder skips garbage between frames", "[frame]") {
  frame_decoder d;
  auto ev = feed_all(d, {0xFF, 0x00, 0x33, 0x02, 0x01, 0xFC, 0xFD, 0x80, 0x02, 0x01, 0xFC, 0xFD});
  REQUIRE(ev.size() == 4);
  CHECK(ev[0].what == kind::garbage);
  CHECK(ev[0].data == bytes{0xFF, 0x00, 0x33});
  CHECK(ev[1].what == kind::frame);
  CHECK(ev[2].what == kind::garbage);
  CHECK(ev[2].data == bytes{0x80});
  CHECK(ev[3].what == kind::frame);
  CHECK(ev[3].data == bytes{0xFC});
}

TEST_CASE("decoder reports a bad LRC and recovers", "[frame]") {
  frame_decoder d;
  // The 10h LRC (0B) on an 11h frame: wrong by 01.
  auto ev = feed_all(d, {0x02, 0x05, 0x11, 0x1E, 0x00, 0x00, 0x00, 0x0B, 0x02, 0x01, 0xFC, 0xFD});
  REQUIRE(ev.size() == 2);
  CHECK(ev[0].what == kind::bad_lrc);
  CHECK(ev[0].data == bytes{0x11, 0x1E, 0x00, 0x00, 0x00});
  CHECK(ev[1].what == kind::frame);
}

TEST_CASE("decoder reports LEN 0 and recovers", "[frame]") {
  frame_decoder d;
  auto ev = feed_all(d, {0x02, 0x00, 0x05, 0x02, 0x01, 0xFC, 0xFD});
  REQUIRE(ev.size() == 3);
  CHECK(ev[0].what == kind::bad_length);
  CHECK((ev[1].what == kind::control && ev[1].control == ENQ));
  CHECK(ev[2].what == kind::frame);
}

TEST_CASE("decoder drops a frame whose next byte is late", "[frame]") {
  frame_decoder d{milliseconds{50}};
  CHECK(feed_all(d, {0x02, 0x05, 0x11}, t0).empty());
  REQUIRE(d.deadline() == t0 + milliseconds{50});
  // 49 ms later the frame goes on.
  CHECK(feed_all(d, {0x1E}, t0 + milliseconds{49}).empty());
  REQUIRE(d.deadline() == t0 + milliseconds{99});
  // The rest comes 50 ms after the last byte: too late.
  auto ev = feed_all(d, {0x00, 0x00, 0x00, 0x0A}, t0 + milliseconds{99});
  REQUIRE(ev.size() == 2);
  CHECK(ev[0].what == kind::timeout);
  CHECK(ev[0].data == bytes{0x05, 0x11, 0x1E});
  CHECK(ev[1].what == kind::garbage);  // the tail holds no STX: skipped
  CHECK(ev[1].data == bytes{0x00, 0x00, 0x00, 0x0A});
  CHECK_FALSE(d.receiving());
}

TEST_CASE("decoder expire drops a partial frame only after its deadline", "[frame]") {
  frame_decoder d{milliseconds{50}};
  feed_all(d, {0x02}, t0);
  std::vector<frame_event> ev;
  d.expire(t0 + milliseconds{49}, ev);
  CHECK(ev.empty());
  CHECK(d.receiving());
  d.expire(t0 + milliseconds{50}, ev);
  REQUIRE(ev.size() == 1);
  CHECK(ev[0].what == kind::timeout);
  CHECK(ev[0].data.empty());
  CHECK_FALSE(d.receiving());
  CHECK_FALSE(d.deadline());
  // Nothing pending: expire does nothing.
  d.expire(t0 + milliseconds{500}, ev);
  CHECK(ev.size() == 1);
}

TEST_CASE("decoder reset forgets a partial frame", "[frame]") {
  frame_decoder d;
  feed_all(d, {0x02, 0x05, 0x11});
  d.reset();
  auto ev = feed_all(d, {0x1E, 0x02, 0x01, 0xFC, 0xFD});
  REQUIRE(ev.size() == 2);
  CHECK(ev[0].what == kind::garbage);
  CHECK(ev[1].what == kind::frame);
}

TEST_CASE("decoder round-trips every payload length", "[frame]") {
  std::mt19937 rng(7);
  for (std::size_t n = 1; n <= 255; ++n) {
    bytes payload(n);
    for (auto& b : payload) b = static_cast<byte_t>(rng());
    frame_decoder d;
    auto ev = feed_all(d, encode_frame(payload));
    REQUIRE(ev.size() == 1);
    REQUIRE(ev[0].what == kind::frame);
    REQUIRE(ev[0].data == payload);
  }
}

TEST_CASE("decoder finds every frame in random streams with garbage and random splits", "[frame][random]") {
  std::mt19937 rng(20261123);
  int frames_total = 0;
  for (int iteration = 0; iteration < 2000; ++iteration) {
    // A stream of frames with noise between them. The noise never holds STX (STX starts
    // a frame by definition); it may hold ENQ/ACK/NAK, which come out as control events.
    std::vector<bytes> sent;
    bytes stream;
    bytes noise_sent;
    const int frame_count = 1 + static_cast<int>(rng() % 6);
    for (int f = 0; f < frame_count; ++f) {
      const std::size_t noise = rng() % 4 == 0 ? rng() % 8 : 0;
      for (std::size_t i = 0; i < noise; ++i) {
        byte_t b = static_cast<byte_t>(rng());
        if (b == STX) b = 0xA5;
        stream.push_back(b);
        noise_sent.push_back(b);
      }
      bytes payload(1 + rng() % (rng() % 5 == 0 ? 255 : 20));
      for (auto& b : payload) b = static_cast<byte_t>(rng());
      const bytes frame = encode_frame(payload);
      stream.insert(stream.end(), frame.begin(), frame.end());
      sent.push_back(std::move(payload));
    }
    // Read in random chunks, each within the byte timeout of the one before.
    frame_decoder d{milliseconds{50}};
    std::vector<frame_event> events;
    time_point now = t0;
    for (std::size_t pos = 0; pos < stream.size();) {
      const std::size_t chunk = std::min<std::size_t>(1 + rng() % 40, stream.size() - pos);
      d.feed(stream.data() + pos, chunk, now, events);
      pos += chunk;
      now += milliseconds(rng() % 50);
    }
    std::vector<bytes> got;
    bytes noise_got;
    for (const auto& ev : events) {
      if (ev.what == kind::frame) got.push_back(ev.data);
      else if (ev.what == kind::control) noise_got.push_back(ev.control);
      else if (ev.what == kind::garbage) noise_got.insert(noise_got.end(), ev.data.begin(), ev.data.end());
      else FAIL("unexpected event kind " << static_cast<int>(ev.what));
    }
    REQUIRE(got == sent);
    REQUIRE(noise_got == noise_sent);
    REQUIRE_FALSE(d.receiving());
    frames_total += frame_count;
  }
  CHECK(frames_total > 6000);
}
