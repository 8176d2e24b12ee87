// The register actor running the farm's real jobs (actors/jobs) on the emulator.

#include <catch2/catch.hpp>

#include "actors/jobs/fn_lifecycle_jobs.hpp"
#include "actors/jobs/print_receipt_job.hpp"
#include "actors/jobs/status_job.hpp"
#include "actors/register_actor.hpp"
#include "tests/actors/actors_support.hpp"
#include "tests/jobs/receipt_samples.hpp"

using namespace ws::actors;
using namespace ws::actors::test;
using ws::jobs::failure_kind;

namespace {

ws::shtrih::registration_params registration() {
  ws::shtrih::registration_params p;
  p.inn = "7704211201";
  p.registration_number = "0000000001012345";
  p.taxation_systems = ws::shtrih::taxation::osn | ws::shtrih::taxation::usn_income;
  p.work_mode = 0;
  return p;
}

/// A register on device 0, ready, with its FN registered (FD 1).
register_actor registered_register(farm_fixture& fx, caf::scoped_actor& self) {
  register_options options;
  options.build_job = test_job_builder();
  options.config.port = fx.pty_port(0);
  options.timing = quick_timing();
  auto reg = spawn_register(fx.system(), fx.io(), options);
  self->send(reg, subscribe_atom::value, caf::actor{self});
  REQUIRE(await_status(self, in_state(register_state::ready), 10s));
  std::shared_ptr<ws::jobs::job> job = ws::jobs::make_registration_job(registration());
  const auto answer = run_job(self, reg, job, 20s, 25s);
  REQUIRE(answer);
  REQUIRE(answer->kind == failure_kind::none);
  REQUIRE(fx.device(0).info().last_document_number == 1);
  return reg;
}

std::shared_ptr<ws::jobs::print_receipt_job> receipt_of(std::int64_t kopecks) {
  const auto content = ws::jobs::testing::single_row(kopecks);
  return std::make_shared<ws::jobs::print_receipt_job>(content, ws::ffd::calculate_receipt(content));
}

}  // namespace

TEST_CASE("register actor runs the status job of the farm", "[actors][jobs]") {
  farm_fixture fx(1);
  caf::scoped_actor self{fx.system(), true};
  register_options options;
  options.build_job = test_job_builder();
  options.config.port = fx.pty_port(0);
  options.timing = quick_timing();
  auto reg = spawn_register(fx.system(), fx.io(), options);
  self->send(reg, subscribe_atom::value, caf::actor{self});
  REQUIRE(await_status(self, in_state(register_state::ready), 10s));
  auto job = std::make_shared<ws::jobs::status_job>();
  const auto answer = run_job(self, reg, job, 5s, 8s);
  REQUIRE(answer);
  CHECK(answer->kind == failure_kind::none);
  CHECK(job->result().fn_number == fx.device(0).info().fn_serial_number);
  CHECK_FALSE(job->result().shift_open);
  CHECK(fx.stop(reg));
}

TEST_CASE("register actor prints a receipt through the real jobs", "[actors][jobs]") {
  farm_fixture fx(1);
  caf::scoped_actor self{fx.system(), true};
  auto reg = registered_register(fx, self);
  auto job = receipt_of(12345);
  const auto answer = run_job(self, reg, job, 30s, 35s);
  REQUIRE(answer);
  CHECK(answer->kind == failure_kind::none);
  // FD 1 registration, FD 2 the shift the job opened, FD 3 the receipt.
  CHECK(job->result().document_number == 3);
  CHECK(job->result().total == 12345);
  CHECK_FALSE(job->result().recovered);
  CHECK(job->result().fn_number == fx.device(0).info().fn_serial_number);
  CHECK(fx.device(0).info().last_document_number == 3);
  // Its published status follows the FN: shift open, last document 3.
  const auto refreshed = await_status(
      self, [](const register_status& status) { return status.identity.last_document_number == 3; }, 3s);
  REQUIRE(refreshed);
  CHECK(refreshed->state == register_state::ready);
  CHECK(refreshed->identity.shift_open);
  CHECK(fx.stop(reg));
}

TEST_CASE("register actor never prints twice when the line drops after the closing command", "[actors][jobs]") {
  farm_fixture fx(1);
  caf::scoped_actor self{fx.system(), true};
  auto reg = registered_register(fx, self);
  // Shift first, so the only document the receipt job makes is the receipt (FD 3).
  std::shared_ptr<ws::jobs::job> shift = ws::jobs::make_open_shift_job();
  const auto opened = run_job(self, reg, shift, 40s, 45s);
  REQUIRE(opened);
  REQUIRE(opened->kind == failure_kind::none);
  REQUIRE(fx.device(0).info().last_document_number == 2);
  // Replies come late; the line drops the moment the receipt exists in the FN, so its
  // closing reply is lost.
  fx.device(0).update_faults([](ws::emulator::fault_plan& plan) { plan.extra_delay = 400ms; });
  auto job = receipt_of(500);
  auto answer_future = std::async(std::launch::async, [&fx, reg, job] {
    caf::scoped_actor requester{fx.system(), true};
    return run_job(requester, reg, job, 30s, 35s);
  });
  bool dropped = false;
  const auto until = steady::now() + 20s;
  while (!dropped && steady::now() < until) {
    if (fx.device(0).info().last_document_number == 3) {
      fx.device(0).drop_line(600ms);
      dropped = true;
    }
    std::this_thread::sleep_for(2ms);
  }
  REQUIRE(dropped);
  REQUIRE(answer_future.wait_for(40s) == std::future_status::ready);
  const auto answer = answer_future.get();
  REQUIRE(answer);
  CHECK(answer->kind == failure_kind::none);
  CHECK(job->result().document_number == 3);
  CHECK(job->result().total == 500);
  CHECK(job->result().recovered);
  // Exactly one receipt in the FN: nothing was printed again.
  CHECK(fx.device(0).info().last_document_number == 3);
  CHECK(fx.stop(reg));
}

TEST_CASE("register actor keeps every receipt exactly once through line faults", "[actors][jobs][faults]") {
  farm_fixture fx(1);
  caf::scoped_actor self{fx.system(), true};
  auto reg = registered_register(fx, self);
  std::shared_ptr<ws::jobs::job> shift = ws::jobs::make_open_shift_job();
  const auto opened = run_job(self, reg, shift, 40s, 45s);
  REQUIRE(opened);
  REQUIRE(opened->kind == failure_kind::none);
  const std::uint32_t first_receipt = 3;
  ws::emulator::fault_plan plan;
  plan.corrupt_probability = 0.003;
  plan.drop_probability = 0.003;
  plan.nak_probability = 0.05;
  plan.seed = 20261123;
  fx.device(0).set_faults(plan);
  std::set<std::uint32_t> printed;
  int successes = 0;
  int safe_failures = 0;
  int unknown = 0;
  int unknown_printed = 0;
  for (int i = 0; i < 8; ++i) {
    const std::uint32_t before = fx.device(0).info().last_document_number;
    auto job = receipt_of(100 + i);
    const auto answer = run_job(self, reg, job, 30s, 35s);
    REQUIRE(answer);  // every request is answered
    // The register is usable again before the next receipt, and the FN says what this
    // one job left: each answer is checked against it on its own, so that a receipt
    // printed twice and an unknown one never printed cannot cancel out in a total.
    REQUIRE(await_status(self, in_state(register_state::ready), 20s));
    const std::uint32_t after = fx.device(0).info().last_document_number;
    INFO("receipt " << i << ": FN last document " << before << " -> " << after);
    if (answer->kind == failure_kind::none) {
      ++successes;
      CHECK(job->result().total == static_cast<std::uint64_t>(100 + i));
      CHECK(after == before + 1);                              // printed exactly once
      CHECK(job->result().document_number == after);           // and it is this document
      CHECK(printed.insert(job->result().document_number).second);  // a new document each time
    } else if (answer->kind == failure_kind::outcome_unknown) {
      ++unknown;
      CHECK(after <= before + 1);  // printed at most once
      REQUIRE(answer->document_to_check);
      CHECK(*answer->document_to_check == before + 1);  // names the number this receipt got or gets
      if (after == before + 1) ++unknown_printed;
    } else {
      ++safe_failures;
      CHECK(after == before);  // a safe failure printed nothing
    }
  }
  const auto counters = fx.device(0).info().counters;
  fx.device(0).clear_faults();
  INFO("successes " << successes << " safe " << safe_failures << " unknown " << unknown << " (printed "
                    << unknown_printed << ")");
  CHECK(successes >= 1);
  // No failure left a receipt behind, no success made two.
  CHECK(fx.device(0).info().last_document_number ==
        first_receipt - 1 + static_cast<std::uint32_t>(successes + unknown_printed));
  if (!printed.empty()) {
    CHECK(*printed.begin() >= first_receipt);
    CHECK(*printed.rbegin() <= first_receipt - 1 + static_cast<std::uint32_t>(successes + unknown_printed));
  }
  // The faults did happen.
  CHECK(counters.frames_naked + counters.bytes_dropped + counters.bytes_corrupted > 0);
  CHECK(fx.stop(reg));
}
