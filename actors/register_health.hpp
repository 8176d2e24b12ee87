#pragma once
// What a register learns of its device's health as a side effect of its own upkeep (the
// idle 11h poll, the FF01h refresh after a job, the shift opening a receipt found), never
// by a command of its own: the numbers an operator watches (the FN refuses documents once
// the device clock drifts past 5 minutes, a shift may last 24 hours). Published in
// register_status; the front turns them into metrics and the dashboard.
//
// Device times are wall-clock times without a zone, counted as if they were UTC (as FFD
// UnixTime counts them, protocol/ffd/civil_time.hpp); the host's local wall clock is
// counted the same way, so the offset between the two is zone-free when the host runs in
// the registers' zone.

#include <chrono>
#include <cstdint>
#include <optional>

#include <caf/meta/type_name.hpp>

#include "protocol/shtrih/commands_common.hpp"

namespace ws::actors {

struct register_health {
  /// Device clock minus the host's local wall clock, in seconds, at the last 11h reply.
  std::optional<std::int64_t> clock_offset_seconds;
  /// When the open shift was opened, device wall-clock seconds (see above); known once a
  /// job opened the shift or a receipt found its opening document.
  std::optional<std::int64_t> shift_opened_at;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, register_health& x) {
  return f(caf::meta::type_name("register_health"), x.clock_offset_seconds, x.shift_opened_at);
}

/// The host's local wall clock at `now`, counted as device times are.
std::int64_t host_wall_clock_seconds(std::chrono::system_clock::time_point now);

/// A device date and time (11h) as wall-clock seconds.
std::int64_t device_wall_clock_seconds(const shtrih::date& day, const shtrih::time_of_day& time);

/// A shift opening's minutes since 2000 (jobs::shift_opening) as wall-clock seconds.
std::int64_t wall_clock_seconds_of_minutes_since_2000(std::int64_t minutes);

/// The age of the open shift at host time `now`, seconds (the device's clock counts, as
/// the FN counts the 24 hours by it); nullopt when the opening is unknown.
std::optional<std::int64_t> shift_age_seconds(const register_health& health, std::chrono::system_clock::time_point now);

/// The offset changed enough to tell subscribers: 11h gives whole seconds, so a one-second
/// wobble between polls is noise.
bool clock_offset_moved(const std::optional<std::int64_t>& before, std::int64_t now);

}  // namespace ws::actors
