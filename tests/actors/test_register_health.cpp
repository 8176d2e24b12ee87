// The health numbers a register publishes, turned into ages and times at a host instant:
// the device's clock counts (through the offset the idle poll measured).

#include <catch2/catch.hpp>

#include "actors/register_health.hpp"

using namespace ws::actors;

TEST_CASE("the OFD backlog's age and the FN's expiry count by the device's clock", "[actors][health]") {
  const auto now = std::chrono::system_clock::now();
  register_health health;
  CHECK_FALSE(ofd_oldest_unsent_age_seconds(health, now));
  CHECK_FALSE(fn_seconds_left(health, now));
  CHECK_FALSE(fn_expires_unix_seconds(health, now));

  health.clock_offset_seconds = 30;  // the device runs 30 s ahead of the host
  const auto device_now = host_wall_clock_seconds(now) + 30;
  health.ofd_unsent_documents = 3;
  health.ofd_oldest_unsent_at = device_now - 2 * 86400;
  health.fn_expires_at = device_now + 10 * 86400;
  CHECK(ofd_oldest_unsent_age_seconds(health, now) == 2 * 86400);
  CHECK(fn_seconds_left(health, now) == 10 * 86400);
  CHECK(fn_expires_unix_seconds(health, now) == std::chrono::system_clock::to_time_t(now) + 10 * 86400);

  health.ofd_unsent_documents = 0;  // all sent: no age, whatever was read before
  CHECK_FALSE(ofd_oldest_unsent_age_seconds(health, now));
}

TEST_CASE("an FN date-time counts to the minute as device wall-clock seconds", "[actors][health]") {
  const ws::shtrih::fn_date_time when{ws::shtrih::date{7, 12, 26}, 10, 5};
  CHECK(device_wall_clock_seconds(when) ==
        device_wall_clock_seconds(ws::shtrih::date{7, 12, 26}, ws::shtrih::time_of_day{10, 5, 0}));
  CHECK(device_wall_clock_seconds(when) - device_wall_clock_seconds(ws::shtrih::date{6, 12, 26}, {}) ==
        86400 + 10 * 3600 + 5 * 60);
}
