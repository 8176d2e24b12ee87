#pragma once
// Faults injected between a device's line (pty or TCP) and its Shtrih-M device link.
// A fault_plan holds the standing faults (probabilities, delays); the timed ones (line
// down, silence, reboot) are actions on the device host because they start and end.

#include <chrono>
#include <cstdint>

namespace ws::emulator {

struct fault_plan {
  /// Chance that one byte (either direction) gets a random bit pattern XORed into it.
  double corrupt_probability = 0.0;
  /// Chance that one byte (either direction) is lost.
  double drop_probability = 0.0;
  /// Chance that a whole command frame from the host is answered NAK and not handed on.
  double nak_probability = 0.0;
  /// That many next command frames are answered NAK (counts down), on top of the chance.
  int nak_next_frames = 0;
  /// Added to every command's execution time before its reply is sent.
  std::chrono::milliseconds extra_delay{0};
  /// Seed of the device's fault random generator, so a run can be repeated.
  std::uint64_t seed = 1;

  bool any() const {
    return corrupt_probability > 0 || drop_probability > 0 || nak_probability > 0 || nak_next_frames > 0 ||
           extra_delay.count() > 0;
  }
};

/// Small, seeded generator (splitmix64): eight bytes per device instead of an mt19937's
/// two and a half kilobytes, which matters with a thousand devices in one process.
class fault_random {
 public:
  explicit fault_random(std::uint64_t seed = 1) : state_(seed) {}

  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  /// True with the given probability (0 never draws, so an idle plan costs nothing).
  bool chance(double probability) {
    if (probability <= 0.0) return false;
    if (probability >= 1.0) return true;
    const double unit = static_cast<double>(next() >> 11) * (1.0 / 9007199254740992.0);
    return unit < probability;
  }
  /// A non-zero mask to XOR into a byte so that it really changes.
  std::uint8_t nonzero_mask() {
    for (;;) {
      const auto mask = static_cast<std::uint8_t>(next());
      if (mask != 0) return mask;
    }
  }

 private:
  std::uint64_t state_;
};

}  // namespace ws::emulator
