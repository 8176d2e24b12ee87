// The fault filter on its own: which bytes reach the device link, which NAKs go back.

#include <catch2/catch.hpp>

#include "emulator/fault_filter.hpp"

using ws::bytes;
using ws::emulator::fault_filter;
using ws::emulator::fault_plan;
using ws::emulator::fault_random;
using namespace std::chrono_literals;

namespace {

// 11h (status) with password 30: STX, LEN 5, 11 1E 00 00 00, LRC = 05^11^1E = 0A.
const bytes status_frame{0x02, 0x05, 0x11, 0x1E, 0x00, 0x00, 0x00, 0x0A};
const ws::shtrih::time_point t0{};

struct filtered {
  bytes to_device;
  bytes to_line;
};

filtered feed(fault_filter& filter, const bytes& in, ws::shtrih::time_point at = t0) {
  filtered out;
  filter.inbound(in.data(), in.size(), at, out.to_device, out.to_line);
  return out;
}

}  // namespace

TEST_CASE("fault filter without faults passes every byte unchanged", "[host][fault]") {
  fault_filter filter;
  const bytes in{0x05, 0x02, 0x05, 0x11, 0x1E, 0x00, 0x00, 0x00, 0x0A};  // ENQ, then the status frame
  const auto out = feed(filter, in);
  CHECK(out.to_device == in);
  CHECK(out.to_line.empty());
  bytes reply{0x06, 0x02, 0x03, 0x11, 0x00, 0x01, 0x13};
  const bytes original = reply;
  filter.outbound(reply);
  CHECK(reply == original);
}

TEST_CASE("fault filter answers NAK to the next frames and passes ENQ", "[host][fault]") {
  fault_filter filter;
  fault_plan plan;
  plan.nak_next_frames = 2;
  filter.set_plan(plan);

  const auto enq = feed(filter, {0x05});
  CHECK(enq.to_device == bytes{0x05});
  CHECK(enq.to_line.empty());

  for (int i = 0; i < 2; ++i) {
    const auto naked = feed(filter, status_frame);
    CHECK(naked.to_device.empty());
    CHECK(naked.to_line == bytes{0x15});
  }
  CHECK(filter.counters().frames_naked == 2);
  CHECK(filter.plan().nak_next_frames == 0);

  const auto third = feed(filter, status_frame);
  CHECK(third.to_device == status_frame);
  CHECK(third.to_line.empty());
}

TEST_CASE("fault filter follows frame length so STX inside data starts no frame", "[host][fault]") {
  fault_filter filter;
  // A frame whose data holds 02 bytes: STX LEN=3 CMD=02 02 02 LRC(03^02^02^02=01).
  const bytes tricky{0x02, 0x03, 0x02, 0x02, 0x02, 0x01};
  auto out = feed(filter, tricky);
  CHECK(out.to_device == tricky);
  // Now NAK the next frame: it must be the status frame, not a piece of the tricky one.
  fault_plan plan;
  plan.nak_next_frames = 1;
  filter.set_plan(plan);
  out = feed(filter, status_frame);
  CHECK(out.to_line == bytes{0x15});
  CHECK(out.to_device.empty());
}

TEST_CASE("fault filter forgets a frame cut by a pause longer than the byte timeout", "[host][fault]") {
  fault_filter filter(50ms);
  fault_plan plan;
  plan.nak_next_frames = 1;
  filter.set_plan(plan);
  // Half a frame is swallowed (it was going to be NAKed) ...
  const bytes half(status_frame.begin(), status_frame.begin() + 4);
  auto out = feed(filter, half, t0);
  CHECK(out.to_device.empty());
  CHECK(out.to_line.empty());
  // ... and after 60 ms of silence an ENQ is an ENQ again, not frame data.
  out = feed(filter, {0x05}, t0 + 60ms);
  CHECK(out.to_device == bytes{0x05});
  CHECK(filter.counters().frames_naked == 0);
}

TEST_CASE("fault filter drops every byte at probability 1", "[host][fault]") {
  fault_filter filter;
  fault_plan plan;
  plan.drop_probability = 1.0;
  filter.set_plan(plan);
  const auto out = feed(filter, status_frame);
  CHECK(out.to_device.empty());
  bytes reply{0x06, 0x15};
  filter.outbound(reply);
  CHECK(reply.empty());
  CHECK(filter.counters().bytes_dropped == status_frame.size() + 2);
}

TEST_CASE("fault filter corrupts every byte at probability 1", "[host][fault]") {
  fault_filter filter;
  fault_plan plan;
  plan.corrupt_probability = 1.0;
  filter.set_plan(plan);
  const bytes enqs(8, 0x05);
  const auto out = feed(filter, enqs);
  REQUIRE(out.to_device.size() == enqs.size());
  for (auto b : out.to_device) CHECK(b != 0x05);
  CHECK(filter.counters().bytes_corrupted == 8);
}

TEST_CASE("fault filter damage repeats exactly for the same seed", "[host][fault]") {
  fault_plan plan;
  plan.corrupt_probability = 0.3;
  plan.drop_probability = 0.2;
  plan.seed = 42;
  fault_filter a;
  fault_filter b;
  a.set_plan(plan);
  b.set_plan(plan);
  bytes in(200);
  for (std::size_t i = 0; i < in.size(); ++i) in[i] = static_cast<ws::byte_t>(0x20 + i % 64);
  const auto out_a = feed(a, in);
  const auto out_b = feed(b, in);
  CHECK(out_a.to_device == out_b.to_device);
  CHECK(out_a.to_device != in);
  CHECK(a.counters().bytes_dropped == b.counters().bytes_dropped);
  CHECK(a.counters().bytes_dropped > 0);
  CHECK(a.counters().bytes_corrupted > 0);
  CHECK(out_a.to_device.size() == in.size() - a.counters().bytes_dropped);
}

TEST_CASE("fault random hits a probability within a few percent", "[host][fault]") {
  fault_random random(7);
  int hits = 0;
  for (int i = 0; i < 10000; ++i) hits += random.chance(0.3) ? 1 : 0;
  CHECK(hits > 2800);
  CHECK(hits < 3200);
  for (int i = 0; i < 100; ++i) {
    CHECK_FALSE(random.chance(0.0));
    CHECK(random.chance(1.0));
    CHECK(random.nonzero_mask() != 0);
  }
}

// The packet level: status 11h as request 2 (STX LEN16=7 NUM16=2 11 1E 00 00 00 CRC16), with
// a 02h (the standard level's STX) inside it, which must not start a frame here.
const bytes packet_request_2{0x8F, 0x07, 0x00, 0x02, 0x00, 0x11, 0x1E, 0x00, 0x00, 0x00, 0xCC, 0xDE};
const bytes packet_ping{0x8F, 0x00, 0x00, 0x0F, 0x1D};

TEST_CASE("fault filter on the packet level discards the next packets whole and sends no NAK", "[host][fault][packet]") {
  fault_filter filter;
  fault_plan plan;
  plan.nak_next_frames = 1;
  filter.set_plan(plan);

  const auto discarded = feed(filter, packet_request_2);
  CHECK(filter.level() == ws::shtrih::low_level::packet);
  CHECK(discarded.to_device.empty());
  CHECK(discarded.to_line.empty());
  CHECK(filter.counters().frames_naked == 1);
  // The host's repeat, 200 ms later (no answer came), reaches the device whole.
  const auto repeated = feed(filter, packet_request_2, t0 + 200ms);
  CHECK(repeated.to_device == packet_request_2);
  CHECK(repeated.to_line.empty());
  CHECK(filter.counters().frames_naked == 1);
}

TEST_CASE("fault filter on the packet level ends a discarded packet at the next STX or a pause", "[host][fault][packet]") {
  fault_filter filter(50ms);
  fault_plan plan;
  plan.nak_next_frames = 1;
  filter.set_plan(plan);
  // A packet cut short and discarded, then a whole one right behind it: only the second passes.
  bytes two = bytes(packet_request_2.begin(), packet_request_2.begin() + 6);
  two.insert(two.end(), packet_ping.begin(), packet_ping.end());
  CHECK(feed(filter, two).to_device == packet_ping);
  // Discarding again; the rest of that packet after a pause longer than the byte timeout is
  // no longer part of it: it reaches the device (which drops it as garbage itself).
  plan.nak_next_frames = 1;
  filter.set_plan(plan);
  CHECK(feed(filter, bytes(packet_request_2.begin(), packet_request_2.begin() + 4), t0 + 1s).to_device.empty());
  const bytes tail(packet_request_2.begin() + 4, packet_request_2.end());
  CHECK(feed(filter, tail, t0 + 1s + 60ms).to_device == tail);
  CHECK(filter.counters().frames_naked == 2);
}

TEST_CASE("fault filter without faults passes packets unchanged", "[host][fault][packet]") {
  fault_filter filter;
  fault_plan plan;
  plan.nak_probability = 0.0;
  filter.set_plan(plan);
  bytes in = packet_ping;
  in.insert(in.end(), packet_request_2.begin(), packet_request_2.end());
  CHECK(feed(filter, in).to_device == in);
  CHECK(filter.level() == ws::shtrih::low_level::packet);
}
