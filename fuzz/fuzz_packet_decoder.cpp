// The alternative level's packet decoder (protocol/shtrih/packet_frame.hpp), chunked as in
// fuzz_frame_decoder. Checks: a decoded packet survives encode -> decode unchanged and
// has the shape its kind says; expire() after the deadline leaves nothing partial.

#include <chrono>

#include "fuzz/fuzz_input.hpp"
#include "protocol/shtrih/packet_frame.hpp"

using namespace ws;
using ws::fuzz::fail;
using namespace ws::shtrih;

namespace {

void check(const std::vector<packet_event>& events) {
  for (const auto& e : events) {
    if (e.what != packet_event::kind::packet) continue;
    const packet& p = e.value;
    if (p.type == packet::kind::data && p.data.empty()) fail("data packet without data");
    if (p.type != packet::kind::data && !p.data.empty()) fail("ping or numbered packet with data");
    packet_decoder again;
    std::vector<packet_event> back;
    const bytes encoded = encode_packet(p);
    again.feed(encoded.data(), encoded.size(), time_point{}, back);
    if (back.size() != 1 || back[0].what != packet_event::kind::packet || !(back[0].value == p))
      fail("packet does not survive encode/decode");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::input in(data, size);
  packet_decoder decoder(milliseconds(50), 4096);
  time_point now{};
  std::vector<packet_event> events;
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
    if (decoder.receiving()) fail("partial packet left after its deadline");
  }
  return 0;
}
