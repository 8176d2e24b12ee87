#pragma once
// FFD UnixTime values hold the register's local wall-clock time counted as if it were
// UTC (that is how registers fill tag 1012), so converting to a calendar date needs no
// time zone: it is plain civil-date arithmetic. The caller passes the time in; nothing
// here reads a clock.

#include <cstdint>

namespace ws::ffd {

struct civil_time {
  int year = 1970;
  int month = 1;   ///< 1..12
  int day = 1;     ///< 1..31
  int hour = 0;
  int minute = 0;
  int second = 0;

  friend bool operator==(const civil_time& a, const civil_time& b) {
    return a.year == b.year && a.month == b.month && a.day == b.day && a.hour == b.hour &&
           a.minute == b.minute && a.second == b.second;
  }
};

/// Seconds since 1970-01-01 00:00:00 -> calendar fields (proleptic Gregorian).
civil_time to_civil(std::int64_t seconds);
/// Calendar fields -> seconds since 1970-01-01 00:00:00. Fields are taken as given
/// (no range checks); use `is_valid` first for input from outside.
std::int64_t from_civil(const civil_time& t);
/// True when the fields name a real date and time (1970..2105 so it fits UnixTime).
bool is_valid(const civil_time& t);

}  // namespace ws::ffd
