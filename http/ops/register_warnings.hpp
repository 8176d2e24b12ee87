#pragma once
// What an operator must act on about one register, in words, from its last published
// status: not working, a shift near its 24 hours, a clock drifting towards the FN's
// 5 minutes, no paper, an FN out of fiscal mode, documents unsent to the OFD for days
// (the FN refuses documents after 30), an FN near or past its expiry date. The dashboard shows them; the same
// numbers are metrics (farm_gauges.hpp) for alert rules.

#include <chrono>
#include <string>
#include <vector>

#include "actors/farm_messages.hpp"

namespace ws::http::ops {

/// A shift this old is renewed or refused soon (the FN refuses documents past 24 h).
inline constexpr std::chrono::hours shift_age_warning{23};
/// A clock this far off is close to the FN's limit of 5 minutes.
inline constexpr std::chrono::seconds clock_offset_warning{120};
/// A document unsent to the OFD this long: the link is down for days, and the FN locks at
/// 30 (a weekend's outage stays under it).
inline constexpr std::chrono::hours ofd_backlog_warning{24 * 5};
/// An FN expiring within this long needs replacing (and re-registering) soon.
inline constexpr std::chrono::hours fn_expiry_warning{24 * 30};

std::vector<std::string> register_warnings(const actors::register_view& view, std::chrono::system_clock::time_point now);

}  // namespace ws::http::ops
