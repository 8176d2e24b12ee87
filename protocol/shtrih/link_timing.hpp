#pragma once
// Timing of the Shtrih-M standard low level, shared by both sides of the link.
// Time is passed in by the caller (sans-I/O): nothing here reads a clock.

#include <chrono>

namespace ws::shtrih {

using link_clock = std::chrono::steady_clock;
using time_point = link_clock::time_point;
using std::chrono::milliseconds;

struct link_timing {
  /// Longest gap between two bytes of one frame, and the least time before answering.
  milliseconds byte_timeout{50};
  /// How long the host waits for ACK/NAK after sending ENQ or a frame.
  milliseconds ack_timeout{500};
  /// How many times the host repeats ENQ / a frame on silence or NAK before giving up.
  int max_retries = 5;
  /// While the host waits for the reply to a command the device has taken, how long the
  /// line may stay silent before the host sends ENQ to ask whether the device still has
  /// it (ACK: executing, or holding the reply) or is idle with nothing (NAK: it lost the
  /// command to a reboot and will never answer). Zero: never ask before the command's
  /// answer timeout has passed.
  milliseconds answer_probe_interval{1000};
};

}  // namespace ws::shtrih
