// The host side of either low level (any_host_link) facing a device that answers with
// random bytes at random times. First byte: the level. Then operations, one byte each:
//   0: the host sends a command (when idle)   1: device bytes (next byte & 63 of them)
//   2: time passes (next byte x 5 ms), timers that are due run
// Checks: every command sent ends with exactly one outcome; an outcome never comes
// without a command; once the device falls silent every exchange ends within a bounded
// time (retries are finite); after its outcome the link is idle.

#include <chrono>

#include "fuzz/fuzz_input.hpp"
#include "protocol/shtrih/any_host_link.hpp"

using namespace ws;
using ws::fuzz::fail;
using namespace ws::shtrih;

namespace {

constexpr milliseconds answer_timeout{2000};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::input in(data, size);
  const low_level level = in.byte() % 2 == 0 ? low_level::standard : low_level::packet;
  any_host_link link(level, link_timing{});
  time_point now{};
  bool waiting = false;  // a command was sent and has no outcome yet
  std::uint8_t next_id = 0;
  const auto drain = [&] {
    const bytes out = link.take_output();
    if (out.size() > 200000) fail("output without bound");
    while (auto outcome = link.take_outcome()) {
      if (!waiting) fail("an outcome without a command");
      waiting = false;
      if (!link.idle()) fail("not idle after the outcome");
    }
  };
  const auto run_due_timers = [&] {
    for (int i = 0; i < 1000; ++i) {
      const auto deadline = link.next_deadline();
      if (!deadline || *deadline > now) return;
      link.on_timer(now);
      drain();
      const auto after = link.next_deadline();
      if (after && *after <= *deadline && *after <= now) fail("on_timer() did not move a due deadline");
    }
    fail("timers due without end");
  };
  while (!in.empty()) {
    switch (in.byte() % 3) {
      case 0:
        if (link.idle() && !waiting) {
          link.send(bytes{0x10, next_id++, 0x1E, 0x00, 0x00, 0x00}, answer_timeout, now);
          waiting = true;
        }
        break;
      case 1: {
        const bytes chunk = in.take(in.byte() & 63);
        link.on_bytes(chunk.data(), chunk.size(), now);
        break;
      }
      default:
        now += milliseconds(5 * in.byte());
        run_due_timers();
        break;
    }
    drain();
  }
  // The device is silent from here on: whatever was in flight must end.
  const time_point silent_since = now;
  while (waiting) {
    const auto deadline = link.next_deadline();
    if (!deadline) fail("a command waits for an outcome with no timer running");
    if (*deadline > now) now = *deadline;
    if (now - silent_since > std::chrono::minutes(10)) fail("an exchange did not end within 10 minutes");
    run_due_timers();
  }
  return 0;
}
