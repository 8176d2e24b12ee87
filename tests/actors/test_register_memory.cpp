// What a register keeps between jobs: the opening of the shift in progress (so receipts do
// not walk the FN archive back to it), and its subscribers, dropped when they die.

#include <catch2/catch.hpp>

#include "actors/group_actor.hpp"
#include "tests/actors/fault_support.hpp"
#include "tests/actors/register_test_jobs.hpp"

using namespace ws::actors;
using namespace ws::actors::test;
using ws::jobs::failure_kind;

namespace {

constexpr std::uint16_t find_document = 0xFF0A;

/// Runs a receipt of `kopecks` wrapped in a counting_job; REQUIREs success.
std::shared_ptr<counting_job> counted_receipt(caf::scoped_actor& self, const register_actor& reg, std::int64_t kopecks,
                                              std::shared_ptr<ws::jobs::print_receipt_job>* receipt = nullptr) {
  auto job = receipt_of(kopecks);
  auto counted = std::make_shared<counting_job>(job);
  const auto answer = run_job(self, reg, counted, 20s, 30s);
  REQUIRE(answer);
  INFO(answer->message);
  REQUIRE(answer->kind == failure_kind::none);
  if (receipt != nullptr) *receipt = job;
  return counted;
}

/// `who`: a register_actor or a group_actor (both answer subscrs_atom).
template <class Handle>
std::uint32_t subscribers_of(caf::scoped_actor& self, const Handle& who) {
  std::uint32_t count = 999;
  self->request(who, 5s, subscrs_atom::value).receive([&](std::uint32_t n) { count = n; }, [](const caf::error&) {});
  return count;
}

template <class Handle>
bool await_subscribers(caf::scoped_actor& self, const Handle& who, std::uint32_t expected, milliseconds limit) {
  const auto deadline = steady::now() + limit;
  while (steady::now() < deadline) {
    if (subscribers_of(self, who) == expected) return true;
    std::this_thread::sleep_for(20ms);
  }
  return false;
}

/// An actor that takes whatever a register or group publishes and does nothing with it.
/// A subscriber that ignores what it gets. A class rather than a function: CAF 0.17.6
/// spawning a function actor with no arguments dereferences a null shared_ptr to its
/// empty argument tuple, which UBSan rejects.
class listener : public caf::event_based_actor {
 public:
  using caf::event_based_actor::event_based_actor;
  caf::behavior make_behavior() override {
    set_default_handler(caf::drop);
    return {[](const register_status&) {}, [](reg_handle_atom, const register_member&) {}};
  }
};

}  // namespace

TEST_CASE("register remembers the shift opening so later receipts read no archive", "[actors][shift_memory]") {
  timed_farm fx(1, short_link(), 500ms);
  caf::scoped_actor self{fx.system(), true};
  auto reg = ready_register(fx, self, 0);
  actor_guard guard(fx, reg);
  self->send(reg, unsubscr_atom::value, caf::actor{self});
  REQUIRE(register_and_open_shift(fx, self, reg, 0));  // FD 1 registration, FD 2 shift 1 opened

  // The open-shift job told the register FD 2 opens shift 1, but not when (FF0Bh has no
  // time): the first receipt reads that one document, and no other.
  auto first = counted_receipt(self, reg, 101);
  REQUIRE(first->given());
  CHECK(first->given()->document_number == 2);
  CHECK(first->given()->shift_number == 1);
  CHECK_FALSE(first->given()->opened_minutes);
  CHECK(first->sent(find_document) == 1);
  CHECK(fx.last_document(0) == 3);

  // From then on the register knows the opening's time: no archive read at all.
  auto second = counted_receipt(self, reg, 102);
  REQUIRE(second->given());
  CHECK(second->given()->document_number == 2);
  CHECK(second->given()->opened_minutes);
  CHECK(second->sent(find_document) == 0);
  auto third = counted_receipt(self, reg, 103);
  CHECK(third->sent(find_document) == 0);
  CHECK(fx.last_document(0) == 5);

  // Closing the shift makes the register forget it; the next receipt opens shift 2
  // itself (FD 7, receipt FD 8) and the one after needs no read either.
  std::shared_ptr<ws::jobs::job> close = ws::jobs::make_close_shift_job();
  const auto closed = run_job(self, reg, close, 20s, 25s);
  REQUIRE(closed);
  REQUIRE(closed->kind == failure_kind::none);
  CHECK(fx.last_document(0) == 6);
  std::shared_ptr<ws::jobs::print_receipt_job> reopening;
  auto fourth = counted_receipt(self, reg, 104, &reopening);
  CHECK_FALSE(fourth->given());
  CHECK(reopening->opened_shift());
  CHECK(fourth->sent(find_document) == 0);
  CHECK(fx.last_document(0) == 8);
  auto fifth = counted_receipt(self, reg, 105);
  REQUIRE(fifth->given());
  CHECK(fifth->given()->document_number == 7);
  CHECK(fifth->given()->shift_number == 2);
  CHECK(fifth->sent(find_document) == 0);
  CHECK(fx.last_document(0) == 9);
}

TEST_CASE("a new register walks the archive once and then remembers", "[actors][shift_memory]") {
  timed_farm fx(1, short_link(), 500ms);
  caf::scoped_actor self{fx.system(), true};
  {
    auto reg = ready_register(fx, self, 0);
    actor_guard guard(fx, reg);
    self->send(reg, unsubscr_atom::value, caf::actor{self});
    REQUIRE(register_and_open_shift(fx, self, reg, 0));
    counted_receipt(self, reg, 201);  // FD 3
    counted_receipt(self, reg, 202);  // FD 4
  }
  // A fresh actor on the same line knows nothing: it walks back FD 4, 3, 2 (the opening).
  auto reg = ready_register(fx, self, 0);
  actor_guard guard(fx, reg);
  self->send(reg, unsubscr_atom::value, caf::actor{self});
  // Its identification read the registration document: INN and RNM.
  std::optional<register_identity> identity;
  self->request(reg, 5s, status_atom::value).receive([&](const register_status& s) { identity = s.identity; },
                                                      [](const caf::error&) {});
  REQUIRE(identity);
  CHECK(identity->inn == 7704211201u);
  CHECK(identity->registration_number == "0000000001012345");
  CHECK(identity->last_document_number == 4);
  auto walked = counted_receipt(self, reg, 203);
  CHECK_FALSE(walked->given());
  CHECK(walked->sent(find_document) == 3);
  CHECK(fx.last_document(0) == 5);
  auto next = counted_receipt(self, reg, 204);
  REQUIRE(next->given());
  CHECK(next->given()->document_number == 2);
  CHECK(next->sent(find_document) == 0);
  CHECK(fx.last_document(0) == 6);
}

TEST_CASE("register and group drop subscribers that die", "[actors][subscribers]") {
  farm_fixture fx(1);
  caf::scoped_actor self{fx.system(), true};
  register_options options;
  options.build_job = test_job_builder();
  options.config.port = fx.pty_port(0);
  options.timing = quick_timing();
  auto reg = spawn_register(fx.system(), fx.io(), options);
  auto doomed = fx.system().spawn<listener>();
  self->send(reg, subscribe_atom::value, caf::actor{self});
  self->send(reg, subscribe_atom::value, doomed);
  self->send(reg, subscribe_atom::value, doomed);  // twice counts once
  CHECK(subscribers_of(self, reg) == 2);
  caf::anon_send_exit(doomed, caf::exit_reason::user_shutdown);
  CHECK(await_subscribers(self, reg, 1, 5s));
  self->send(reg, unsubscr_atom::value, caf::actor{self});
  CHECK(subscribers_of(self, reg) == 0);

  group_options group;
  group.build_job = test_job_builder();
  group.name = "A";
  group.registers = {register_config{"", fx.pty_port(0), 115200, {"A"}}};
  group.timing = quick_timing();
  CHECK(fx.stop(reg));  // the line is the group's register's now
  auto grp = spawn_group(fx.system(), fx.io(), group);
  auto first = fx.system().spawn<listener>();
  auto second = fx.system().spawn<listener>();
  self->send(grp, subscribe_atom::value, first);
  self->send(grp, subscribe_atom::value, second);
  CHECK(subscribers_of(self, grp) == 2);
  caf::anon_send_exit(first, caf::exit_reason::kill);
  CHECK(await_subscribers(self, grp, 1, 5s));
  caf::anon_send_exit(second, caf::exit_reason::user_shutdown);
  CHECK(await_subscribers(self, grp, 0, 5s));
  CHECK(fx.stop(grp));
}
