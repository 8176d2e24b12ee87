#include <catch2/catch.hpp>

#include "broker_test_helpers.hpp"

using namespace ws::broker;
using namespace ws::broker::testing;
using ws::jobs::failure_kind;

TEST_CASE("accept_device filters the candidate registers", "[broker][conditions]") {
  test_farm f;
  f.add("R1", inn_a);
  f.add("R2", inn_a);
  job_spec s;
  s.conditions = {{"accept_device", "(= device.sn \"R2\")"}};
  CHECK(only_dispatch(f.submit(1, s)) == "1@R2");  // although R1 has been ready longer
  job_spec none;
  none.conditions = {{"accept_device", "(= device.model \"ATOL\")"}};
  auto d = f.submit(2, none);
  CHECK(d.dispatches.empty());
  CHECK(answer_for(d, 2)->kind == outcome::no_free_cashmachine);
}

TEST_CASE("after_select_device false makes the broker try another register", "[broker][conditions]") {
  test_farm f;
  f.add("R1", inn_a);
  f.add("R2", inn_a);
  job_spec s;
  s.conditions = {{"accept_device", "(in \"R\" device.sn)"}, {"after_select_device", "(!= device.sn \"R1\")"}};
  CHECK(only_dispatch(f.submit(1, s)) == "1@R2");
}

TEST_CASE("before and after conditions do not affect the choice", "[broker][conditions]") {
  test_farm f;
  f.add("R1", inn_a);
  job_spec s;
  s.conditions = {{"before", "False"}, {"after", "False"}};
  CHECK(only_dispatch(f.submit(1, s)) == "1@R1");
}

TEST_CASE("a condition that cannot be evaluated fails the job with its message", "[broker][conditions]") {
  test_farm f;
  f.add("R1", inn_a);
  job_spec s;
  s.conditions = {{"accept_device", "(> device.no_such_field 1)"}};
  auto d = f.submit(1, s);
  CHECK(d.dispatches.empty());
  REQUIRE(answer_for(d, 1));
  CHECK(answer_for(d, 1)->kind == outcome::condition_error);
  CHECK(answer_for(d, 1)->message.find("accept_device") != std::string::npos);
  CHECK(only_dispatch(f.submit(2)) == "2@R1");  // the register stayed free
}

TEST_CASE("a waiting job whose condition breaks on the freed register is failed not lost", "[broker][conditions]") {
  test_farm f;
  f.add("R1", inn_a);
  CHECK(only_dispatch(f.submit(1)) == "1@R1");
  job_spec broken;
  broken.wait4free = 10s;
  broken.conditions = {{"accept_device", "(< device.sn 5)"}};  // str < int: a TypeError in Python
  CHECK(f.submit(2, broken).empty());
  job_spec fine;
  fine.wait4free = 10s;
  CHECK(f.submit(3, fine).empty());
  auto d = f.core.job_finished(1, "R1", failure_kind::none, f.now);
  CHECK(answer_for(d, 1)->kind == outcome::completed);
  CHECK(answer_for(d, 2)->kind == outcome::condition_error);
  CHECK(only_dispatch(d) == "3@R1");
  CHECK(f.core.waiting_count() == 0);
}

TEST_CASE("ping tells whether a register is ready and whether the backlog is too long", "[broker][ping]") {
  test_farm f;
  f.add("R1", inn_a);
  f.add("R2", inn_a);
  f.add("R3", inn_a);
  CHECK(f.core.ping({inn_a, std::nullopt, std::nullopt}) == ping_result::ok);
  CHECK(f.core.ping({inn_b, std::nullopt, std::nullopt}) == ping_result::no_ready);
  CHECK(f.core.ping({inn_a, std::string("kitchen"), std::nullopt}) == ping_result::no_ready);

  CHECK(only_dispatch(f.submit(1)) == "1@R1");
  job_spec wants_r1;
  wants_r1.wait4free = 10s;
  wants_r1.conditions = {{"accept_device", "(= device.sn \"R1\")"}};
  for (job_id id = 2; id <= 4; ++id) CHECK(f.submit(id, wants_r1).empty());
  // 3 waiting, 2 ready (R2 and R3).
  CHECK(f.core.ping({inn_a, std::nullopt, std::nullopt}) == ping_result::ok);
  CHECK(f.core.ping({inn_a, std::nullopt, 1.5}) == ping_result::ok);               // 3 > 3.0 is false
  CHECK(f.core.ping({inn_a, std::nullopt, 1.4}) == ping_result::backlog_exceeded);  // 3 > 2.8
  CHECK(f.core.ping({std::nullopt, std::nullopt, 1.4}) == ping_result::backlog_exceeded);
  CHECK(f.core.ping({std::nullopt, std::nullopt, 2.0}) == ping_result::ok);
  f.core.register_busy("R2");
  f.core.register_offline("R3");
  CHECK(f.core.ping({inn_a, std::nullopt, std::nullopt}) == ping_result::no_ready);
  CHECK(f.core.ping({std::nullopt, std::nullopt, std::nullopt}) == ping_result::no_ready);
}

TEST_CASE("stats count waiting and ready per route", "[broker][stats]") {
  test_farm f;
  f.add("R1", inn_a);
  f.add("R2", inn_a, {"kitchen"});
  f.add("R3", inn_b, {}, false);
  CHECK(only_dispatch(f.submit(1)) == "1@R1");
  job_spec waits;
  waits.wait4free = 10s;
  CHECK(f.submit(2, waits).empty());
  CHECK(f.submit(3, to(inn_b, "", 10s)).empty());
  auto s = f.core.stats();
  CHECK(s.waiting == 2);
  CHECK(s.running == 1);
  REQUIRE(s.registers.size() == 3);
  CHECK(s.registers[0].id == "R1");
  CHECK(s.registers[0].running == job_id(1));
  CHECK(s.registers[2].availability == register_availability::offline);
  REQUIRE(s.routes.size() == 3);
  // Sorted by (INN, group): (500..., _NOGROUP), (770..., _NOGROUP), (770..., kitchen).
  CHECK(s.routes[0].inn == inn_b);
  CHECK(s.routes[0].waiting == 1);
  CHECK(s.routes[0].ready == 0);
  CHECK(s.routes[0].known == 1);
  CHECK(s.routes[1].group == "_NOGROUP");
  CHECK(s.routes[1].waiting == 1);
  CHECK(s.routes[1].ready == 0);
  CHECK(s.routes[1].running == 1);  // job 1 on R1
  CHECK(s.routes[0].running == 0);
  CHECK(s.routes[2].group == "kitchen");
  CHECK(s.routes[2].waiting == 0);
  CHECK(s.routes[2].ready == 1);
}
