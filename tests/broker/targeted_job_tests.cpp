#include <catch2/catch.hpp>

#include "broker_test_helpers.hpp"

using namespace ws::broker;
using namespace ws::broker::testing;
using ws::jobs::failure_kind;

TEST_CASE("a per-register operation runs on its register whatever the INN and groups", "[broker][targeted]") {
  test_farm f;
  f.add("R1", inn_a);
  f.add("R2", inn_b, {"bar"});
  f.add("NEW", "");  // not fiscalised yet: serves no route but can be registered
  CHECK(only_dispatch(f.submit(1, on("R2"))) == "1@R2");
  CHECK(only_dispatch(f.submit(2, on("NEW"))) == "2@NEW");
  auto busy = f.submit(3, on("R2"));
  CHECK(busy.dispatches.empty());
  CHECK(answer_for(busy, 3)->kind == outcome::no_free_cashmachine);
  CHECK(answer_for(f.submit(4, on("R9")), 4)->kind == outcome::no_matching_register);
}

TEST_CASE("a per-register operation waits for its register only", "[broker][targeted]") {
  test_farm f;
  f.add("R1", inn_a);
  f.add("R2", inn_a);
  CHECK(only_dispatch(f.submit(1)) == "1@R1");
  CHECK(f.submit(2, on("R1", 10s)).empty());
  CHECK(f.core.stats().registers[0].waiting == 1);
  // R2 is free but the operation is for R1; a receipt for the route still gets R2.
  CHECK(only_dispatch(f.submit(3)) == "3@R2");
  CHECK(only_dispatch(f.core.job_finished(1, "R1", failure_kind::none, f.now)) == "2@R1");
}

TEST_CASE("per-register operations and receipts share one arrival order", "[broker][targeted][fifo]") {
  test_farm f;
  f.add("R1", inn_a);
  CHECK(only_dispatch(f.submit(1)) == "1@R1");
  CHECK(f.submit(2, to(inn_a, "", 10s)).empty());
  f.advance(1ms);
  CHECK(f.submit(3, on("R1", 10s)).empty());
  f.advance(1ms);
  CHECK(f.submit(4, to(inn_a, "", 10s)).empty());
  CHECK(only_dispatch(f.core.job_finished(1, "R1", failure_kind::none, f.now)) == "2@R1");
  CHECK(only_dispatch(f.core.job_finished(2, "R1", failure_kind::none, f.now)) == "3@R1");
  CHECK(only_dispatch(f.core.job_finished(3, "R1", failure_kind::none, f.now)) == "4@R1");
}

TEST_CASE("a per-register operation is never retried elsewhere", "[broker][targeted][retry]") {
  test_farm f;
  f.add("R1", inn_a);
  f.add("R2", inn_a);
  job_spec s = on("R1");
  s.retry_count = 2;
  CHECK(only_dispatch(f.submit(1, s)) == "1@R1");
  auto d = f.core.job_finished(1, "R1", failure_kind::safe, f.now);
  CHECK(d.dispatches.empty());
  REQUIRE(d.answers.size() == 1);
  CHECK(d.answers[0].kind == outcome::completed);
  CHECK(d.answers[0].failure == failure_kind::safe);
}
