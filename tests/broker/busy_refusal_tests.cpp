// A register that refuses a job busy (it runs another front's job) costs the job nothing:
// not a retry, not the register, not its place in the queue.
#include <catch2/catch.hpp>

#include "broker_test_helpers.hpp"

using namespace ws::broker;
using namespace ws::broker::testing;
using ws::jobs::failure_kind;

TEST_CASE("a busy refusal moves the job to another register without using a retry", "[broker][busy]") {
  test_farm f;
  f.add("R1", inn_a);
  f.add("R2", inn_a);
  f.add("R3", inn_a);
  job_spec s;  // retry_count 0: a safe failure would be the final answer
  CHECK(only_dispatch(f.submit(1, s)) == "1@R1");
  auto refused = f.core.job_finished(1, "R1", failure_kind::busy, f.now);
  CHECK(refused.answers.empty());
  CHECK(only_dispatch(refused) == "1@R2");
  auto again = f.core.job_finished(1, "R2", failure_kind::busy, f.now);
  CHECK(again.answers.empty());
  CHECK(only_dispatch(again) == "1@R3");
  auto done = f.core.job_finished(1, "R3", failure_kind::none, f.now);
  REQUIRE(done.answers.size() == 1);
  CHECK(done.answers[0].kind == outcome::completed);
  CHECK(done.answers[0].failure == failure_kind::none);
  CHECK(done.answers[0].reg == register_id("R3"));
}

TEST_CASE("a register that refused busy gets no job until it reports ready", "[broker][busy]") {
  test_farm f;
  f.add("R1", inn_a);
  CHECK(only_dispatch(f.submit(1, to(inn_a, "", 5000ms))) == "1@R1");
  auto refused = f.core.job_finished(1, "R1", failure_kind::busy, f.now);
  CHECK(refused.empty());  // back in the queue: R1 is busy with another front's job
  CHECK(f.core.waiting_count() == 1);
  CHECK(f.submit(2, to(inn_a, "", 5000ms)).empty());
  f.advance(300ms);
  // Its ready report follows the refusal; the job waiting longest goes first, on the same register.
  CHECK(only_dispatch(f.core.register_ready("R1", f.now)) == "1@R1");
}

TEST_CASE("a busy refusal keeps the retry count for real failures", "[broker][busy][retry]") {
  test_farm f;
  f.add("R1", inn_a);
  f.add("R2", inn_a);
  f.add("R3", inn_a);
  job_spec s;
  s.retry_count = 1;
  CHECK(only_dispatch(f.submit(1, s)) == "1@R1");
  CHECK(only_dispatch(f.core.job_finished(1, "R1", failure_kind::busy, f.now)) == "1@R2");
  CHECK(only_dispatch(f.core.job_finished(1, "R2", failure_kind::safe, f.now)) == "1@R3");  // its one retry
  auto last = f.core.job_finished(1, "R3", failure_kind::safe, f.now);
  CHECK(last.dispatches.empty());
  REQUIRE(last.answers.size() == 1);
  CHECK(last.answers[0].kind == outcome::completed);
  CHECK(last.answers[0].failure == failure_kind::safe);
  CHECK(last.answers[0].reg == register_id("R3"));
}

TEST_CASE("a job refused busy everywhere is answered as finding no free register", "[broker][busy]") {
  SECTION("no wait4free: at once") {
    test_farm f;
    f.add("R1", inn_a);
    CHECK(only_dispatch(f.submit(1)) == "1@R1");
    auto d = f.core.job_finished(1, "R1", failure_kind::busy, f.now);
    CHECK(d.dispatches.empty());
    REQUIRE(d.answers.size() == 1);
    CHECK(d.answers[0].kind == outcome::no_free_cashmachine);
    CHECK_FALSE(d.answers[0].reg);  // nothing ran: no register's failure to report
  }
  SECTION("with wait4free: at its wait deadline, never later") {
    test_farm f;
    f.add("R1", inn_a);
    CHECK(only_dispatch(f.submit(1, to(inn_a, "", 2000ms))) == "1@R1");
    CHECK(f.core.job_finished(1, "R1", failure_kind::busy, f.now).empty());
    REQUIRE(f.core.next_deadline());
    CHECK(*f.core.next_deadline() == f.now + 2000ms);
    f.advance(2000ms);
    auto expired = f.core.expire(f.now);
    REQUIRE(expired.answers.size() == 1);
    CHECK(expired.answers[0].kind == outcome::timeout);
    CHECK_FALSE(expired.answers[0].reg);
  }
  SECTION("after an earlier safe failure: that failure") {
    test_farm f;
    f.add("R1", inn_a);
    f.add("R2", inn_a);
    job_spec s;
    s.retry_count = 1;
    CHECK(only_dispatch(f.submit(1, s)) == "1@R1");
    CHECK(only_dispatch(f.core.job_finished(1, "R1", failure_kind::safe, f.now)) == "1@R2");
    auto d = f.core.job_finished(1, "R2", failure_kind::busy, f.now);
    REQUIRE(d.answers.size() == 1);
    CHECK(d.answers[0].kind == outcome::completed);
    CHECK(d.answers[0].failure == failure_kind::safe);
    CHECK(d.answers[0].reg == register_id("R1"));
  }
}

TEST_CASE("a per-register operation refused busy waits for its register", "[broker][busy][targeted]") {
  test_farm f;
  f.add("R1", inn_a);
  f.add("R2", inn_a);
  CHECK(only_dispatch(f.submit(1, on("R1", 3000ms))) == "1@R1");
  CHECK(f.core.job_finished(1, "R1", failure_kind::busy, f.now).empty());  // never R2
  f.advance(1000ms);
  CHECK(only_dispatch(f.core.register_ready("R1", f.now)) == "1@R1");
  auto done = f.core.job_finished(1, "R1", failure_kind::none, f.now);
  REQUIRE(done.answers.size() == 1);
  CHECK(done.answers[0].reg == register_id("R1"));
}

TEST_CASE("a busy refusal past the request deadline is answered timeout", "[broker][busy]") {
  test_farm f;
  f.add("R1", inn_a);
  f.add("R2", inn_a, {}, false);
  job_spec s = to(inn_a, "", 10000ms);
  s.deadline_in = 1000ms;
  CHECK(only_dispatch(f.submit(1, s)) == "1@R1");
  f.advance(1000ms);
  auto d = f.core.job_finished(1, "R1", failure_kind::busy, f.now);
  CHECK(d.dispatches.empty());
  REQUIRE(d.answers.size() == 1);
  CHECK(d.answers[0].kind == outcome::timeout);
  // R2 becoming ready afterwards gets nothing: the job is over.
  CHECK(f.core.register_ready("R2", f.now).empty());
}
