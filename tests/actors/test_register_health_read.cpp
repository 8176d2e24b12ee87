// The register's health read against the emulator over a pty: the FN's expiry and OFD
// backlog come with the first ready status, and a document the OFD has not acknowledged
// shows in the backlog after the job that made it, with no command asked by anyone else.

#include <catch2/catch.hpp>

#include "tests/actors/fault_support.hpp"

using namespace ws::actors;
using namespace ws::actors::test;

TEST_CASE("a register publishes its FN expiry and OFD backlog from its own health reads",
          "[actors][register][health]") {
  timed_farm fx{1, short_link(), 500ms};
  caf::scoped_actor self{fx.system(), true};
  fx.device(0).set_ofd_online(false);  // nothing is acknowledged: the backlog stays
  const auto reg = ready_register(fx, self, 0);
  actor_guard guard(fx, reg);

  register_status ready;
  self->request(reg, 2s, status_atom::value)
      .receive([&](const register_status& status) { ready = status; }, [](const caf::error&) {});
  REQUIRE(ready.state == register_state::ready);
  REQUIRE(ready.health.fn_expires_at);
  CHECK(fn_seconds_left(ready.health, std::chrono::system_clock::now()).value_or(0) > 86400);
  CHECK(ready.health.ofd_unsent_documents == std::optional<std::uint32_t>(0));  // a blank FN
  CHECK_FALSE(ready.health.ofd_oldest_unsent_at);

  std::shared_ptr<ws::jobs::job> registration = ws::jobs::make_registration_job(test_registration());
  const auto answer = run_job(self, reg, registration, 20s, 25s);
  REQUIRE(answer);
  REQUIRE(answer->kind == ws::jobs::failure_kind::none);
  const auto after = await_status(
      self, [](const register_status& s) { return s.health.ofd_unsent_documents.value_or(0) == 1; },
      15s);  // the read after a document waits health_read_schedule::after_document_gap
  REQUIRE(after);
  REQUIRE(after->health.ofd_oldest_unsent_at);
  const auto age = ofd_oldest_unsent_age_seconds(after->health, std::chrono::system_clock::now());
  REQUIRE(age);
  CHECK(*age >= 0);
  CHECK(*age < 120);  // FF39h gives the minute: made just now
  CHECK(after->health.fn_expires_at == ready.health.fn_expires_at);
}
