#include <catch2/catch.hpp>

#include "broker_test_helpers.hpp"

using namespace ws::broker;
using namespace ws::broker::testing;
using ws::jobs::failure_kind;

TEST_CASE("a safe failure moves the job to another register", "[broker][retry]") {
  test_farm f;
  f.add("R1", inn_a);
  f.add("R2", inn_a);
  f.add("R3", inn_a);
  job_spec s;
  s.retry_count = 1;
  CHECK(only_dispatch(f.submit(1, s)) == "1@R1");
  auto first = f.core.job_finished(1, "R1", failure_kind::safe, f.now);
  CHECK(first.answers.empty());
  CHECK(only_dispatch(first) == "1@R2");
  auto second = f.core.job_finished(1, "R2", failure_kind::safe, f.now);  // no retries left
  CHECK(second.dispatches.empty());
  REQUIRE(second.answers.size() == 1);
  CHECK(second.answers[0].kind == outcome::completed);
  CHECK(second.answers[0].reg == register_id("R2"));
  CHECK(second.answers[0].failure == failure_kind::safe);
}

TEST_CASE("failures that may have printed or that the state forbids are never retried", "[broker][retry]") {
  auto kind = GENERATE(failure_kind::outcome_unknown, failure_kind::wrong_state, failure_kind::timeout,
                       failure_kind::none);
  test_farm f;
  f.add("R1", inn_a);
  f.add("R2", inn_a);
  job_spec s;
  s.retry_count = 3;
  CHECK(only_dispatch(f.submit(1, s)) == "1@R1");
  auto d = f.core.job_finished(1, "R1", kind, f.now);
  CHECK(d.dispatches.empty());
  REQUIRE(d.answers.size() == 1);
  CHECK(d.answers[0].kind == outcome::completed);
  CHECK(d.answers[0].failure == kind);
  CHECK(d.answers[0].reg == register_id("R1"));
}

TEST_CASE("a retry never goes back to a register the job failed on", "[broker][retry]") {
  test_farm f;
  f.add("R1", inn_a);
  job_spec s;
  s.retry_count = 2;
  s.wait4free = 5000ms;
  CHECK(only_dispatch(f.submit(1, s)) == "1@R1");
  auto d = f.core.job_finished(1, "R1", failure_kind::safe, f.now);
  CHECK(d.empty());  // back in the queue; R1 is free but may not take it
  CHECK(f.core.waiting_count() == 1);
  CHECK_FALSE(f.core.running_on("R1"));
  CHECK(f.core.register_ready("R1", f.now).empty());
  f.advance(5000ms);
  auto expired = f.core.expire(f.now);
  REQUIRE(expired.answers.size() == 1);
  CHECK(expired.answers[0].kind == outcome::completed);  // the safe failure is the answer
  CHECK(expired.answers[0].failure == failure_kind::safe);
  CHECK(expired.answers[0].reg == register_id("R1"));
}

TEST_CASE("a retry with no other register and no wait4free answers the safe failure at once", "[broker][retry]") {
  test_farm f;
  f.add("R1", inn_a);
  job_spec s;
  s.retry_count = 1;
  CHECK(only_dispatch(f.submit(1, s)) == "1@R1");
  auto d = f.core.job_finished(1, "R1", failure_kind::safe, f.now);
  CHECK(d.dispatches.empty());
  REQUIRE(d.answers.size() == 1);
  CHECK(d.answers[0].kind == outcome::completed);
  CHECK(d.answers[0].failure == failure_kind::safe);
  CHECK(f.core.waiting_count() == 0);
}

TEST_CASE("a retried job keeps its arrival place ahead of later jobs", "[broker][retry][fifo]") {
  test_farm f;
  f.add("R1", inn_a);
  f.add("R2", inn_a);
  job_spec retrying;
  retrying.retry_count = 1;
  retrying.wait4free = 10s;
  job_spec waits;
  waits.wait4free = 10s;
  CHECK(only_dispatch(f.submit(1, retrying)) == "1@R1");
  f.advance(1ms);
  CHECK(only_dispatch(f.submit(2, waits)) == "2@R2");
  f.advance(1ms);
  CHECK(f.submit(3, waits).empty());
  f.advance(1ms);
  CHECK(f.submit(4, waits).empty());
  // Job 1 fails safely on R1: it returns to the queue in front of 3 and 4; R1 skips it.
  CHECK(only_dispatch(f.core.job_finished(1, "R1", failure_kind::safe, f.now)) == "3@R1");
  CHECK(only_dispatch(f.core.job_finished(2, "R2", failure_kind::none, f.now)) == "1@R2");
  auto done = f.core.job_finished(1, "R2", failure_kind::none, f.now);
  CHECK(only_dispatch(done) == "4@R2");
  CHECK(answer_for(done, 1)->failure == failure_kind::none);
}

TEST_CASE("a stale end report is ignored", "[broker][jobs]") {
  test_farm f;
  f.add("R1", inn_a);
  f.add("R2", inn_a);
  CHECK(only_dispatch(f.submit(1)) == "1@R1");
  CHECK(f.core.job_finished(1, "R2", failure_kind::none, f.now).empty());
  CHECK(f.core.job_finished(7, "R1", failure_kind::none, f.now).empty());
  CHECK(f.core.job_finished(1, "R1", failure_kind::none, f.now).answers.size() == 1);
  CHECK(f.core.job_finished(1, "R1", failure_kind::none, f.now).empty());  // never answered twice
}

TEST_CASE("the wait queues are bounded and a full broker says overloaded", "[broker][overload]") {
  broker_limits limits;
  limits.max_waiting = 2;
  test_farm f(limits);
  f.add("R1", inn_a);
  CHECK(only_dispatch(f.submit(1)) == "1@R1");
  job_spec waits;
  waits.wait4free = 10s;
  CHECK(f.submit(2, waits).empty());
  CHECK(f.submit(3, waits).empty());
  auto d = f.submit(4, waits);
  REQUIRE(answer_for(d, 4));
  CHECK(answer_for(d, 4)->kind == outcome::overloaded);
  // 2000 ms estimated per job x (2 waiting + this one) / 1 register online = 6 s.
  CHECK(answer_for(d, 4)->retry_after == std::chrono::seconds(6));
  // A job that needs no waiting is still taken when the queues are full.
  f.add("R2", inn_a, {"bar"});
  CHECK(only_dispatch(f.submit(5, to(inn_a, "bar"))) == "5@R2");
  // The estimate follows measured runs: (7 x 2000 + 1000) / 8 = 1875 ms.
  f.advance(1000ms);
  CHECK(only_dispatch(f.core.job_finished(1, "R1", failure_kind::none, f.now)) == "2@R1");
  CHECK(f.core.stats().service_estimate == std::chrono::milliseconds(1875));
  // 1875 x (1 waiting + 1) / 2 registers online = 1875 ms -> 2 s.
  CHECK(f.core.suggested_retry_after() == std::chrono::seconds(2));
}

TEST_CASE("shutting down answers every waiting job and retries nothing", "[broker][shutdown]") {
  test_farm f;
  f.add("R1", inn_a);
  f.add("R2", inn_a);
  job_spec retrying;
  retrying.retry_count = 2;
  CHECK(only_dispatch(f.submit(1, retrying)) == "1@R1");
  CHECK(only_dispatch(f.submit(2)) == "2@R2");
  job_spec waits;
  waits.wait4free = 10s;
  CHECK(f.submit(3, waits).empty());
  auto d = f.core.shut_down();
  REQUIRE(d.answers.size() == 1);
  CHECK(d.answers[0].job == 3);
  CHECK(d.answers[0].kind == outcome::shutting_down);
  CHECK(answer_for(f.submit(4), 4)->kind == outcome::shutting_down);
  auto ended = f.core.job_finished(1, "R1", failure_kind::safe, f.now);
  CHECK(ended.dispatches.empty());
  CHECK(answer_for(ended, 1)->failure == failure_kind::safe);
}
