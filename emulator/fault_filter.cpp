#include "emulator/fault_filter.hpp"

#include "protocol/shtrih/packet_frame.hpp"

namespace ws::emulator {

namespace {
constexpr byte_t stx = 0x02;
constexpr byte_t nak = 0x15;
}  // namespace

fault_filter::fault_filter(shtrih::milliseconds byte_timeout) : byte_timeout_(byte_timeout) {}

void fault_filter::set_plan(const fault_plan& plan) {
  plan_ = plan;
  random_ = fault_random(plan.seed);
}

bool fault_filter::damage(byte_t& b) {
  if (random_.chance(plan_.drop_probability)) {
    ++counters_.bytes_dropped;
    return false;
  }
  if (random_.chance(plan_.corrupt_probability)) {
    b = static_cast<byte_t>(b ^ random_.nonzero_mask());
    ++counters_.bytes_corrupted;
  }
  return true;
}

bool fault_filter::decide_nak() {
  if (plan_.nak_next_frames > 0) {
    --plan_.nak_next_frames;
    return true;
  }
  return random_.chance(plan_.nak_probability);
}

void fault_filter::inbound(const byte_t* data, std::size_t size, shtrih::time_point now, bytes& to_device,
                           bytes& to_line) {
  // A pause longer than the byte timeout ends any frame or packet in progress, for the
  // device too.
  if (size > 0 && now - last_byte_ > byte_timeout_) {
    state_ = frame_state::between_frames;
    naking_ = false;
    discarding_packet_ = false;
  }
  if (size > 0) last_byte_ = now;
  for (std::size_t i = 0; i < size; ++i) {
    byte_t b = data[i];
    if (!damage(b)) continue;
    if (!level_) level_ = shtrih::low_level_chosen_by(b);  // as the device link chooses
    if (*level_ == shtrih::low_level::packet)
      follow_packet(b, to_device);
    else
      follow_frame(b, to_device, to_line);
  }
}

void fault_filter::follow_frame(byte_t b, bytes& to_device, bytes& to_line) {
  switch (state_) {
    case frame_state::between_frames:
      if (b == stx) {
        state_ = frame_state::expect_length;
        naking_ = decide_nak();
      }
      break;
    case frame_state::expect_length:
      frame_bytes_left_ = int{b} + 1;  // CMD + DATA, then LRC
      state_ = frame_state::in_frame;
      break;
    case frame_state::in_frame:
      if (--frame_bytes_left_ == 0) {
        state_ = frame_state::between_frames;
        if (naking_) {
          ++counters_.frames_naked;
          to_line.push_back(nak);
          naking_ = false;
          return;
        }
      }
      break;
  }
  if (!naking_) to_device.push_back(b);
}

void fault_filter::follow_packet(byte_t b, bytes& to_device) {
  if (b == shtrih::packet_stx) {
    discarding_packet_ = decide_nak();
    if (discarding_packet_) ++counters_.frames_naked;
  }
  if (!discarding_packet_) to_device.push_back(b);
}

void fault_filter::outbound(bytes& data) {
  if (plan_.drop_probability <= 0 && plan_.corrupt_probability <= 0) return;
  bytes kept;
  kept.reserve(data.size());
  for (byte_t b : data)
    if (damage(b)) kept.push_back(b);
  data.swap(kept);
}

}  // namespace ws::emulator
