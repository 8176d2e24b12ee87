#include <catch2/catch.hpp>

#include "broker_test_helpers.hpp"

using namespace ws::broker;
using namespace ws::broker::testing;
using ws::jobs::failure_kind;

TEST_CASE("a job waiting for a route with no register yet runs on one that joins", "[broker][membership]") {
  test_farm f;
  f.add("R0", inn_a);
  f.core.remove_register("R0");  // the INN was served once: a job for it waits
  job_spec s;
  s.wait4free = 5s;
  CHECK(f.submit(1, s).empty());
  f.advance(1s);
  CHECK(only_dispatch(f.add("R1", inn_a)) == "1@R1");
}

TEST_CASE("an offline register takes nothing and its queue waits for others", "[broker][membership]") {
  test_farm f;
  f.add("R1", inn_a);
  f.add("R2", inn_a);
  CHECK(only_dispatch(f.submit(1)) == "1@R1");
  CHECK(only_dispatch(f.submit(2)) == "2@R2");
  job_spec waits;
  waits.wait4free = 10s;
  CHECK(f.submit(3, waits).empty());
  f.core.register_offline("R1");
  auto d1 = f.core.job_finished(1, "R1", failure_kind::none, f.now);  // its job still ends
  CHECK(d1.dispatches.empty());
  CHECK(answer_for(d1, 1)->kind == outcome::completed);
  CHECK(only_dispatch(f.core.job_finished(2, "R2", failure_kind::none, f.now)) == "3@R2");
  job_spec again;
  again.wait4free = 10s;
  CHECK(f.submit(4, again).empty());
  CHECK(only_dispatch(f.core.register_ready("R1", f.now)) == "4@R1");  // back online
}

TEST_CASE("jobs queued for a register that left time out", "[broker][membership]") {
  test_farm f;
  f.add("R1", inn_a);
  CHECK(only_dispatch(f.submit(1)) == "1@R1");
  job_spec waits;
  waits.wait4free = 2s;
  CHECK(f.submit(2, waits).empty());
  f.core.remove_register("R1");
  auto d = f.core.job_finished(1, "R1", failure_kind::none, f.now);
  CHECK(d.dispatches.empty());
  CHECK(answer_for(d, 1)->reg == register_id("R1"));
  CHECK(f.core.stats().registers.empty());
  CHECK(f.core.register_ready("R1", f.now).empty());  // unknown now: needs upsert first
  f.advance(2s);
  auto expired = f.core.expire(f.now);
  REQUIRE(expired.answers.size() == 1);
  CHECK(expired.answers[0].kind == outcome::timeout);
}

TEST_CASE("a busy register is not given jobs until it reports ready", "[broker][membership]") {
  test_farm f;
  f.add("R1", inn_a);
  f.core.register_busy("R1");
  job_spec waits;
  waits.wait4free = 10s;
  CHECK(f.submit(1, waits).empty());
  CHECK(only_dispatch(f.core.register_ready("R1", f.now)) == "1@R1");
  // The register reports busy while running our job, then ready before the job's answer.
  f.core.register_busy("R1");
  CHECK(f.core.register_ready("R1", f.now).empty());
  CHECK(f.submit(2, waits).empty());
  CHECK(only_dispatch(f.core.job_finished(1, "R1", failure_kind::none, f.now)) == "2@R1");
  // Reported busy and not ready again by the end of the job: it stays out.
  f.core.register_busy("R1");
  CHECK(f.submit(3, waits).empty());
  CHECK(f.core.job_finished(2, "R1", failure_kind::none, f.now).dispatches.empty());
  CHECK(only_dispatch(f.core.register_ready("R1", f.now)) == "3@R1");
}

TEST_CASE("changing a register's groups re-routes it", "[broker][membership]") {
  test_farm f;
  f.add("R1", inn_a);
  CHECK(f.submit(1, to(inn_a, "kitchen", 10s)).empty());
  f.advance(1ms);
  CHECK(only_dispatch(f.add("R1", inn_a, {"kitchen"})) == "1@R1");
  CHECK(answer_for(f.submit(2), 2)->kind == outcome::no_matching_register);
}
