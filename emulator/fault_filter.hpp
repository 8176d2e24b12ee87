#pragma once
// Applies a fault_plan to the bytes between a line and a device link. Pure: no I/O; the
// device host calls it with each chunk and writes what it gives back.
//
// Inbound bytes may be dropped or corrupted (line noise), then whole command frames may
// be answered NAK in the device's name instead of reaching the link. To know where a
// frame starts and ends the filter follows the frame layout (STX LEN CMD.. LRC) itself,
// resyncing after a gap longer than the byte timeout, as the device would.
//
// On the packet level (the host's first byte is 8Fh, the rule the device link follows)
// there is no NAK: a device discards a packet it cannot take and stays silent, and the
// host repeats it. So the "NAK" faults discard whole packets there (from one 8Fh, which
// only ever starts a packet, to the next or to a gap longer than the byte timeout), and
// frames_naked counts the packets discarded.

#include <cstdint>
#include <optional>

#include "emulator/fault_plan.hpp"
#include "protocol/common/bytes.hpp"
#include "protocol/shtrih/link_timing.hpp"
#include "protocol/shtrih/low_level.hpp"

namespace ws::emulator {

/// What the faults did so far; lets tests and the control socket see the effect.
struct fault_counters {
  std::uint64_t bytes_corrupted = 0;
  std::uint64_t bytes_dropped = 0;
  std::uint64_t frames_naked = 0;  ///< frames answered NAK (packet level: packets discarded)
};

class fault_filter {
 public:
  explicit fault_filter(shtrih::milliseconds byte_timeout = shtrih::milliseconds{50});

  /// Replaces the plan; the generator restarts from the plan's seed.
  void set_plan(const fault_plan& plan);
  const fault_plan& plan() const { return plan_; }
  const fault_counters& counters() const { return counters_; }
  /// The low level the bytes so far follow, once a byte has reached the device side.
  std::optional<shtrih::low_level> level() const { return level_; }

  /// Bytes from the host. What the device link should see is appended to `to_device`;
  /// NAKs sent in the device's name are appended to `to_line`.
  void inbound(const byte_t* data, std::size_t size, shtrih::time_point now, bytes& to_device, bytes& to_line);
  /// Bytes from the device to the host, dropped or corrupted in place.
  void outbound(bytes& data);

 private:
  /// Drops or corrupts one byte; false when it is lost.
  bool damage(byte_t& b);
  void follow_frame(byte_t b, bytes& to_device, bytes& to_line);
  void follow_packet(byte_t b, bytes& to_device);
  bool decide_nak();

  enum class frame_state : std::uint8_t { between_frames, expect_length, in_frame };

  fault_plan plan_;
  fault_random random_;
  fault_counters counters_;
  shtrih::milliseconds byte_timeout_;
  shtrih::time_point last_byte_{};
  frame_state state_ = frame_state::between_frames;
  bool naking_ = false;
  int frame_bytes_left_ = 0;
  std::optional<shtrih::low_level> level_;
  bool discarding_packet_ = false;
};

}  // namespace ws::emulator
