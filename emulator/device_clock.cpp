#include "emulator/device_clock.hpp"

#include <algorithm>
#include <stdexcept>

namespace ws::emulator {
namespace {

using std::chrono::seconds;

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void civil_from_days(std::int64_t z, int& y, int& m, int& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  y = static_cast<int>(static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2));
}

int days_in_month(int year, int month) {
  static constexpr int lengths[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : lengths[month - 1];
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

}  // namespace

std::int64_t unix_seconds(device_time t) {
  return std::chrono::floor<seconds>(t.time_since_epoch()).count();
}

device_time from_unix_seconds(std::int64_t s) { return device_time{seconds{s}}; }

civil_time civil_time::from(device_time t) {
  const std::int64_t s = unix_seconds(t);
  const std::int64_t days = floor_div(s, 86400);
  const std::int64_t in_day = s - days * 86400;
  civil_time c;
  civil_from_days(days, c.year, c.month, c.day);
  c.hour = static_cast<int>(in_day / 3600);
  c.minute = static_cast<int>(in_day / 60 % 60);
  c.second = static_cast<int>(in_day % 60);
  return c;
}

device_time civil_time::to_time_point() const {
  const std::int64_t days = days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  return from_unix_seconds(days * 86400 + hour * 3600 + minute * 60 + second);
}

bool civil_time::valid() const {
  return year >= 2000 && year <= 2099 && month >= 1 && month <= 12 && day >= 1 &&
         day <= days_in_month(year, month) && hour >= 0 && hour < 24 && minute >= 0 && minute < 60 &&
         second >= 0 && second < 60;
}

device_time add_months(device_time t, int months) {
  civil_time c = civil_time::from(t);
  const int index = c.year * 12 + (c.month - 1) + months;
  c.year = index / 12;
  c.month = index % 12 + 1;
  c.day = std::min(c.day, days_in_month(c.year, c.month));
  return c.to_time_point();
}

device_clock::device_clock(host_clock_fn host) : host_(std::move(host)) {
  if (!host_) host_ = [] { return std::chrono::system_clock::now(); };
}

device_time device_clock::now() const { return host_() + offset_; }

void device_clock::advance(std::chrono::seconds by) {
  if (by > max_offset || by < -max_offset || offset_ + by > max_offset || offset_ + by < -max_offset)
    throw std::out_of_range("the device clock cannot move beyond 200 years from the host's");
  offset_ += by;
}

void device_clock::set_time_of_day(int hour, int minute, int second) {
  civil_time c = civil_time::from(now());
  c.hour = hour;
  c.minute = minute;
  c.second = second;
  set_to(c);
}

void device_clock::set_date(int year, int month, int day) {
  civil_time c = civil_time::from(now());
  c.year = year;
  c.month = month;
  c.day = day;
  set_to(c);
}

void device_clock::set_to(const civil_time& target) {
  const auto host_now = std::chrono::floor<seconds>(host_());
  offset_ = std::chrono::duration_cast<seconds>(target.to_time_point() - host_now);
}

}  // namespace ws::emulator
