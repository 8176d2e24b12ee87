#pragma once
// When a job that needs an open shift may open or renew it. A shift lasts 24 hours; a
// receipt started close to the end could be refused half-way, so a shift that would pass
// 24 hours within `renew_margin` is closed and reopened first.

#include <chrono>
#include <cstdint>
#include <optional>

#include "protocol/shtrih/commands_common.hpp"

namespace ws::jobs {

/// The opening of the shift in progress, as a register remembers it between jobs.
struct shift_opening {
  std::uint32_t document_number = 0;  ///< FD number of the shift-open document
  std::uint16_t shift_number = 0;     ///< its shift number: valid while 11h says last closed + 1
  /// minutes_since_2000 of its date-time; unknown when only the open command's reply was
  /// seen (FF0Bh gives no time): then one archive read (FF0Ah) learns it.
  std::optional<std::int64_t> opened_minutes;
};

struct shift_policy {
  /// Open a closed shift, and close and reopen an old one. Off: such a state is a
  /// wrong_state failure instead.
  bool manage_shift = true;
  std::chrono::minutes renew_margin{15};
  /// How far back the job may look through the FN archive for the shift-open document.
  std::uint32_t shift_search_limit = 2000;
  /// The FD number of the current shift's opening document, if the runner remembers it
  /// from an earlier job (receipt_script::shift_open_document()): saves walking back
  /// through the archive. A stale hint (not a shift-open document) is ignored.
  std::optional<std::uint32_t> shift_open_document_hint;
  /// The shift's opening as the runner remembers it (job::set_known_shift): when its shift
  /// number is the device's open shift, no archive read at all. Checked before the hint.
  std::optional<shift_opening> known_shift;
};

/// Minutes since 2000-01-01 00:00 of a device date and time.
std::int64_t minutes_since_2000(const shtrih::date& day, std::uint8_t hour, std::uint8_t minute);
inline std::int64_t minutes_since_2000(const shtrih::fn_date_time& t) {
  return minutes_since_2000(t.day, t.hour, t.minute);
}

/// True when a shift opened at `opened` must be renewed at device time `now`.
bool shift_needs_renewal(std::int64_t opened_minutes, std::int64_t now_minutes, const shift_policy& policy);

}  // namespace ws::jobs
