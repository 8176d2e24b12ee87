// The register actor against the emulator on real ptys and TCP.

#include <catch2/catch.hpp>

#include "actors/register_actor.hpp"
#include "tests/actors/actors_support.hpp"

using namespace ws::actors;
using namespace ws::actors::test;

namespace {

register_options options_for(std::string port, std::string serial = {}) {
  register_options options;
  options.build_job = test_job_builder();
  options.config.port = std::move(port);
  options.config.serial_number = std::move(serial);
  options.timing = quick_timing();
  return options;
}

register_actor start_register(farm_fixture& fx, caf::scoped_actor& self, register_options options) {
  auto reg = spawn_register(fx.system(), fx.io(), std::move(options));
  self->send(reg, subscribe_atom::value, caf::actor{self});
  return reg;
}

}  // namespace

TEST_CASE("register actor identifies the emulated device over a pty", "[actors][register]") {
  farm_fixture fx(1);
  caf::scoped_actor self{fx.system(), true};
  auto reg = start_register(fx, self, options_for(fx.pty_port(0), "1"));
  const auto ready = await_status(self, in_state(register_state::ready), 10s);
  REQUIRE(ready);
  const auto info = fx.device(0).info();
  CHECK(ready->port == fx.pty_port(0));
  CHECK(ready->identity.serial_number == "0000000000000001");
  CHECK(ready->identity.serial_number == info.serial_number);
  CHECK(ready->identity.fn_number == info.fn_serial_number);
  CHECK(ready->identity.fn_number.size() == 16);
  CHECK_FALSE(ready->identity.model.empty());
  CHECK(ready->identity.last_document_number == info.last_document_number);
  // Identification is FCh, 11h, FF01h: three commands.
  CHECK(info.commands >= 3);
  CHECK(fx.stop(reg));
}

TEST_CASE("register actor runs a status job and answers it", "[actors][register]") {
  farm_fixture fx(1);
  caf::scoped_actor self{fx.system(), true};
  auto reg = start_register(fx, self, options_for(fx.pty_port(0)));
  REQUIRE(await_status(self, in_state(register_state::ready), 10s));
  const auto commands_before = fx.device(0).info().commands;
  auto job = std::make_shared<status_job>();
  const auto answer = run_job(self, reg, job, 5s, 8s);
  REQUIRE(answer);
  CHECK(answer->kind == ws::jobs::failure_kind::none);
  CHECK(job->serial_number == 1);
  CHECK(job->outcomes == 1);
  CHECK(fx.device(0).info().commands > commands_before);
  // It published busy while running, then ready again.
  CHECK(await_status(self, in_state(register_state::busy), 1s));
  CHECK(await_status(self, in_state(register_state::ready), 1s));
  self->request(reg, 2s, status_atom::value).receive(
      [&](const register_status& status) { CHECK(status.state == register_state::ready); },
      [&](const caf::error& error) { FAIL(caf::to_string(error)); });
  CHECK(fx.stop(reg));
}

TEST_CASE("register actor refuses jobs while it cannot reach its device", "[actors][register]") {
  farm_fixture fx(1);
  caf::scoped_actor self{fx.system(), true};
  auto reg = start_register(fx, self, options_for((fx.farm().options().dir / "no-such-port").string()));
  const auto offline = await_status(self, in_state(register_state::offline), 5s);
  REQUIRE(offline);
  CHECK(offline->detail.find("no-such-port") != std::string::npos);
  auto job = std::make_shared<status_job>();
  const auto answer = run_job(self, reg, job, 2s, 3s);
  REQUIRE(answer);
  CHECK(answer->kind == ws::jobs::failure_kind::safe);
  CHECK(answer->message.find("offline") != std::string::npos);
  CHECK(job->outcomes == 0);
  CHECK(fx.stop(reg));
}

TEST_CASE("register actor stays offline on a serial number mismatch", "[actors][register]") {
  farm_fixture fx(1);
  caf::scoped_actor self{fx.system(), true};
  auto reg = start_register(fx, self, options_for(fx.pty_port(0), "0000000000000099"));
  const auto offline = await_status(self, in_state(register_state::offline), 10s);
  REQUIRE(offline);
  CHECK(offline->detail.find("mismatch") != std::string::npos);
  CHECK_FALSE(await_status(self, in_state(register_state::ready), 1500ms));
  CHECK(fx.stop(reg));
}

TEST_CASE("register actor goes offline when the line drops and comes back", "[actors][register]") {
  farm_fixture fx(1);
  caf::scoped_actor self{fx.system(), true};
  auto reg = start_register(fx, self, options_for(fx.pty_port(0)));
  REQUIRE(await_status(self, in_state(register_state::ready), 10s));
  fx.device(0).drop_line(1500ms);
  const auto offline = await_status(self, in_state(register_state::offline), 5s);
  REQUIRE(offline);
  CHECK_FALSE(offline->detail.empty());
  const auto back = await_status(self, in_state(register_state::ready), 15s);
  REQUIRE(back);
  CHECK(back->identity.serial_number == "0000000000000001");
  auto job = std::make_shared<status_job>();
  const auto answer = run_job(self, reg, job, 5s, 8s);
  REQUIRE(answer);
  CHECK(answer->kind == ws::jobs::failure_kind::none);
  CHECK(job->serial_number == 1);
  CHECK(fx.stop(reg));
}

TEST_CASE("register actor finishes a job across a dropped line", "[actors][register]") {
  farm_fixture fx(1);
  caf::scoped_actor self{fx.system(), true};
  auto reg = start_register(fx, self, options_for(fx.pty_port(0)));
  REQUIRE(await_status(self, in_state(register_state::ready), 10s));
  // The line goes down while the job's command is on its way: the job waits for the line.
  fx.device(0).go_silent(std::nullopt);
  auto job = std::make_shared<status_job>();
  // The request waits on its own thread while this one injects the faults.
  auto answer_future = std::async(std::launch::async, [&fx, reg, job] {
    caf::scoped_actor requester{fx.system(), true};
    return run_job(requester, reg, job, 15s, 20s);
  });
  REQUIRE(await_status(self, in_state(register_state::busy), 3s));
  fx.device(0).drop_line(800ms);
  fx.device(0).end_silence();
  REQUIRE(await_status(self, in_state(register_state::recovering), 5s));
  // Back on the new line, the job completes.
  REQUIRE(answer_future.wait_for(20s) == std::future_status::ready);
  const auto answer = answer_future.get();
  REQUIRE(answer);
  CHECK(answer->kind == ws::jobs::failure_kind::none);
  CHECK(job->serial_number == 1);
  CHECK(job->restorations >= 1);
  CHECK(fx.stop(reg));
}

TEST_CASE("register actor answers at the deadline while it is still reconnecting", "[actors][register]") {
  farm_fixture fx(1);
  caf::scoped_actor self{fx.system(), true};
  auto reg = start_register(fx, self, options_for(fx.pty_port(0)));
  REQUIRE(await_status(self, in_state(register_state::ready), 10s));
  fx.device(0).go_silent(std::nullopt);
  auto job = std::make_shared<status_job>();
  auto answer_future = std::async(std::launch::async, [&fx, reg, job] {
    caf::scoped_actor requester{fx.system(), true};
    return run_job(requester, reg, job, 2s, 6s);
  });
  REQUIRE(await_status(self, in_state(register_state::busy), 3s));
  fx.device(0).drop_line(5000ms);
  REQUIRE(await_status(self, in_state(register_state::recovering), 3s));
  REQUIRE(answer_future.wait_for(6s) == std::future_status::ready);
  const auto answer = answer_future.get();
  REQUIRE(answer);
  CHECK(answer->kind == ws::jobs::failure_kind::timeout);
  CHECK(job->serial_number == 0);
  // Without a job the register is simply offline until the line is back.
  REQUIRE(await_status(self, in_state(register_state::offline), 2s));
  fx.device(0).end_silence();
  fx.device(0).restore_line();
  REQUIRE(await_status(self, in_state(register_state::ready), 10s));
  CHECK(fx.stop(reg));
}

TEST_CASE("register actor answers at the deadline when the device is silent", "[actors][register]") {
  farm_fixture fx(1);
  caf::scoped_actor self{fx.system(), true};
  auto reg = start_register(fx, self, options_for(fx.pty_port(0)));
  REQUIRE(await_status(self, in_state(register_state::ready), 10s));
  fx.device(0).go_silent(std::nullopt);
  auto job = std::make_shared<status_job>();
  const auto started = steady::now();
  const auto answer = run_job(self, reg, job, 700ms, 5s);
  const auto took = steady::now() - started;
  REQUIRE(answer);
  CHECK(answer->kind == ws::jobs::failure_kind::timeout);
  CHECK(took >= 650ms);
  CHECK(took < 4s);  // the register's deadline answered, not the 5 s request timeout
  fx.device(0).end_silence();
  CHECK(fx.stop(reg));
}

TEST_CASE("register actor polls while idle and notices a silent device", "[actors][register]") {
  farm_fixture fx(1);
  caf::scoped_actor self{fx.system(), true};
  auto reg = start_register(fx, self, options_for(fx.pty_port(0)));
  REQUIRE(await_status(self, in_state(register_state::ready), 10s));
  const auto before = fx.device(0).info().commands;
  // poll_interval is 300 ms, and an 11h exchange on the pty takes ~150 ms more: two polls
  // come within a second; a loaded machine gets two seconds.
  const auto deadline = std::chrono::steady_clock::now() + 2000ms;
  while (fx.device(0).info().commands < before + 2 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(50ms);
  CHECK(fx.device(0).info().commands >= before + 2);
  fx.device(0).go_silent(std::nullopt);
  const auto offline = await_status(self, in_state(register_state::offline), 10s);
  REQUIRE(offline);
  CHECK(offline->detail.find("status poll") != std::string::npos);
  fx.device(0).end_silence();
  REQUIRE(await_status(self, in_state(register_state::ready), 10s));
  CHECK(fx.stop(reg));
}

TEST_CASE("register actor runs one job at a time and refuses a second", "[actors][register]") {
  farm_fixture fx(1);
  caf::scoped_actor self{fx.system(), true};
  auto reg = start_register(fx, self, options_for(fx.pty_port(0)));
  REQUIRE(await_status(self, in_state(register_state::ready), 10s));
  fx.device(0).update_faults([](ws::emulator::fault_plan& plan) { plan.extra_delay = 1500ms; });
  auto first = std::make_shared<status_job>();
  auto first_answer = std::async(std::launch::async, [&fx, reg, first] {
    caf::scoped_actor requester{fx.system(), true};
    return run_job(requester, reg, first, 10s, 12s);
  });
  REQUIRE(await_status(self, in_state(register_state::busy), 3s));
  auto second = std::make_shared<status_job>();
  const auto refused = run_job(self, reg, second, 5s, 2s);
  REQUIRE(refused);
  CHECK(refused->kind == ws::jobs::failure_kind::busy);
  CHECK(refused->message.find("busy") != std::string::npos);
  CHECK(second->outcomes == 0);
  REQUIRE(first_answer.wait_for(15s) == std::future_status::ready);
  const auto answer = first_answer.get();
  REQUIRE(answer);
  CHECK(answer->kind == ws::jobs::failure_kind::none);
  CHECK(first->serial_number == 1);
  CHECK(fx.stop(reg));
}

TEST_CASE("register actor works over TCP", "[actors][register][tcp]") {
  farm_fixture fx(1, true);
  caf::scoped_actor self{fx.system(), true};
  auto reg = start_register(fx, self, options_for(fx.tcp_port(0), "1"));
  const auto ready = await_status(self, in_state(register_state::ready), 10s);
  REQUIRE(ready);
  CHECK(ready->identity.serial_number == "0000000000000001");
  auto job = std::make_shared<status_job>();
  const auto answer = run_job(self, reg, job, 5s, 8s);
  REQUIRE(answer);
  CHECK(answer->kind == ws::jobs::failure_kind::none);
  CHECK(job->serial_number == 1);
  CHECK(fx.device(0).info().tcp_connected);
  fx.device(0).drop_line(1000ms);
  REQUIRE(await_status(self, in_state(register_state::offline), 5s));
  REQUIRE(await_status(self, in_state(register_state::ready), 15s));
  CHECK(fx.stop(reg));
}

TEST_CASE("port strings name serial devices or TCP endpoints", "[actors][line]") {
  const auto serial = parse_port("/dev/ttyUSB0");
  CHECK_FALSE(serial.tcp);
  CHECK(serial.path == "/dev/ttyUSB0");
  const auto tcp = parse_port("tcp://127.0.0.1:7001");
  CHECK(tcp.tcp);
  CHECK(tcp.host == "127.0.0.1");
  CHECK(tcp.port == 7001);
  CHECK_THROWS_AS(parse_port("tcp://127.0.0.1"), std::invalid_argument);
  CHECK_THROWS_AS(parse_port("tcp://host:70000"), std::invalid_argument);
  CHECK_THROWS_AS(parse_port("tcp://:7001"), std::invalid_argument);
}

TEST_CASE("register actor never starts an order that arrives past its deadline", "[actors][register][orders]") {
  farm_fixture fx(1);
  caf::scoped_actor self{fx.system(), true};
  auto reg = start_register(fx, self, options_for(fx.pty_port(0)));
  REQUIRE(await_status(self, in_state(register_state::ready), 10s));
  const auto commands_before = fx.device(0).info().commands;
  auto job = std::make_shared<status_job>();
  auto order = test_order(job, 0s);  // no time left when it arrives
  std::optional<ws::jobs::job_outcome> outcome;
  self->request(reg, 5s, run_job_atom::value, order)
      .receive([&](const ws::jobs::job_outcome& got) { outcome = got; }, [](const caf::error&) {});
  REQUIRE(outcome);
  CHECK(outcome->failure.kind == ws::jobs::failure_kind::timeout);
  CHECK(outcome->failure.message.find("past its deadline") != std::string::npos);
  CHECK(job->outcomes == 0);
  CHECK(fx.device(0).info().commands == commands_before);
  CHECK(fx.stop(reg));
}

TEST_CASE("register actor builds a production order itself and answers its typed result", "[actors][register][orders]") {
  farm_fixture fx(1);
  caf::scoped_actor self{fx.system(), true};
  auto reg = start_register(fx, self, options_for(fx.pty_port(0)));
  REQUIRE(await_status(self, in_state(register_state::ready), 10s));
  ws::jobs::job_order order;
  order.spec = ws::jobs::status_order{};
  order.time_left = std::chrono::seconds(5);
  std::optional<ws::jobs::job_outcome> outcome;
  self->request(reg, 8s, run_job_atom::value, order)
      .receive([&](const ws::jobs::job_outcome& got) { outcome = got; }, [](const caf::error&) {});
  REQUIRE(outcome);
  REQUIRE(outcome->failure.kind == ws::jobs::failure_kind::none);
  const auto* status = std::get_if<ws::jobs::device_status>(&outcome->result);
  REQUIRE(status != nullptr);
  CHECK(status->fn_number == fx.device(0).info().fn_serial_number);
  CHECK(status->last_document_number == fx.device(0).info().last_document_number);
  CHECK(fx.stop(reg));
}

TEST_CASE("register actor has a journaled order's dispatch recorded before its first command", "[actors][register][orders]") {
  farm_fixture fx(1);
  caf::scoped_actor self{fx.system(), true};
  auto options = options_for(fx.pty_port(0));
  options.timing.poll_interval = std::chrono::hours(1);  // no idle poll: every command counted is the job's
  auto reg = start_register(fx, self, options);
  REQUIRE(await_status(self, in_state(register_state::ready), 10s));
  const auto info = fx.device(0).info();
  ws::jobs::job_order order;
  order.spec = ws::jobs::status_order{};
  order.time_left = std::chrono::seconds(5);

  SECTION("recorded: the job runs") {
    // This test's own actor is the journal: it answers the register's question itself.
    caf::scoped_actor journal{fx.system(), true};
    auto pending = self->request(reg, 8s, run_job_atom::value, order, caf::actor_cast<caf::actor>(journal));
    std::optional<dispatch_record> asked;
    journal->receive([&](dispatched_atom, const dispatch_record& where) {
      CHECK(fx.device(0).info().commands == info.commands);  // nothing sent before it is recorded
      asked = where;
      return dispatched_atom::value;
    },
                     caf::after(std::chrono::seconds(5)) >> [] {});
    REQUIRE(asked);
    CHECK(asked->serial_number == info.serial_number);
    CHECK(asked->fn_number == info.fn_serial_number);
    CHECK(asked->last_document_number == info.last_document_number);
    std::optional<ws::jobs::job_outcome> outcome;
    pending.receive([&](const ws::jobs::job_outcome& got) { outcome = got; }, [](const caf::error&) {});
    REQUIRE(outcome);
    CHECK(outcome->failure.kind == ws::jobs::failure_kind::none);
    CHECK(fx.device(0).info().commands > info.commands);
  }
  SECTION("not recorded: nothing is sent") {
    caf::scoped_actor journal{fx.system(), true};
    auto pending = self->request(reg, 8s, run_job_atom::value, order, caf::actor_cast<caf::actor>(journal));
    journal->receive(
        [&](dispatched_atom, const dispatch_record&) -> caf::result<dispatched_atom> {
          return caf::make_error(caf::sec::runtime_error, "disk full");
        },
        caf::after(std::chrono::seconds(5)) >> [] { FAIL("the register never asked its journal"); });
    std::optional<ws::jobs::job_outcome> outcome;
    pending.receive([&](const ws::jobs::job_outcome& got) { outcome = got; }, [](const caf::error&) {});
    REQUIRE(outcome);
    CHECK(outcome->failure.kind == ws::jobs::failure_kind::safe);
    CHECK(outcome->failure.message.find("nothing was sent") != std::string::npos);
    CHECK(fx.device(0).info().commands == info.commands);
  }
  CHECK(fx.stop(reg));
}
