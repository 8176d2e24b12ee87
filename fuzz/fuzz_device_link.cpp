// The device side of either low level (device_link, packet_device_link, and the
// auto-selecting auto_device_link), driven by a script of random host bytes, passing time
// and the owner's replies. First byte: which link. Then operations, one byte each:
//   0: bytes from the host (next byte & 63 of them)   1: time passes (next byte x 5 ms),
//   timers that are due run                            2: the command running gets its reply
//   3: power cycle (reset), only when the next byte is 0xFF
// Checks: the link hands over one command at a time (never a second before the reply);
// executing() says so; once the script ends and the last command is answered, the timers
// settle (each on_timer() at the deadline moves it forward) within a bounded number of
// steps.

#include <chrono>
#include <variant>

#include "fuzz/fuzz_input.hpp"
#include "protocol/shtrih/auto_device_link.hpp"
#include "protocol/shtrih/device_link.hpp"
#include "protocol/shtrih/packet_device_link.hpp"

using namespace ws;
using ws::fuzz::fail;
using namespace ws::shtrih;

namespace {

template <class Link>
void run(Link& link, fuzz::input& in) {
  time_point now{};
  bool running = false;  // a command was handed over and not answered
  bytes command;
  const auto drain = [&] {
    const bytes out = link.take_output();
    if (out.size() > 200000) fail("output without bound");
    while (auto next = link.take_command()) {
      if (running) fail("a second command handed over before the first was answered");
      if (!link.executing()) fail("command handed over but not executing");
      running = true;
      command = *next;
    }
  };
  const auto answer = [&] {
    if (!running) return;
    bytes reply{command.empty() ? byte_t{0} : command[0], 0x00, 0x2A};
    link.set_reply(reply);
    running = false;
    if (link.executing()) fail("still executing after the reply");
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
    switch (in.byte() % 4) {
      case 0: {
        const bytes chunk = in.take(in.byte() & 63);
        link.on_bytes(chunk.data(), chunk.size(), now);
        break;
      }
      case 1:
        now += milliseconds(5 * in.byte());
        run_due_timers();
        break;
      case 2:
        answer();
        break;
      default:
        if (in.byte() == 0xFF) {
          link.reset();
          running = false;
        }
        break;
    }
    drain();
  }
  answer();
  drain();
  for (int step = 0; step < 1000; ++step) {
    const auto deadline = link.next_deadline();
    if (!deadline) return;
    if (*deadline > now) now = *deadline;
    run_due_timers();
    answer();
    drain();
  }
  fail("timers never settle once the host is quiet");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::input in(data, size);
  link_timing timing;
  switch (in.byte() % 3) {
    case 0: {
      device_link link(timing);
      run(link, in);
      break;
    }
    case 1: {
      packet_device_link link(timing);
      run(link, in);
      break;
    }
    default: {
      auto_device_link link(timing);
      run(link, in);
      break;
    }
  }
  return 0;
}
