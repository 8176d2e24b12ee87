// The device clock: civil date conversions, months arithmetic, and the offset that the
// set-time/set-date commands and tests move.
#include <catch2/catch.hpp>

#include "emulator/device_clock.hpp"

using namespace ws::emulator;
using std::chrono::hours;
using std::chrono::seconds;

TEST_CASE("civil time converts to and from seconds since 1970", "[device][clock]") {
  struct civil_case {
    civil_time civil;
    std::int64_t seconds;
  };
  // Values from calendar.timegm.
  const civil_case cases[] = {
      {{2026, 3, 2, 10, 0, 0}, 1772445600},
      {{2000, 2, 29, 23, 59, 59}, 951868799},
      {{2099, 12, 31, 0, 0, 0}, 4102358400},
      {{1970, 1, 1, 0, 0, 0}, 0},
  };
  for (const auto& c : cases) {
    INFO(c.seconds);
    CHECK(unix_seconds(c.civil.to_time_point()) == c.seconds);
    CHECK(civil_time::from(from_unix_seconds(c.seconds)) == c.civil);
  }
}

TEST_CASE("civil time validity follows the calendar", "[device][clock]") {
  CHECK(civil_time{2024, 2, 29, 0, 0, 0}.valid());
  CHECK_FALSE(civil_time{2026, 2, 29, 0, 0, 0}.valid());
  CHECK_FALSE(civil_time{2026, 4, 31, 0, 0, 0}.valid());
  CHECK_FALSE(civil_time{2026, 1, 1, 24, 0, 0}.valid());
  CHECK_FALSE(civil_time{1999, 12, 31, 0, 0, 0}.valid());
}

TEST_CASE("adding months clamps the day to the month's length", "[device][clock]") {
  const auto jan31 = civil_time{2026, 1, 31, 12, 0, 0}.to_time_point();
  CHECK(civil_time::from(add_months(jan31, 1)) == civil_time{2026, 2, 28, 12, 0, 0});
  CHECK(civil_time::from(add_months(jan31, 13)) == civil_time{2027, 2, 28, 12, 0, 0});
  CHECK(civil_time::from(add_months(jan31, 36)) == civil_time{2029, 1, 31, 12, 0, 0});
}

TEST_CASE("the device clock runs from the host clock plus its offset", "[device][clock]") {
  auto host_now = civil_time{2026, 3, 2, 10, 0, 0}.to_time_point();
  device_clock clock([&] { return host_now; });
  CHECK(clock.now() == host_now);

  clock.advance(hours(25));
  CHECK(civil_time::from(clock.now()) == civil_time{2026, 3, 3, 11, 0, 0});
  host_now += seconds(30);  // real time passes too
  CHECK(civil_time::from(clock.now()) == civil_time{2026, 3, 3, 11, 0, 30});

  clock.set_time_of_day(8, 15, 0);  // keeps the date
  CHECK(civil_time::from(clock.now()) == civil_time{2026, 3, 3, 8, 15, 0});
  clock.set_date(2027, 1, 5);  // keeps the time
  CHECK(civil_time::from(clock.now()) == civil_time{2027, 1, 5, 8, 15, 0});

  device_clock restored([&] { return host_now; });
  restored.set_offset(clock.offset());
  CHECK(restored.now() == clock.now());
}
