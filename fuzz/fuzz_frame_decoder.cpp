// The standard level's frame decoder (protocol/shtrih/frame.hpp) fed bytes in chunks with
// time passing between them. Each chunk: one control byte (low 5 bits: length, high 3
// bits: 10 ms steps to wait before it), then the bytes. Checks: a frame's payload is at
// most 255 bytes and survives encode -> decode unchanged; a control event holds ENQ, ACK
// or NAK; expire() after the deadline leaves nothing partial.

#include <chrono>

#include "fuzz/fuzz_input.hpp"
#include "protocol/shtrih/frame.hpp"

using namespace ws;
using ws::fuzz::fail;
using namespace ws::shtrih;

namespace {

void check(const std::vector<frame_event>& events) {
  for (const auto& e : events) {
    if (e.what == frame_event::kind::frame) {
      if (e.data.empty() || e.data.size() > max_frame_payload) fail("frame payload size");
      frame_decoder again;
      const auto back = again.feed(encode_frame(e.data), time_point{});
      if (back.size() != 1 || back[0].what != frame_event::kind::frame || back[0].data != e.data)
        fail("frame does not survive encode/decode");
    } else if (e.what == frame_event::kind::control) {
      if (e.control != ENQ && e.control != ACK && e.control != NAK) fail("control event with another byte");
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::input in(data, size);
  frame_decoder decoder(milliseconds(50));
  time_point now{};
  std::vector<frame_event> events;
  while (!in.empty()) {
    const std::uint8_t control = in.byte();
    now += milliseconds(10 * (control >> 5));
    if (const auto deadline = decoder.deadline(); deadline && *deadline <= now) decoder.expire(now, events);
    const bytes chunk = in.take(control & 0x1f);
    decoder.feed(chunk.data(), chunk.size(), now, events);
    check(events);
    events.clear();
  }
  if (const auto deadline = decoder.deadline()) {
    decoder.expire(*deadline, events);
    check(events);
    if (decoder.receiving()) fail("partial frame left after its deadline");
  }
  return 0;
}
