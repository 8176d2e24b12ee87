// The fault matrix of issue 3: one register actor on a real pty printing receipts while
// the emulator injects one kind of fault at a chosen moment. Every case proves "never
// twice" by counting the FN's documents around each answer (receipt_ledger): a success
// matches exactly one new receipt document, a failure leaves none, and outcome_unknown
// names the one to check.
//
// Both sides use short_link() (5 ms byte timeout, as command 14h may set) so the matrix
// runs in seconds rather than minutes.

#include <catch2/catch.hpp>

#include "actors/group_actor.hpp"
#include "tests/actors/fault_support.hpp"

using namespace ws::actors;
using namespace ws::actors::test;
using ws::jobs::failure_kind;

namespace {

/// A receipt running on another thread while the test injects a fault.
struct receipt_run {
  std::shared_ptr<ws::jobs::print_receipt_job> job;
  std::int64_t kopecks = 0;
  std::uint32_t before = 0;
  std::uint64_t commands_before = 0;
  std::future<std::optional<ws::jobs::job_failure>> answer;
};

receipt_run start_receipt(timed_farm& fx, const register_actor& reg, std::int64_t kopecks,
                          caf::timespan timeout = std::chrono::seconds(20), ws::jobs::shift_policy policy = {}) {
  receipt_run run;
  run.job = receipt_of(kopecks, policy);
  run.kopecks = kopecks;
  const auto info = fx.device(0).info();
  run.before = info.last_document_number;
  run.commands_before = info.commands;
  auto job = run.job;
  auto* system = &fx.system();
  const auto limit = std::chrono::duration_cast<milliseconds>(timeout) + 10s;
  run.answer = std::async(std::launch::async, [system, reg, job, timeout, limit] {
    caf::scoped_actor requester{*system, true};
    return run_job(requester, reg, job, timeout, limit);
  });
  return run;
}

/// Polls `condition` every 2 ms for at most `limit`.
bool wait_until(const std::function<bool()>& condition, milliseconds limit) {
  const auto deadline = steady::now() + limit;
  while (!condition()) {
    if (steady::now() >= deadline) return false;
    std::this_thread::sleep_for(2ms);
  }
  return true;
}

/// The device has executed `count` commands of the run and the FN has no new document:
/// the closing command (several commands later) has not been sent yet.
std::function<bool()> mid_receipt(timed_farm& fx, const receipt_run& run, std::uint64_t count) {
  return [&fx, &run, count] {
    const auto info = fx.device(0).info();
    return info.commands >= run.commands_before + count;
  };
}

std::function<bool()> receipt_signed(timed_farm& fx, const receipt_run& run) {
  return [&fx, &run] { return fx.last_document(0) > run.before; };
}

/// Waits for the run's answer and records it.
std::optional<ws::jobs::job_failure> finish(timed_farm& fx, receipt_run& run, receipt_ledger& ledger,
                                            std::uint32_t shift_documents = 0) {
  if (run.answer.wait_for(60s) != std::future_status::ready) {
    FAIL("no answer within 60 s");
  }
  auto answer = run.answer.get();
  if (answer) UNSCOPED_INFO("answer " << static_cast<int>(answer->kind) << ": " << answer->message);
  ledger.record(answer, *run.job, run.kopecks, run.before, fx.last_document(0), shift_documents);
  return answer;
}

/// One receipt, synchronously.
std::optional<ws::jobs::job_failure> print_one(timed_farm& fx, caf::scoped_actor& self, const register_actor& reg,
                                               std::int64_t kopecks, receipt_ledger& ledger,
                                               ws::jobs::shift_policy policy = {}, std::uint32_t shift_documents = 0) {
  auto job = receipt_of(kopecks, policy);
  const auto before = fx.last_document(0);
  auto answer = run_job(self, reg, job, 20s, 30s);
  if (answer) UNSCOPED_INFO("answer " << static_cast<int>(answer->kind) << ": " << answer->message);
  ledger.record(answer, *job, kopecks, before, fx.last_document(0), shift_documents);
  return answer;
}

void require_clean(const receipt_ledger& ledger) {
  INFO(ledger.summary());
  CHECK(ledger.duplicates == 0);
  CHECK(ledger.losses == 0);
  CHECK(ledger.mismatches == 0);
}

/// A registered device 0 with its shift open (FD 2), the register ready.
struct matrix_fixture {
  timed_farm fx{1, short_link(), 500ms};
  caf::scoped_actor self{fx.system(), true};
  register_actor reg;
  receipt_ledger ledger;

  explicit matrix_fixture(bool registered = true) {
    reg = ready_register(fx, self, 0);
    self->send(reg, unsubscr_atom::value, caf::actor{self});
    if (registered && !register_and_open_shift(fx, self, reg, 0)) {
      fx.stop({reg});
      throw std::runtime_error("registration or shift opening failed");
    }
  }
  ~matrix_fixture() {
    if (reg) fx.stop({reg});
  }
  bool ready_again(milliseconds limit = 20s) { return poll_ready(self, reg, limit); }
};

}  // namespace

TEST_CASE("fault matrix: line dropped mid-receipt before the closing command", "[actors][faults][matrix]") {
  matrix_fixture m;
  m.fx.device(0).update_faults([](ws::emulator::fault_plan& plan) { plan.extra_delay = 150ms; });
  auto run = start_receipt(m.fx, m.reg, 101);
  REQUIRE(wait_until(mid_receipt(m.fx, run, 4), 10s));
  REQUIRE(m.fx.last_document(0) == run.before);  // the closing command is still ahead
  m.fx.device(0).drop_line(400ms);
  const auto answer = finish(m.fx, run, m.ledger);
  REQUIRE(answer);
  // Nothing was signed when the line fell: the job either finished the receipt on the new
  // line (one document) or gave it up safely (none).
  CHECK(answer->kind != failure_kind::outcome_unknown);
  m.fx.device(0).clear_faults();
  REQUIRE(m.ready_again());
  const auto next = print_one(m.fx, m.self, m.reg, 102, m.ledger);
  REQUIRE(next);
  CHECK(next->kind == failure_kind::none);
  CHECK(m.ledger.successes >= 1);
  require_clean(m.ledger);
}

TEST_CASE("fault matrix: line dropped right after the closing command", "[actors][faults][matrix]") {
  matrix_fixture m;
  m.fx.device(0).update_faults([](ws::emulator::fault_plan& plan) { plan.extra_delay = 300ms; });
  auto run = start_receipt(m.fx, m.reg, 201);
  REQUIRE(wait_until(receipt_signed(m.fx, run), 15s));
  m.fx.device(0).drop_line(500ms);  // the closing reply is still waiting out its delay
  const auto answer = finish(m.fx, run, m.ledger);
  REQUIRE(answer);
  CHECK(answer->kind == failure_kind::none);
  CHECK(run.job->result().recovered);
  CHECK(run.job->result().document_number == 3);
  CHECK(m.fx.last_document(0) == 3);
  require_clean(m.ledger);
}

TEST_CASE("fault matrix: garbage bytes on the line", "[actors][faults][matrix]") {
  matrix_fixture m;
  ws::emulator::fault_plan plan;
  plan.corrupt_probability = 0.01;
  plan.seed = 31;
  m.fx.device(0).set_faults(plan);
  for (int i = 0; i < 5; ++i) {
    REQUIRE(print_one(m.fx, m.self, m.reg, 300 + i, m.ledger));
    REQUIRE(m.ready_again());
  }
  const auto counters = m.fx.device(0).info().counters;
  m.fx.device(0).clear_faults();
  CHECK(counters.bytes_corrupted > 0);
  CHECK(print_one(m.fx, m.self, m.reg, 399, m.ledger)->kind == failure_kind::none);
  CHECK(m.ledger.successes >= 1);
  require_clean(m.ledger);
}

TEST_CASE("fault matrix: NAK storms", "[actors][faults][matrix]") {
  matrix_fixture m;
  // A short storm the link's own retries ride out.
  m.fx.device(0).update_faults([](ws::emulator::fault_plan& plan) { plan.nak_next_frames = 3; });
  auto first = print_one(m.fx, m.self, m.reg, 401, m.ledger);
  REQUIRE(first);
  CHECK(first->kind == failure_kind::none);
  // A storm longer than the retries, started mid-receipt.
  m.fx.device(0).update_faults([](ws::emulator::fault_plan& plan) { plan.extra_delay = 100ms; });
  auto run = start_receipt(m.fx, m.reg, 402);
  REQUIRE(wait_until(mid_receipt(m.fx, run, 4), 10s));
  m.fx.device(0).update_faults([](ws::emulator::fault_plan& plan) { plan.nak_next_frames = 25; });
  REQUIRE(finish(m.fx, run, m.ledger));
  // Random NAKs on a third of the frames.
  m.fx.device(0).update_faults([](ws::emulator::fault_plan& plan) {
    plan.extra_delay = 0ms;
    plan.nak_probability = 0.3;
  });
  for (int i = 0; i < 3; ++i) {
    REQUIRE(m.ready_again());
    REQUIRE(print_one(m.fx, m.self, m.reg, 410 + i, m.ledger));
  }
  const auto counters = m.fx.device(0).info().counters;
  m.fx.device(0).clear_faults();
  CHECK(counters.frames_naked >= 28);
  REQUIRE(m.ready_again());
  CHECK(print_one(m.fx, m.self, m.reg, 499, m.ledger)->kind == failure_kind::none);
  require_clean(m.ledger);
}

TEST_CASE("fault matrix: silence mid-receipt and after the closing command", "[actors][faults][matrix]") {
  matrix_fixture m;
  m.fx.device(0).update_faults([](ws::emulator::fault_plan& plan) { plan.extra_delay = 150ms; });
  // Silent for a while before the closing command: the job waits it out.
  auto run = start_receipt(m.fx, m.reg, 501);
  REQUIRE(wait_until(mid_receipt(m.fx, run, 4), 10s));
  REQUIRE(m.fx.last_document(0) == run.before);
  m.fx.device(0).go_silent(1500ms);
  auto answer = finish(m.fx, run, m.ledger);
  REQUIRE(answer);
  CHECK(answer->kind != failure_kind::outcome_unknown);
  REQUIRE(m.ready_again());
  // Silent from the moment the receipt is signed until past the deadline: the answer is
  // outcome_unknown naming the FD that is indeed this receipt.
  auto lost = start_receipt(m.fx, m.reg, 502, std::chrono::seconds(3));
  REQUIRE(wait_until(receipt_signed(m.fx, lost), 15s));
  m.fx.device(0).go_silent(5000ms);
  answer = finish(m.fx, lost, m.ledger);
  REQUIRE(answer);
  CHECK(answer->kind == failure_kind::outcome_unknown);
  REQUIRE(answer->document_to_check);
  CHECK(*answer->document_to_check == lost.before + 1);
  CHECK(m.fx.last_document(0) == lost.before + 1);
  CHECK(m.ledger.unknown_printed == 1);
  // Once the device speaks again the register serves the next receipt, after it.
  m.fx.device(0).clear_faults();
  REQUIRE(m.ready_again());
  const auto before_next = m.fx.last_document(0);
  auto next = print_one(m.fx, m.self, m.reg, 503, m.ledger);
  REQUIRE(next);
  CHECK(next->kind == failure_kind::none);
  CHECK(m.fx.last_document(0) == before_next + 1);
  require_clean(m.ledger);
}

TEST_CASE("fault matrix: reboot mid-receipt and right after the closing command", "[actors][faults][matrix]") {
  matrix_fixture m;
  m.fx.device(0).update_faults([](ws::emulator::fault_plan& plan) { plan.extra_delay = 150ms; });
  auto run = start_receipt(m.fx, m.reg, 601);
  REQUIRE(wait_until(mid_receipt(m.fx, run, 3), 10s));
  REQUIRE(m.fx.last_document(0) == run.before);
  m.fx.device(0).reboot_now();  // the open receipt is lost with the volatile state
  auto answer = finish(m.fx, run, m.ledger);
  REQUIRE(answer);
  CHECK(answer->kind != failure_kind::outcome_unknown);
  REQUIRE(m.ready_again());
  auto signed_run = start_receipt(m.fx, m.reg, 602);
  REQUIRE(wait_until(receipt_signed(m.fx, signed_run), 15s));
  m.fx.device(0).reboot_now();  // the signed receipt survives in the FN; its reply does not
  answer = finish(m.fx, signed_run, m.ledger);
  REQUIRE(answer);
  CHECK(answer->kind == failure_kind::none);
  CHECK(signed_run.job->result().recovered);
  CHECK(signed_run.job->result().document_number == signed_run.before + 1);
  require_clean(m.ledger);
}

TEST_CASE("fault matrix: slow device", "[actors][faults][matrix]") {
  matrix_fixture m;
  m.fx.device(0).update_faults([](ws::emulator::fault_plan& plan) { plan.extra_delay = 250ms; });
  for (int i = 0; i < 2; ++i) {
    const auto answer = print_one(m.fx, m.self, m.reg, 700 + i, m.ledger);
    REQUIRE(answer);
    CHECK(answer->kind == failure_kind::none);
  }
  CHECK(m.ledger.recovered == 0);  // slow answers are waited for, not lost
  CHECK(m.fx.last_document(0) == 4);
  require_clean(m.ledger);
}

TEST_CASE("fault matrix: paper runs out then printing continues", "[actors][faults][matrix]") {
  matrix_fixture m;
  m.fx.device(0).paper_runs_out_after_lines(2);  // ends inside the next receipt
  const auto first = print_one(m.fx, m.self, m.reg, 801, m.ledger);
  REQUIRE(first);
  CHECK(first->kind == failure_kind::none);  // signed in the FN; its printout is cut short
  REQUIRE(m.ready_again());
  // With no paper the next receipt is refused at its opening (6Bh); nothing is signed.
  const auto without_paper = print_one(m.fx, m.self, m.reg, 802, m.ledger);
  REQUIRE(without_paper);
  CHECK(without_paper->kind == failure_kind::safe);
  CHECK(without_paper->device_error == std::optional<std::uint8_t>(0x6B));
  CHECK(m.fx.last_document(0) == 3);
  // Paper in: the register continues (B0h) and prints.
  m.fx.device(0).set_paper_present(true);
  REQUIRE(m.ready_again());
  const auto with_paper = print_one(m.fx, m.self, m.reg, 803, m.ledger);
  REQUIRE(with_paper);
  CHECK(with_paper->kind == failure_kind::none);
  require_clean(m.ledger);
}

TEST_CASE("fault matrix: a shift over 24 hours is closed and reopened", "[actors][faults][matrix]") {
  matrix_fixture m;
  REQUIRE(print_one(m.fx, m.self, m.reg, 901, m.ledger)->kind == failure_kind::none);  // FD 3, shift 1
  m.fx.device(0).advance_clock(std::chrono::hours(25));
  // With the policy off the register refuses, and the FN is untouched.
  ws::jobs::shift_policy off;
  off.manage_shift = false;
  const auto refused = print_one(m.fx, m.self, m.reg, 902, m.ledger, off);
  REQUIRE(refused);
  CHECK(refused->kind == failure_kind::wrong_state);
  CHECK(m.fx.last_document(0) == 3);
  // With the policy on: close shift (FD 4), open shift (FD 5), the receipt (FD 6).
  auto job = receipt_of(903);
  const auto answer = run_job(m.self, m.reg, job, 20s, 30s);
  m.ledger.record(answer, *job, 903, 3, m.fx.last_document(0), 2);
  REQUIRE(answer);
  CHECK(answer->kind == failure_kind::none);
  CHECK(job->result().document_number == 6);
  REQUIRE(job->result().shift_number);
  CHECK(*job->result().shift_number == 2);
  // A shift that would pass 24 hours within the margin is renewed too: FD 7, 8, receipt 9.
  m.fx.device(0).advance_clock(std::chrono::hours(23) + std::chrono::minutes(50));
  auto near_end = receipt_of(904);
  const auto renewed = run_job(m.self, m.reg, near_end, 20s, 30s);
  m.ledger.record(renewed, *near_end, 904, 6, m.fx.last_document(0), 2);
  REQUIRE(renewed);
  CHECK(renewed->kind == failure_kind::none);
  CHECK(near_end->result().document_number == 9);
  REQUIRE(near_end->result().shift_number);
  CHECK(*near_end->result().shift_number == 3);
  require_clean(m.ledger);
}

TEST_CASE("fault matrix: wrong states are refused without a document", "[actors][faults][matrix]") {
  matrix_fixture m(false);
  // The FN is not registered (not in fiscal mode).
  const auto unregistered = print_one(m.fx, m.self, m.reg, 1001, m.ledger);
  REQUIRE(unregistered);
  CHECK(unregistered->kind == failure_kind::wrong_state);
  CHECK(m.fx.last_document(0) == 0);
  // Registered (FD 1) with the shift closed and a policy that may not open it.
  std::shared_ptr<ws::jobs::job> registration = ws::jobs::make_registration_job(test_registration());
  const auto registered = run_job(m.self, m.reg, registration, 20s, 25s);
  REQUIRE(registered);
  REQUIRE(registered->kind == failure_kind::none);
  ws::jobs::shift_policy off;
  off.manage_shift = false;
  const auto closed_shift = print_one(m.fx, m.self, m.reg, 1002, m.ledger, off);
  REQUIRE(closed_shift);
  CHECK(closed_shift->kind == failure_kind::wrong_state);
  CHECK(m.fx.last_document(0) == 1);
  CHECK(m.ledger.wrong_states == 2);
  require_clean(m.ledger);
}

TEST_CASE("fault matrix: a register crashed mid-receipt is restarted by its group", "[actors][faults][matrix]") {
  timed_farm fx(1, short_link(), 500ms);
  caf::scoped_actor self{fx.system(), true};
  receipt_ledger ledger;
  group_options options;
  options.build_job = test_job_builder();
  options.name = "A";
  options.registers.push_back({ws::emulator::emulator_farm::serial_number(1, 1), fx.pty_port(0), 115200, {"A"}});
  options.timing = quick_timing();
  options.link = fx.link();
  options.restart_min = 50ms;
  options.restart_max = 200ms;
  auto group = spawn_group(fx.system(), fx.io(), options);
  actor_guard guard(fx, group);  // the group takes its registers down with it
  self->send(group, subscribe_atom::value, caf::actor{self});
  register_actor first;
  REQUIRE(await_status(self, in_state(register_state::ready), 10s, &first));
  REQUIRE(first);
  REQUIRE(register_and_open_shift(fx, self, first, 0));
  fx.device(0).update_faults([](ws::emulator::fault_plan& plan) { plan.extra_delay = 150ms; });
  auto run = start_receipt(fx, first, 1101, std::chrono::seconds(5));
  REQUIRE(wait_until(mid_receipt(fx, run, 3), 10s));
  REQUIRE(fx.last_document(0) == run.before);
  self->send_exit(first, caf::exit_reason::kill);  // crash with the receipt open on the device
  REQUIRE(run.answer.wait_for(20s) == std::future_status::ready);
  const auto crashed_answer = run.answer.get();
  // Dying, it still answers: the job's deadline answer, nothing was signed.
  REQUIRE(crashed_answer);
  CHECK(crashed_answer->kind == failure_kind::timeout);
  ledger.record(crashed_answer, *run.job, run.kopecks, run.before, fx.last_document(0));  // the dead register answers nothing
  register_actor second;
  REQUIRE(await_status(
      self, [&](const register_status& s) { return s.state == register_state::ready && second && second != first; },
      15s, &second));
  CHECK(fx.last_document(0) == run.before);  // the crashed receipt left no document
  fx.device(0).clear_faults();
  // The new register cancels the receipt left open and prints the next one once.
  const auto next = print_one(fx, self, second, 1102, ledger);
  REQUIRE(next);
  CHECK(next->kind == failure_kind::none);
  CHECK(fx.last_document(0) == run.before + 1);
  require_clean(ledger);
  CHECK(fx.stop({group, second}));
}
