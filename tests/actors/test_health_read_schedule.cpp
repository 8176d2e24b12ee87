// When a register reads its FN's health (FF39h, FF03h): at identification, after a
// document, and otherwise at most every interval; the expiry only when the FN is new.

#include <catch2/catch.hpp>

#include "actors/health_read_schedule.hpp"

using ws::actors::health_read_schedule;
using namespace std::chrono_literals;

TEST_CASE("a health read is due at identification with the expiry and then waits its interval",
          "[actors][health]") {
  health_read_schedule schedule(60s);
  const auto start = health_read_schedule::clock::now();
  schedule.fn_unknown();
  CHECK(schedule.due(start));
  CHECK(schedule.expiry_wanted());
  schedule.read_done(start, true);
  CHECK_FALSE(schedule.due(start + 59s));
  CHECK(schedule.due(start + 60s));
  CHECK_FALSE(schedule.expiry_wanted());  // the FN's expiry only changes with the FN
}

TEST_CASE("a document made since the last read makes a health read due once the gap after a read passed",
          "[actors][health]") {
  health_read_schedule schedule(60s);
  const auto start = health_read_schedule::clock::now();
  schedule.read_done(start, true);
  CHECK_FALSE(schedule.due(start + 1s));
  schedule.document_made();
  CHECK_FALSE(schedule.due(start + 9s));  // a register printing every second reads at most every 10 s
  CHECK(schedule.due(start + 10s));
  CHECK_FALSE(schedule.expiry_wanted());
  schedule.read_done(start + 10s, false);
  CHECK_FALSE(schedule.due(start + 25s));  // no document since: the interval again
  CHECK(schedule.due(start + 70s));
}

TEST_CASE("with an interval shorter than the gap a document waits only the interval", "[actors][health]") {
  health_read_schedule schedule(3s);
  const auto start = health_read_schedule::clock::now();
  schedule.read_done(start, true);
  schedule.document_made();
  CHECK_FALSE(schedule.due(start + 2s));
  CHECK(schedule.due(start + 3s));
}

TEST_CASE("an unanswered expiry is asked again with the next read and a new FN asks it again",
          "[actors][health]") {
  health_read_schedule schedule(10s);
  const auto start = health_read_schedule::clock::now();
  schedule.read_done(start, false);  // FF03h refused: still wanted, but not before the interval
  CHECK(schedule.expiry_wanted());
  CHECK_FALSE(schedule.due(start + 5s));
  schedule.read_done(start + 10s, true);
  CHECK_FALSE(schedule.expiry_wanted());
  schedule.fn_unknown();
  CHECK(schedule.due(start + 11s));
  CHECK(schedule.expiry_wanted());
}
