#pragma once
// The one backoff rule of the farm's retries (a register reopening its line, a group
// restarting a register): the first wait is the minimum, each next one doubles, up to the
// maximum.

#include <algorithm>

#include <caf/all.hpp>

namespace ws::actors {

/// The wait after `previous` (zero: none yet).
inline caf::timespan next_backoff(caf::timespan previous, caf::timespan minimum, caf::timespan maximum) {
  return previous.count() == 0 ? minimum : std::min(previous * 2, maximum);
}

}  // namespace ws::actors
