#pragma once
// The register's own clock. It runs with the host's clock from an offset that the
// set-time/set-date commands (21h, 22h+23h) change, and tests may move it forward. The
// device keeps local civil time (no time zone: the register shows what it was set to),
// so a time_point here is read as a civil date and time in UTC terms.

#include <chrono>
#include <cstdint>
#include <functional>

namespace ws::emulator {

using device_time = std::chrono::system_clock::time_point;
using host_clock_fn = std::function<device_time()>;

/// A civil date and time (year 2000..2099 on the wire, but any year here).
struct civil_time {
  int year = 2000;
  int month = 1;   ///< 1..12
  int day = 1;     ///< 1..31
  int hour = 0;
  int minute = 0;
  int second = 0;

  static civil_time from(device_time t);
  device_time to_time_point() const;
  /// True when the fields name a real date and time (2000..2099 for the wire's YY).
  bool valid() const;
  friend bool operator==(const civil_time& a, const civil_time& b) {
    return a.year == b.year && a.month == b.month && a.day == b.day && a.hour == b.hour &&
           a.minute == b.minute && a.second == b.second;
  }
};

/// Seconds since 1970-01-01 of a device time, as FFD UnixTime stores it.
std::int64_t unix_seconds(device_time t);
device_time from_unix_seconds(std::int64_t seconds);
/// The same date `months` later (the day clamped to the month's length).
device_time add_months(device_time t, int months);

class device_clock {
 public:
  explicit device_clock(host_clock_fn host = {});

  device_time now() const;
  /// Throws std::out_of_range (offset unchanged) past max_offset either way: time points
  /// hundreds of years out overflow the nanosecond clock (found by fuzzing the control
  /// socket's `clock` command).
  void advance(std::chrono::seconds by);
  static constexpr std::chrono::seconds max_offset{200LL * 366 * 24 * 3600};
  /// Sets the time of day, keeping the date.
  void set_time_of_day(int hour, int minute, int second);
  /// Sets the date, keeping the time of day.
  void set_date(int year, int month, int day);

  std::chrono::seconds offset() const { return offset_; }
  void set_offset(std::chrono::seconds offset) { offset_ = offset; }

 private:
  void set_to(const civil_time& target);

  host_clock_fn host_;
  std::chrono::seconds offset_{0};
};

}  // namespace ws::emulator
