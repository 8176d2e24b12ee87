// The warnings of one register the dashboard shows: the OFD backlog nearing the FN's
// 30-day lock and an FN near or past its expiry, by the device's clock.

#include <catch2/catch.hpp>

#include "http/ops/register_warnings.hpp"
#include "protocol/shtrih/commands_fn_status.hpp"

using namespace ws;

namespace {

constexpr std::int64_t day = 86400;

/// A ready register in fiscal mode with paper, its device clock on the host's.
actors::register_view healthy_register(std::chrono::system_clock::time_point now) {
  actors::register_view view;
  view.config.port = "/dev/ttyUSB0";
  actors::register_status status;
  status.state = actors::register_state::ready;
  status.identity.serial_number = "0000000000000001";
  status.identity.fn_phase = shtrih::fn_phase::configured | shtrih::fn_phase::fiscal_mode;
  status.health.clock_offset_seconds = 0;
  status.health.ofd_unsent_documents = 0;
  status.health.fn_expires_at = actors::host_wall_clock_seconds(now) + 400 * day;
  view.status = status;
  return view;
}

}  // namespace

TEST_CASE("a healthy register has no warnings", "[ops][warnings]") {
  const auto now = std::chrono::system_clock::now();
  CHECK(http::ops::register_warnings(healthy_register(now), now).empty());
}

TEST_CASE("documents unsent to the OFD for days are a warning naming the 30-day lock", "[ops][warnings]") {
  const auto now = std::chrono::system_clock::now();
  auto view = healthy_register(now);
  auto& health = view.status->health;
  health.ofd_unsent_documents = 12;
  health.ofd_oldest_unsent_at = actors::host_wall_clock_seconds(now) - 4 * day;
  CHECK(http::ops::register_warnings(view, now).empty());  // four days: under the warning's five
  health.ofd_oldest_unsent_at = actors::host_wall_clock_seconds(now) - 6 * day;
  CHECK(http::ops::register_warnings(view, now) ==
        std::vector<std::string>{"12 documents unsent to the OFD, the oldest for 6 days (the FN refuses documents after 30)"});
}

TEST_CASE("an FN expiring within 30 days or expired is a warning", "[ops][warnings]") {
  const auto now = std::chrono::system_clock::now();
  auto view = healthy_register(now);
  auto& health = view.status->health;
  health.fn_expires_at = actors::host_wall_clock_seconds(now) + 31 * day;
  CHECK(http::ops::register_warnings(view, now).empty());
  health.fn_expires_at = actors::host_wall_clock_seconds(now) + 10 * day - 3600;
  CHECK(http::ops::register_warnings(view, now) == std::vector<std::string>{"FN expires in 10 days: replace it"});
  health.fn_expires_at = actors::host_wall_clock_seconds(now) - day;
  CHECK(http::ops::register_warnings(view, now) == std::vector<std::string>{"FN expired: replace it"});
}
