#include "actors/register_health.hpp"

#include <ctime>

#include "protocol/ffd/civil_time.hpp"

namespace ws::actors {

std::int64_t host_wall_clock_seconds(std::chrono::system_clock::time_point now) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  std::tm parts{};
  ::localtime_r(&seconds, &parts);
  return ffd::from_civil(ffd::civil_time{parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday, parts.tm_hour,
                                         parts.tm_min, parts.tm_sec});
}

std::int64_t device_wall_clock_seconds(const shtrih::date& day, const shtrih::time_of_day& time) {
  return ffd::from_civil(ffd::civil_time{2000 + day.year, day.month, day.day, time.hour, time.minute, time.second});
}

std::int64_t device_wall_clock_seconds(const shtrih::fn_date_time& when) {
  return device_wall_clock_seconds(when.day, shtrih::time_of_day{when.hour, when.minute, 0});
}

std::int64_t wall_clock_seconds_of_minutes_since_2000(std::int64_t minutes) {
  return ffd::from_civil(ffd::civil_time{2000, 1, 1, 0, 0, 0}) + minutes * 60;
}

namespace {

/// The device's wall clock at host time `now`, as far as the last poll knows its offset.
std::int64_t device_now(const register_health& health, std::chrono::system_clock::time_point now) {
  return host_wall_clock_seconds(now) + health.clock_offset_seconds.value_or(0);
}

}  // namespace

std::optional<std::int64_t> shift_age_seconds(const register_health& health, std::chrono::system_clock::time_point now) {
  if (!health.shift_opened_at) return std::nullopt;
  return device_now(health, now) - *health.shift_opened_at;
}

std::optional<std::int64_t> ofd_oldest_unsent_age_seconds(const register_health& health,
                                                          std::chrono::system_clock::time_point now) {
  if (!health.ofd_oldest_unsent_at || health.ofd_unsent_documents.value_or(0) == 0) return std::nullopt;
  return device_now(health, now) - *health.ofd_oldest_unsent_at;
}

std::optional<std::int64_t> fn_seconds_left(const register_health& health, std::chrono::system_clock::time_point now) {
  if (!health.fn_expires_at) return std::nullopt;
  return *health.fn_expires_at - device_now(health, now);
}

std::optional<std::int64_t> fn_expires_unix_seconds(const register_health& health,
                                                    std::chrono::system_clock::time_point now) {
  const auto left = fn_seconds_left(health, now);
  if (!left) return std::nullopt;
  return static_cast<std::int64_t>(std::chrono::system_clock::to_time_t(now)) + *left;
}

bool clock_offset_moved(const std::optional<std::int64_t>& before, std::int64_t now) {
  if (!before) return true;
  const auto change = now > *before ? now - *before : *before - now;
  return change >= 2;
}

}  // namespace ws::actors
