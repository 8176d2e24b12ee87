#pragma once
// What a register learns of its device's health as a side effect of its own upkeep (the
// idle 11h poll, the FF01h refresh after a job, the shift opening a receipt found, the
// health read of FF39h and FF03h: health_read_schedule.hpp), never by a command of a
// scrape: the numbers an operator watches (the FN refuses documents once the device clock
// drifts past 5 minutes, a shift may last 24 hours, a document unsent to the OFD for 30
// days, or an expired FN). Published in register_status; the front turns them into
// metrics and the dashboard.
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
  /// Documents the OFD has not acknowledged yet (FF39h at the last health read).
  std::optional<std::uint32_t> ofd_unsent_documents;
  /// Device wall-clock seconds of the oldest of them (FF39h, to the minute); empty when
  /// none waits or none was read.
  std::optional<std::int64_t> ofd_oldest_unsent_at;
  /// The start (00:00) of the FN's expiry date (FF03h), device wall-clock seconds.
  std::optional<std::int64_t> fn_expires_at;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, register_health& x) {
  return f(caf::meta::type_name("register_health"), x.clock_offset_seconds, x.shift_opened_at,
           x.ofd_unsent_documents, x.ofd_oldest_unsent_at, x.fn_expires_at);
}

/// The host's local wall clock at `now`, counted as device times are.
std::int64_t host_wall_clock_seconds(std::chrono::system_clock::time_point now);

/// A device date and time (11h) as wall-clock seconds.
std::int64_t device_wall_clock_seconds(const shtrih::date& day, const shtrih::time_of_day& time);

/// An FN date-time (FF39h: to the minute) as wall-clock seconds.
std::int64_t device_wall_clock_seconds(const shtrih::fn_date_time& when);

/// A shift opening's minutes since 2000 (jobs::shift_opening) as wall-clock seconds.
std::int64_t wall_clock_seconds_of_minutes_since_2000(std::int64_t minutes);

/// The age of the open shift at host time `now`, seconds (the device's clock counts, as
/// the FN counts the 24 hours by it); nullopt when the opening is unknown.
std::optional<std::int64_t> shift_age_seconds(const register_health& health, std::chrono::system_clock::time_point now);

/// How long the oldest document unsent to the OFD has waited at host time `now`, by the
/// device's clock (the FN counts its 30 days by it); nullopt when none waits or unknown.
std::optional<std::int64_t> ofd_oldest_unsent_age_seconds(const register_health& health,
                                                          std::chrono::system_clock::time_point now);

/// Seconds left at host time `now` until the FN's expiry date begins, by the device's
/// clock; negative once it began; nullopt when unknown.
std::optional<std::int64_t> fn_seconds_left(const register_health& health, std::chrono::system_clock::time_point now);

/// When the FN's expiry date begins as a Unix time on the host's clock (the device's clock
/// offset and the host's zone taken out); nullopt when unknown.
std::optional<std::int64_t> fn_expires_unix_seconds(const register_health& health,
                                                    std::chrono::system_clock::time_point now);

/// The offset changed enough to tell subscribers: 11h gives whole seconds, so a one-second
/// wobble between polls is noise.
bool clock_offset_moved(const std::optional<std::int64_t>& before, std::int64_t now);

}  // namespace ws::actors
