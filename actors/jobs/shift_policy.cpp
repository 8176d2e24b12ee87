#include "actors/jobs/shift_policy.hpp"

#include "protocol/ffd/civil_time.hpp"

namespace ws::jobs {

std::int64_t minutes_since_2000(const shtrih::date& day, std::uint8_t hour, std::uint8_t minute) {
  const ffd::civil_time t{2000 + day.year, day.month, day.day, hour, minute, 0};
  const ffd::civil_time base{2000, 1, 1, 0, 0, 0};
  return (ffd::from_civil(t) - ffd::from_civil(base)) / 60;
}

bool shift_needs_renewal(std::int64_t opened_minutes, std::int64_t now_minutes, const shift_policy& policy) {
  constexpr std::int64_t day = 24 * 60;
  return now_minutes + policy.renew_margin.count() >= opened_minutes + day;
}

}  // namespace ws::jobs
