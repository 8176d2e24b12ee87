// The group actor supervising register actors on the emulator.

#include <catch2/catch.hpp>

#include "actors/group_actor.hpp"
#include "tests/actors/actors_support.hpp"

using namespace ws::actors;
using namespace ws::actors::test;

namespace {

group_options group_of(farm_fixture& fx, int count) {
  group_options options;
  options.build_job = test_job_builder();
  options.name = "A";
  for (int i = 0; i < count; ++i)
    options.registers.push_back({ws::emulator::emulator_farm::serial_number(1, i + 1), fx.pty_port(static_cast<std::size_t>(i)),
                                 115200, {"A"}});
  options.timing = quick_timing();
  options.restart_min = 50ms;
  options.restart_max = 200ms;
  return options;
}

std::vector<register_member> members_of(caf::scoped_actor& self, const group_actor& group) {
  std::vector<register_member> out;
  self->request(group, 2s, members_atom::value)
      .receive([&](std::vector<register_member>& members) { out = std::move(members); }, [](const caf::error&) {});
  return out;
}

/// Waits until every port in `ports` was reported ready at least once.
bool all_ready(caf::scoped_actor& self, std::set<std::string> ports, milliseconds limit) {
  return await_status(self,
                      [&](const register_status& status) {
                        if (status.state == register_state::ready) ports.erase(status.port);
                        return ports.empty();
                      },
                      limit)
      .has_value();
}

}  // namespace

TEST_CASE("group spawns its registers and publishes their handles and statuses", "[actors][group]") {
  farm_fixture fx(2);
  caf::scoped_actor self{fx.system(), true};
  auto group = spawn_group(fx.system(), fx.io(), group_of(fx, 2));
  self->send(group, subscribe_atom::value, caf::actor{self});
  REQUIRE(all_ready(self, {fx.pty_port(0), fx.pty_port(1)}, 15s));
  const auto members = members_of(self, group);
  REQUIRE(members.size() == 2);
  CHECK(members[0].config.port == fx.pty_port(0));
  CHECK(members[1].config.serial_number == "0000000000000002");
  CHECK(members[0].handle);
  CHECK(members[1].handle);
  CHECK(members[0].handle != members[1].handle);
  CHECK(members[0].restarts == 0);
  // Each register answers for its own device.
  for (std::size_t i = 0; i < 2; ++i) {
    auto job = std::make_shared<status_job>();
    const auto answer = run_job(self, members[i].handle, job, 5s, 8s);
    REQUIRE(answer);
    CHECK(answer->kind == ws::jobs::failure_kind::none);
    CHECK(job->serial_number == i + 1);
  }
  CHECK(fx.stop({group, members[0].handle, members[1].handle}));
}

TEST_CASE("group restarts a crashed register actor", "[actors][group]") {
  farm_fixture fx(1);
  caf::scoped_actor self{fx.system(), true};
  auto group = spawn_group(fx.system(), fx.io(), group_of(fx, 1));
  self->send(group, subscribe_atom::value, caf::actor{self});
  REQUIRE(all_ready(self, {fx.pty_port(0)}, 10s));
  const auto first = members_of(self, group).at(0).handle;
  REQUIRE(first);
  self->send_exit(first, caf::exit_reason::kill);
  register_actor second;
  const auto crashed = await_status(
      self, [](const register_status& status) { return status.detail.find("restarting") != std::string::npos; }, 5s,
      &second);
  REQUIRE(crashed);
  CHECK(crashed->state == register_state::offline);
  REQUIRE(await_status(self, in_state(register_state::ready), 10s, &second));
  REQUIRE(second);
  CHECK(second != first);
  const auto members = members_of(self, group);
  REQUIRE(members.size() == 1);
  CHECK(members[0].handle == second);
  CHECK(members[0].restarts == 1);
  auto job = std::make_shared<status_job>();
  const auto answer = run_job(self, second, job, 5s, 8s);
  REQUIRE(answer);
  CHECK(answer->kind == ws::jobs::failure_kind::none);
  CHECK(fx.stop({group, second}));
}

TEST_CASE("group gives a register up after its restart budget", "[actors][group]") {
  farm_fixture fx(1);
  caf::scoped_actor self{fx.system(), true};
  auto options = group_of(fx, 1);
  options.restart_budget = 1;
  auto group = spawn_group(fx.system(), fx.io(), options);
  self->send(group, subscribe_atom::value, caf::actor{self});
  REQUIRE(all_ready(self, {fx.pty_port(0)}, 10s));
  self->send_exit(members_of(self, group).at(0).handle, caf::exit_reason::kill);
  register_actor second;
  REQUIRE(await_status(self, in_state(register_state::ready), 10s, &second));
  REQUIRE(second);
  self->send_exit(second, caf::exit_reason::kill);
  const auto given_up = await_status(
      self, [](const register_status& status) { return status.detail.find("budget exhausted") != std::string::npos; },
      5s);
  REQUIRE(given_up);
  CHECK(given_up->state == register_state::offline);
  const auto members = members_of(self, group);
  REQUIRE(members.size() == 1);
  CHECK_FALSE(members[0].handle);
  CHECK(members[0].restarts == 1);
  CHECK(fx.stop(group));
}

TEST_CASE("group shutdown stops every register and the line thread promptly", "[actors][group]") {
  farm_fixture fx(3);
  {
    caf::scoped_actor self{fx.system(), true};
    auto group = spawn_group(fx.system(), fx.io(), group_of(fx, 3));
    self->send(group, subscribe_atom::value, caf::actor{self});
    REQUIRE(all_ready(self, {fx.pty_port(0), fx.pty_port(1), fx.pty_port(2)}, 15s));
    auto members = members_of(self, group);
    REQUIRE(members.size() == 3);
    // A job in flight when the shutdown comes is still answered.
    fx.device(0).go_silent(std::nullopt);
    auto job = std::make_shared<status_job>();
    auto pending = self->request(members[0].handle, 5s, run_job_atom::value, test_order(job, 4s));
    const auto stop_at = steady::now();
    // Only the group is told: its registers follow it.
    caf::scoped_actor watcher{fx.system(), true};
    for (const auto& member : members) watcher->monitor(member.handle);
    CHECK(fx.stop(group, 3s));
    int down = 0;
    for (int i = 0; i < 3; ++i)
      watcher->receive([&](const caf::down_msg&) { ++down; }, caf::after(3s) >> [] {});
    CHECK(down == 3);
    std::optional<ws::jobs::job_failure> answer;
    std::move(pending).receive([&](const ws::jobs::job_outcome& outcome) { answer = outcome.failure; },
                               [](const caf::error&) {});
    REQUIRE(answer);
    CHECK(answer->kind == ws::jobs::failure_kind::timeout);
    // Answered by the stop, not by the job's own 4 s deadline (a generous bound: the
    // stop may take a while on a loaded machine).
    CHECK(steady::now() - stop_at < 3500ms);
  }
  const auto shutdown_at = steady::now();
  fx.shutdown();  // no actor left; the io thread joins once every line is closed
  CHECK(steady::now() - shutdown_at < 10s);  // a deadline for "it ends", not a speed
}

namespace {

/// A job with a bug: it throws when its command's outcome arrives.
class throwing_job : public ws::jobs::job {
 public:
  explicit throwing_job(bool closes_document = false) : closes_document_(closes_document) {}
  std::optional<ws::jobs::command_step> next() override {
    if (sent_) return std::nullopt;
    sent_ = true;
    return ws::jobs::command_step{ws::shtrih::full_status_request{}.encode(), 10000ms, closes_document_};
  }
  void on_outcome(const ws::shtrih::link_outcome&) override { throw std::logic_error("job bug"); }
  void on_line_restored() override {}
  void on_deadline() override { throw std::logic_error("job bug again"); }
  bool finished() const override { return false; }
  const ws::jobs::job_failure& failure() const override { return failure_; }

 private:
  bool closes_document_;
  bool sent_ = false;
  ws::jobs::job_failure failure_;
};

}  // namespace

TEST_CASE("a job that throws ends its register actor which the group restarts", "[actors][group]") {
  farm_fixture fx(1);
  caf::scoped_actor self{fx.system(), true};
  auto group = spawn_group(fx.system(), fx.io(), group_of(fx, 1));
  self->send(group, subscribe_atom::value, caf::actor{self});
  REQUIRE(all_ready(self, {fx.pty_port(0)}, 10s));
  const auto first = members_of(self, group).at(0).handle;
  const auto answer = run_job(self, first, std::make_shared<throwing_job>(), 5s, 8s);
  REQUIRE(answer);  // answered even so
  CHECK(answer->kind == ws::jobs::failure_kind::safe);
  CHECK(answer->message.find("job bug again") != std::string::npos);
  const auto failed = await_status(
      self, [](const register_status& status) { return status.detail.find("job bug") != std::string::npos; }, 3s);
  REQUIRE(failed);
  CHECK(failed->state == register_state::offline);
  register_actor second;
  REQUIRE(await_status(self, in_state(register_state::ready), 10s, &second));
  REQUIRE(second);
  CHECK(second != first);
  CHECK(members_of(self, group).at(0).restarts == 1);
  CHECK(fx.stop({group, second}));
}

TEST_CASE("a job that throws after its closing command is answered as outcome unknown", "[actors][group]") {
  farm_fixture fx(1);
  caf::scoped_actor self{fx.system(), true};
  auto group = spawn_group(fx.system(), fx.io(), group_of(fx, 1));
  self->send(group, subscribe_atom::value, caf::actor{self});
  REQUIRE(all_ready(self, {fx.pty_port(0)}, 10s));
  const auto first = members_of(self, group).at(0).handle;
  const auto answer = run_job(self, first, std::make_shared<throwing_job>(true), 5s, 8s);
  REQUIRE(answer);
  CHECK(answer->kind == ws::jobs::failure_kind::outcome_unknown);
  register_actor second;
  REQUIRE(await_status(self, in_state(register_state::ready), 10s, &second));
  REQUIRE(second);
  CHECK(fx.stop({group, second}));
}
