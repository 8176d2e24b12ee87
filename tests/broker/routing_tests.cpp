#include <catch2/catch.hpp>

#include "broker_test_helpers.hpp"

using namespace ws::broker;
using namespace ws::broker::testing;
using ws::jobs::failure_kind;

TEST_CASE("jobs go only to registers of their INN and group", "[broker][routing]") {
  test_farm f;
  f.add("R1", inn_a);
  f.add("R2", inn_a, {"kitchen"});
  f.add("R3", inn_b);
  f.add("R4", inn_a, {"kitchen", "bar"});

  CHECK(only_dispatch(f.submit(1)) == "1@R1");  // no group: _NOGROUP, only R1 has none
  auto busy = f.submit(2);
  REQUIRE(answer_for(busy, 2));
  CHECK(answer_for(busy, 2)->kind == outcome::no_free_cashmachine);
  CHECK(busy.dispatches.empty());

  CHECK(only_dispatch(f.submit(3, to(inn_a, "kitchen"))) == "3@R2");  // R2 ready longer than R4
  CHECK(only_dispatch(f.submit(4, to(inn_a, "bar"))) == "4@R4");
  CHECK(answer_for(f.submit(5, to(inn_a, "kitchen")), 5)->kind == outcome::no_free_cashmachine);
  CHECK(only_dispatch(f.submit(6, to(inn_b))) == "6@R3");
  CHECK(answer_for(f.submit(7, to("999")), 7)->kind == outcome::no_matching_register);
  CHECK(answer_for(f.submit(8, to(inn_b, "kitchen")), 8)->kind == outcome::no_matching_register);
  CHECK(answer_for(f.submit(9, to(inn_a, "_NOGROUP")), 9)->kind == outcome::no_free_cashmachine);
  CHECK(f.core.running_count() == 4);
  CHECK(f.core.waiting_count() == 0);
}

TEST_CASE("a register without an INN serves nobody", "[broker][routing]") {
  test_farm f;
  f.add("R1", "");
  CHECK(answer_for(f.submit(1), 1)->kind == outcome::no_matching_register);
}

TEST_CASE("the register ready the longest is chosen first", "[broker][routing]") {
  test_farm f;
  f.add("R1", inn_a);
  f.add("R2", inn_a);
  CHECK(only_dispatch(f.submit(1)) == "1@R1");
  auto done = f.core.job_finished(1, "R1", failure_kind::none, f.now);
  REQUIRE(answer_for(done, 1));
  CHECK(answer_for(done, 1)->kind == outcome::completed);
  CHECK(answer_for(done, 1)->reg == register_id("R1"));
  CHECK(only_dispatch(f.submit(2)) == "2@R2");  // R1 is ready again but R2 waited longer
  CHECK(only_dispatch(f.submit(3)) == "3@R1");
}

TEST_CASE("waiting jobs are served in arrival order", "[broker][fifo]") {
  test_farm f;
  f.add("R1", inn_a);
  CHECK(only_dispatch(f.submit(1)) == "1@R1");
  job_spec waits;
  waits.wait4free = 10s;
  for (job_id id = 2; id <= 4; ++id) {
    CHECK(f.submit(id, waits).empty());  // queued: no dispatch, no answer yet
    f.advance(1ms);
  }
  CHECK(f.core.waiting_count() == 3);
  auto d = f.core.job_finished(1, "R1", failure_kind::none, f.now);
  CHECK(only_dispatch(d) == "2@R1");
  CHECK(answer_for(d, 1)->kind == outcome::completed);
  CHECK(only_dispatch(f.core.job_finished(2, "R1", failure_kind::none, f.now)) == "3@R1");
  CHECK(only_dispatch(f.core.job_finished(3, "R1", failure_kind::none, f.now)) == "4@R1");
  auto last = f.core.job_finished(4, "R1", failure_kind::none, f.now);
  CHECK(last.dispatches.empty());
  CHECK(last.answers.size() == 1);
}

TEST_CASE("a register in several groups takes the earliest job over all its queues", "[broker][fifo]") {
  test_farm f;
  f.add("R4", inn_a, {"kitchen", "bar"}, false);
  job_spec bar = to(inn_a, "bar", 10s);
  job_spec kitchen = to(inn_a, "kitchen", 10s);
  CHECK(f.submit(10, bar).empty());
  f.advance(1ms);
  CHECK(f.submit(11, kitchen).empty());
  f.advance(1ms);
  CHECK(f.submit(12, bar).empty());
  CHECK(only_dispatch(f.core.register_ready("R4", f.now)) == "10@R4");
  CHECK(only_dispatch(f.core.job_finished(10, "R4", failure_kind::none, f.now)) == "11@R4");
  CHECK(only_dispatch(f.core.job_finished(11, "R4", failure_kind::none, f.now)) == "12@R4");
}

TEST_CASE("a job the register cannot serve keeps its place and later jobs go ahead", "[broker][fifo]") {
  test_farm f;
  f.add("R1", inn_a);
  f.add("R2", inn_a);
  CHECK(only_dispatch(f.submit(1)) == "1@R1");
  CHECK(only_dispatch(f.submit(2)) == "2@R2");
  job_spec only_r2;
  only_r2.wait4free = 10s;
  only_r2.conditions = {{"accept_device", "(= device.sn \"R2\")"}};
  CHECK(f.submit(3, only_r2).empty());
  job_spec any;
  any.wait4free = 10s;
  CHECK(f.submit(4, any).empty());
  CHECK(only_dispatch(f.core.job_finished(1, "R1", failure_kind::none, f.now)) == "4@R1");
  CHECK(only_dispatch(f.core.job_finished(2, "R2", failure_kind::none, f.now)) == "3@R2");
}

TEST_CASE("wait4free runs out with nothing dispatched", "[broker][wait4free]") {
  test_farm f;
  f.add("R1", inn_a);
  CHECK(only_dispatch(f.submit(1)) == "1@R1");
  job_spec waits;
  waits.wait4free = 3000ms;
  CHECK(f.submit(2, waits).empty());
  REQUIRE(f.core.next_deadline());
  CHECK(*f.core.next_deadline() == f.now + 3000ms);
  f.advance(2999ms);
  CHECK(f.core.expire(f.now).empty());
  f.advance(1ms);
  auto expired = f.core.expire(f.now);
  CHECK(expired.dispatches.empty());
  REQUIRE(expired.answers.size() == 1);
  CHECK(expired.answers[0].job == 2);
  CHECK(expired.answers[0].kind == outcome::timeout);
  CHECK_FALSE(expired.answers[0].reg);
  CHECK_FALSE(f.core.next_deadline());
  // The register frees up afterwards: the expired job is not run.
  auto d = f.core.job_finished(1, "R1", failure_kind::none, f.now);
  CHECK(d.dispatches.empty());
  CHECK(d.answers.size() == 1);
}

TEST_CASE("the request deadline bounds the wait when shorter than wait4free", "[broker][wait4free]") {
  test_farm f;
  f.add("R1", inn_a, {}, false);
  job_spec s;
  s.wait4free = 5000ms;
  s.deadline_in = 1200ms;
  CHECK(f.submit(1, s).empty());
  CHECK(*f.core.next_deadline() == f.now + 1200ms);
  f.advance(1200ms);
  // Any operation with a later time expires first: the register sees no job.
  auto d = f.core.register_ready("R1", f.now);
  CHECK(d.dispatches.empty());
  REQUIRE(d.answers.size() == 1);
  CHECK(d.answers[0].kind == outcome::timeout);
}

TEST_CASE("a request past its deadline is answered timeout at once", "[broker][wait4free]") {
  test_farm f;
  f.add("R1", inn_a);
  job_spec s;
  s.deadline_in = 0ms;
  auto d = f.submit(1, s);
  CHECK(d.dispatches.empty());
  CHECK(answer_for(d, 1)->kind == outcome::timeout);
}

TEST_CASE("a job id submitted twice is refused", "[broker][jobs]") {
  test_farm f;
  f.add("R1", inn_a);
  f.submit(1);
  CHECK_THROWS_AS(f.submit(1), std::invalid_argument);
}

TEST_CASE("an INN no register has served since start is refused at once even with wait4free", "[broker][routing]") {
  test_farm f;
  f.add("R1", inn_a);
  const auto unknown = f.submit(1, to(inn_b, "", 30s));
  REQUIRE(answer_for(unknown, 1));
  CHECK(answer_for(unknown, 1)->kind == outcome::no_matching_register);
  CHECK(answer_for(unknown, 1)->message.find("since the server started") != std::string::npos);
  CHECK(f.core.waiting_count() == 0);
}

TEST_CASE("an INN whose registers are all offline or gone still waits for them", "[broker][routing]") {
  test_farm f;
  f.add("R1", inn_a);
  f.add("R2", inn_b);
  f.core.register_offline("R1");
  f.core.remove_register("R2");
  CHECK(f.submit(1, to(inn_a, "", 30s)).empty());  // queued for R1's return
  CHECK(f.submit(2, to(inn_b, "", 30s)).empty());  // queued: R2 may come back
  CHECK(f.core.waiting_count() == 2);
  CHECK(only_dispatch(f.core.register_ready("R1", f.now)) == "1@R1");
}
