// The broker actor routing real receipts to register actors (through group actors) on
// the emulator farm.

#include <catch2/catch.hpp>

#include <atomic>
#include <future>
#include <optional>
#include <vector>

#include "actors/broker_actor.hpp"
#include "actors/group_actor.hpp"
#include "actors/jobs/fn_lifecycle_jobs.hpp"
#include "actors/jobs/print_receipt_job.hpp"
#include "actors/register_actor.hpp"
#include "tests/actors/actors_support.hpp"
#include "tests/jobs/receipt_samples.hpp"

using namespace ws::actors;
using namespace ws::actors::test;
using ws::broker::outcome;
using ws::broker::ping_result;
using ws::jobs::failure_kind;

namespace {

const std::string firm_a = "7704211201";    // a company: 10 digits
const std::string firm_b = "500100732259";  // a person: 12 digits

/// Registers device `index`'s FN to `inn` through a register actor of its own (stopped
/// afterwards), so that the registers the groups spawn identify it with that INN.
void register_fn(farm_fixture& fx, std::size_t index, const std::string& inn) {
  caf::scoped_actor self{fx.system(), true};
  register_options options;
  options.build_job = test_job_builder();
  options.config.port = fx.pty_port(index);
  options.timing = quick_timing();
  auto reg = spawn_register(fx.system(), fx.io(), options);
  self->send(reg, subscribe_atom::value, caf::actor{self});
  REQUIRE(await_status(self, in_state(register_state::ready), 10s));
  ws::shtrih::registration_params params;
  params.inn = inn;
  params.registration_number = "0000000001012345";
  params.taxation_systems = ws::shtrih::taxation::osn | ws::shtrih::taxation::usn_income;
  std::shared_ptr<ws::jobs::job> job = ws::jobs::make_registration_job(params);
  const auto answer = run_job(self, reg, job, 20s, 25s);
  REQUIRE(answer);
  REQUIRE(answer->kind == failure_kind::none);
  REQUIRE(fx.device(index).info().last_document_number == 1);
  REQUIRE(fx.stop(reg));
}

/// A group actor over the given devices (no register groups: they serve `_NOGROUP`).
group_actor group_over(farm_fixture& fx, const std::string& name, const std::vector<std::size_t>& devices) {
  group_options options;
  options.build_job = test_job_builder();
  options.name = name;
  for (auto index : devices) options.registers.push_back({"", fx.pty_port(index), 115200, {}});
  options.timing = quick_timing();
  options.restart_min = 50ms;
  options.restart_max = 200ms;
  return spawn_group(fx.system(), fx.io(), options);
}

ws::broker::broker_stats stats_of(caf::scoped_actor& self, const broker_actor& broker) {
  ws::broker::broker_stats out;
  self->request(broker, 2s, stats_atom::value)
      .receive([&](ws::broker::broker_stats& stats) { out = std::move(stats); }, [](const caf::error&) {});
  return out;
}

std::size_t ready_for(caf::scoped_actor& self, const broker_actor& broker, const std::string& inn) {
  std::size_t ready = 0;
  for (const auto& reg : stats_of(self, broker).registers)
    if (reg.inn == inn && reg.availability == ws::broker::register_availability::ready) ++ready;
  return ready;
}

/// Waits (bounded) until the broker knows `count` ready registers of that INN.
bool await_ready(caf::scoped_actor& self, const broker_actor& broker, const std::string& inn, std::size_t count,
                 milliseconds limit = 15000ms) {
  const auto deadline = steady::now() + limit;
  while (steady::now() < deadline) {
    if (ready_for(self, broker, inn) >= count) return true;
    std::this_thread::sleep_for(50ms);
  }
  return false;
}

std::optional<ping_result> ping(caf::scoped_actor& self, const broker_actor& broker, std::optional<std::string> inn) {
  std::optional<ping_result> out;
  ws::broker::ping_query query;
  query.inn = std::move(inn);
  self->request(broker, 2s, ping_atom::value, query)
      .receive([&](ping_result result) { out = result; }, [](const caf::error&) {});
  return out;
}

broker_request receipt_request(std::int64_t kopecks, const std::string& inn, milliseconds wait4free,
                               unsigned retry_count = 0) {
  auto content = ws::jobs::testing::single_row(kopecks);
  content.firm_inn = inn;
  broker_request request;
  request.order.spec = ws::jobs::receipt_order{content, {}};
  request.order.time_left = 30s;
  request.inn = inn;
  request.wait4free = wait4free;
  request.time_left = wait4free + 60s;
  request.retry_count = retry_count;
  return request;
}

std::optional<broker_result> ask(caf::scoped_actor& self, const broker_actor& broker, broker_request request,
                                 milliseconds limit = 60000ms) {
  std::optional<broker_result> out;
  self->request(broker, limit, std::move(request))
      .receive([&](broker_result& result) { out = std::move(result); }, [](const caf::error&) {});
  return out;
}

std::uint64_t total_of(const broker_result& result) {
  const auto* printed = std::get_if<ws::jobs::printed_document>(&result.result);
  return printed ? printed->total : 0;
}

/// Makes device 0's replies slow (300 ms each) and sends a receipt of `kopecks` for firm_a;
/// returns its answer's future once the broker has given the receipt to the register,
/// which then stays busy for seconds.
std::future<std::optional<broker_result>> start_slow_receipt(farm_fixture& fx, caf::scoped_actor& self,
                                                             const broker_actor& broker, std::int64_t kopecks) {
  fx.device(0).update_faults([](ws::emulator::fault_plan& plan) { plan.extra_delay = 300ms; });
  auto running = std::async(std::launch::async, [&fx, broker, kopecks] {
    caf::scoped_actor requester{fx.system(), true};
    return ask(requester, broker, receipt_request(kopecks, firm_a, 0ms));
  });
  const auto until = steady::now() + 5s;
  while (stats_of(self, broker).running == 0 && steady::now() < until) std::this_thread::sleep_for(10ms);
  REQUIRE(stats_of(self, broker).running == 1);
  return running;
}

}  // namespace

TEST_CASE("inn_text spells the INN of 11h as the API does", "[actors][broker]") {
  CHECK(inn_text(7704211201ULL) == "7704211201");
  CHECK(inn_text(500100732259ULL) == "500100732259");
  CHECK(inn_text(123456789ULL) == "0123456789");
  CHECK(inn_text(12345678901ULL) == "012345678901");
  CHECK(inn_text(0xFFFF'FFFF'FFFFULL).empty());
  CHECK(inn_text(0).empty());
}

TEST_CASE("broker routes receipts by INN and answers for missing registers", "[actors][broker]") {
  farm_fixture fx(2);
  register_fn(fx, 0, firm_a);
  register_fn(fx, 1, firm_b);
  caf::scoped_actor self{fx.system(), true};
  auto group = group_over(fx, "G", {0, 1});
  broker_options options;
  options.groups = {group};
  auto broker = spawn_broker(fx.system(), options);
  REQUIRE(await_ready(self, broker, firm_a, 1));
  REQUIRE(await_ready(self, broker, firm_b, 1));

  const auto for_b = ask(self, broker, receipt_request(700, firm_b, 0ms));
  REQUIRE(for_b);
  CHECK(for_b->kind == outcome::completed);
  CHECK(for_b->failure.kind == failure_kind::none);
  CHECK(for_b->port == fx.pty_port(1));
  CHECK(for_b->serial_number == fx.device(1).info().serial_number);
  CHECK(total_of(*for_b) == 700);
  // FD 1 registration, FD 2 the shift, FD 3 the receipt; firm A's device printed nothing.
  CHECK(fx.device(1).info().last_document_number == 3);
  CHECK(fx.device(0).info().last_document_number == 1);

  REQUIRE(await_ready(self, broker, firm_a, 1));
  const auto for_a = ask(self, broker, receipt_request(800, firm_a, 2000ms));
  REQUIRE(for_a);
  CHECK(for_a->kind == outcome::completed);
  CHECK(for_a->port == fx.pty_port(0));
  CHECK(total_of(*for_a) == 800);
  CHECK(fx.device(0).info().last_document_number == 3);

  // No register of that firm since the broker started: refused at once, even when the
  // request may wait (nothing would ever come free for it).
  const auto unknown = ask(self, broker, receipt_request(900, "7700000001", 0ms));
  REQUIRE(unknown);
  CHECK(unknown->kind == outcome::no_matching_register);
  CHECK(std::holds_alternative<std::monostate>(unknown->result));
  const auto started = steady::now();
  const auto waited = ask(self, broker, receipt_request(900, "7700000001", 4000ms));
  REQUIRE(waited);
  CHECK(waited->kind == outcome::no_matching_register);
  CHECK(steady::now() - started < 1s);
  CHECK(fx.device(0).info().last_document_number == 3);
  CHECK(fx.device(1).info().last_document_number == 3);

  CHECK(ping(self, broker, firm_a) == ping_result::ok);
  CHECK(ping(self, broker, std::string("7700000001")) == ping_result::no_ready);

  // A per-register operation names the device by serial, whatever the INN.
  auto targeted = receipt_request(950, firm_b, 5000ms);
  targeted.inn.clear();
  targeted.target_serial = fx.device(1).info().serial_number;
  const auto on_device = ask(self, broker, targeted);
  REQUIRE(on_device);
  CHECK(on_device->kind == outcome::completed);
  CHECK(on_device->port == fx.pty_port(1));
  CHECK(total_of(*on_device) == 950);
  CHECK(fx.device(1).info().last_document_number == 4);
  CHECK(fx.device(0).info().last_document_number == 3);
  CHECK(fx.stop({broker, group}));
}

TEST_CASE("broker refuses or times out while the only register is busy", "[actors][broker]") {
  farm_fixture fx(1);
  register_fn(fx, 0, firm_a);
  caf::scoped_actor self{fx.system(), true};
  auto group = group_over(fx, "G", {0});
  broker_options options;
  options.groups = {group};
  auto broker = spawn_broker(fx.system(), options);
  REQUIRE(await_ready(self, broker, firm_a, 1));
  // Slow replies keep the register busy for seconds with the first receipt.
  auto slow = start_slow_receipt(fx, self, broker, 100);

  const auto refused = ask(self, broker, receipt_request(200, firm_a, 0ms));
  REQUIRE(refused);
  CHECK(refused->kind == outcome::no_free_cashmachine);
  const auto started = steady::now();
  const auto waited = ask(self, broker, receipt_request(300, firm_a, 300ms));
  REQUIRE(waited);
  CHECK(waited->kind == outcome::timeout);
  CHECK(steady::now() - started >= 300ms);
  CHECK(ping(self, broker, firm_a) == ping_result::no_ready);

  REQUIRE(slow.wait_for(60s) == std::future_status::ready);
  const auto first = slow.get();
  REQUIRE(first);
  CHECK(first->kind == outcome::completed);
  CHECK(first->failure.kind == failure_kind::none);
  CHECK(total_of(*first) == 100);
  // Only the first receipt was printed (FD 2 shift, FD 3 receipt).
  CHECK(fx.device(0).info().last_document_number == 3);
  fx.device(0).clear_faults();
  CHECK(fx.stop({broker, group}));
}

TEST_CASE("broker retries a safe failure on another register", "[actors][broker]") {
  farm_fixture fx(2);
  register_fn(fx, 0, firm_a);
  register_fn(fx, 1, firm_a);
  caf::scoped_actor self{fx.system(), true};
  // Device 0 joins first so it is the register ready longest: it gets the job first.
  auto first_group = group_over(fx, "G0", {0});
  auto second_group = group_over(fx, "G1", {1});
  auto broker = spawn_broker(fx.system());
  self->send(broker, join_group_atom::value, first_group);
  REQUIRE(await_ready(self, broker, firm_a, 1));
  self->send(broker, join_group_atom::value, second_group);
  REQUIRE(await_ready(self, broker, firm_a, 2));
  fx.device(0).set_paper_present(false);

  // Without retries the paper-out device's safe failure is the answer.
  const auto no_retry = ask(self, broker, receipt_request(400, firm_a, 0ms, 0));
  REQUIRE(no_retry);
  CHECK(no_retry->kind == outcome::completed);
  CHECK(no_retry->failure.kind == failure_kind::safe);
  CHECK(no_retry->port == fx.pty_port(0));
  REQUIRE(await_ready(self, broker, firm_a, 2));

  // Device 1 is now the one ready longest: make device 0 the longest again by using 1.
  const auto on_one = ask(self, broker, receipt_request(450, firm_a, 0ms, 0));
  REQUIRE(on_one);
  CHECK(on_one->port == fx.pty_port(1));
  CHECK(on_one->failure.kind == failure_kind::none);
  REQUIRE(await_ready(self, broker, firm_a, 2));
  const auto docs_1 = fx.device(1).info().last_document_number;

  const auto retried = ask(self, broker, receipt_request(500, firm_a, 0ms, 1));
  REQUIRE(retried);
  CHECK(retried->kind == outcome::completed);
  CHECK(retried->failure.kind == failure_kind::none);
  CHECK(retried->port == fx.pty_port(1));
  CHECK(retried->serial_number == fx.device(1).info().serial_number);
  CHECK(total_of(*retried) == 500);
  CHECK(fx.device(1).info().last_document_number == docs_1 + 1);
  // Nothing was ever printed on the device without paper.
  CHECK(fx.device(0).info().last_document_number == 1);
  fx.device(0).set_paper_present(true);
  CHECK(fx.stop({broker, first_group, second_group}));
}

TEST_CASE("broker sees a register go offline and come back", "[actors][broker]") {
  farm_fixture fx(1);
  register_fn(fx, 0, firm_a);
  caf::scoped_actor self{fx.system(), true};
  auto group = group_over(fx, "G", {0});
  broker_options options;
  options.groups = {group};
  auto broker = spawn_broker(fx.system(), options);
  REQUIRE(await_ready(self, broker, firm_a, 1));
  CHECK(ping(self, broker, std::nullopt) == ping_result::ok);
  fx.device(0).drop_line(3000ms);
  bool went_away = false;
  const auto until = steady::now() + 5s;
  while (!went_away && steady::now() < until) {
    went_away = ping(self, broker, firm_a) == ping_result::no_ready;
    if (!went_away) std::this_thread::sleep_for(20ms);
  }
  CHECK(went_away);
  const auto refused = ask(self, broker, receipt_request(100, firm_a, 0ms));
  REQUIRE(refused);
  CHECK(refused->kind == outcome::no_free_cashmachine);
  // A request that may wait is served once the register is back.
  const auto served = ask(self, broker, receipt_request(200, firm_a, 20000ms));
  REQUIRE(served);
  CHECK(served->kind == outcome::completed);
  CHECK(served->failure.kind == failure_kind::none);
  CHECK(total_of(*served) == 200);
  CHECK(fx.device(0).info().last_document_number == 3);
  CHECK(fx.stop({broker, group}));
}

TEST_CASE("broker answers a job whose register dies while running it", "[actors][broker]") {
  farm_fixture fx(1);
  register_fn(fx, 0, firm_a);
  caf::scoped_actor self{fx.system(), true};
  auto group = group_over(fx, "G", {0});
  broker_options options;
  options.groups = {group};
  auto broker = spawn_broker(fx.system(), options);
  REQUIRE(await_ready(self, broker, firm_a, 1));
  register_actor reg;
  self->request(group, 2s, members_atom::value)
      .receive([&](std::vector<register_member>& members) { reg = members.at(0).handle; }, [](const caf::error&) {});
  REQUIRE(reg);
  fx.device(0).update_faults([](ws::emulator::fault_plan& plan) { plan.extra_delay = 300ms; });
  auto pending = std::async(std::launch::async, [&fx, broker] {
    caf::scoped_actor requester{fx.system(), true};
    return ask(requester, broker, receipt_request(100, firm_a, 0ms));
  });
  const auto until = steady::now() + 5s;
  while (stats_of(self, broker).running == 0 && steady::now() < until) std::this_thread::sleep_for(10ms);
  REQUIRE(stats_of(self, broker).running == 1);
  // A killed register still answers on its way out (its job's deadline answer); the
  // broker passes that on and forgets the dead handle.
  self->send_exit(reg, caf::exit_reason::kill);
  REQUIRE(pending.wait_for(10s) == std::future_status::ready);
  const auto answer = pending.get();
  REQUIRE(answer);
  CHECK(answer->kind == outcome::completed);
  CHECK(answer->port == fx.pty_port(0));
  const auto kind = answer->failure.kind;
  CHECK((kind == failure_kind::timeout || kind == failure_kind::outcome_unknown));
  const auto last_document = fx.device(0).info().last_document_number;
  if (kind == failure_kind::timeout) {
    // Cut short before its closing command: no receipt (FD 2 at most, the shift).
    CHECK(last_document <= 2);
  } else if (kind == failure_kind::outcome_unknown) {
    // Cut short after it: the receipt is FD 3 (1 the registration, 2 the shift) if it was
    // printed at all, the answer names that number to look up, and nothing more exists.
    REQUIRE(answer->failure.document_to_check);
    CHECK(*answer->failure.document_to_check == 3);
    CHECK(last_document <= 3);
  }
  CHECK(stats_of(self, broker).running == 0);
  fx.device(0).clear_faults();
  // The group restarts the register and the broker uses the new one.
  REQUIRE(await_ready(self, broker, firm_a, 1));
  const auto last = fx.device(0).info().last_document_number;
  const auto served = ask(self, broker, receipt_request(200, firm_a, 10000ms));
  REQUIRE(served);
  CHECK(served->kind == outcome::completed);
  CHECK(served->failure.kind == failure_kind::none);
  CHECK(total_of(*served) == 200);
  CHECK(fx.device(0).info().last_document_number >= last + 1);
  CHECK(fx.stop({broker, group}));
}

TEST_CASE("broker passes on the register's own answer when the register is stopped", "[actors][broker]") {
  farm_fixture fx(1);
  register_fn(fx, 0, firm_a);
  caf::scoped_actor self{fx.system(), true};
  auto group = group_over(fx, "G", {0});
  broker_options options;
  options.groups = {group};
  auto broker = spawn_broker(fx.system(), options);
  REQUIRE(await_ready(self, broker, firm_a, 1));
  fx.device(0).update_faults([](ws::emulator::fault_plan& plan) { plan.extra_delay = 300ms; });
  auto pending = std::async(std::launch::async, [&fx, broker] {
    caf::scoped_actor requester{fx.system(), true};
    return ask(requester, broker, receipt_request(100, firm_a, 0ms));
  });
  const auto until = steady::now() + 5s;
  while (stats_of(self, broker).running == 0 && steady::now() < until) std::this_thread::sleep_for(10ms);
  REQUIRE(stats_of(self, broker).running == 1);
  // The group going away takes its register with it; the register answers on its way out.
  REQUIRE(fx.stop(group));
  REQUIRE(pending.wait_for(10s) == std::future_status::ready);
  const auto answer = pending.get();
  REQUIRE(answer);
  CHECK(answer->kind == outcome::completed);
  CHECK(answer->failure.kind != failure_kind::none);
  CHECK(answer->port == fx.pty_port(0));
  CHECK(stats_of(self, broker).registers.empty());
  fx.device(0).clear_faults();
  CHECK(fx.stop(broker));
}

TEST_CASE("broker answers waiting jobs when it stops", "[actors][broker]") {
  farm_fixture fx(1);
  register_fn(fx, 0, firm_a);
  caf::scoped_actor self{fx.system(), true};
  auto group = group_over(fx, "G", {0});
  broker_options options;
  options.groups = {group};
  auto broker = spawn_broker(fx.system(), options);
  REQUIRE(await_ready(self, broker, firm_a, 1));
  // Slow replies keep the only register busy, so the second receipt waits.
  auto running = start_slow_receipt(fx, self, broker, 100);
  auto pending = std::async(std::launch::async, [&fx, broker] {
    caf::scoped_actor requester{fx.system(), true};
    return ask(requester, broker, receipt_request(200, firm_a, 30000ms), 10000ms);
  });
  const auto until = steady::now() + 5s;
  while (stats_of(self, broker).waiting == 0 && steady::now() < until) std::this_thread::sleep_for(10ms);
  REQUIRE(stats_of(self, broker).waiting == 1);
  CHECK(fx.stop(broker));
  REQUIRE(pending.wait_for(5s) == std::future_status::ready);
  const auto answer = pending.get();
  REQUIRE(answer);
  CHECK(answer->kind == outcome::shutting_down);
  REQUIRE(running.wait_for(30s) == std::future_status::ready);
  running.get();  // the running receipt's own answer, whatever it is: only the waiting one is checked
  fx.device(0).clear_faults();
  CHECK(fx.stop(group));
}

TEST_CASE("broker concurrency: successes equal FN documents created", "[actors][broker][load]") {
  constexpr std::size_t devices = 3;
  constexpr int requests = 12;
  farm_fixture fx(static_cast<int>(devices));
  for (std::size_t i = 0; i < devices; ++i) register_fn(fx, i, firm_a);
  caf::scoped_actor self{fx.system(), true};
  auto group = group_over(fx, "G", {0, 1, 2});
  broker_options options;
  options.groups = {group};
  auto broker = spawn_broker(fx.system(), options);
  REQUIRE(await_ready(self, broker, firm_a, devices));
  std::vector<std::future<std::optional<broker_result>>> answers;
  for (int i = 0; i < requests; ++i)
    answers.push_back(std::async(std::launch::async, [&fx, broker, i] {
      caf::scoped_actor requester{fx.system(), true};
      return ask(requester, broker, receipt_request(1000 + i, firm_a, 60000ms), 90000ms);
    }));
  int successes = 0;
  std::set<std::uint64_t> totals;
  for (auto& answer : answers) {
    REQUIRE(answer.wait_for(120s) == std::future_status::ready);
    const auto result = answer.get();
    REQUIRE(result);  // every request is answered
    if (result->kind == outcome::completed && result->failure.kind == failure_kind::none) {
      ++successes;
      totals.insert(total_of(*result));
    }
  }
  // Each device: FD 1 registration, one shift, then its receipts.
  std::uint32_t receipts = 0;
  for (std::size_t i = 0; i < devices; ++i) {
    const auto last = fx.device(i).info().last_document_number;
    if (last > 1) receipts += last - 2;
  }
  CHECK(successes == requests);
  CHECK(static_cast<std::uint32_t>(successes) == receipts);
  CHECK(totals.size() == static_cast<std::size_t>(requests));
  CHECK(fx.stop({broker, group}));
}

// ---- the run deadline without CAF request timeouts: fake registers, no emulator ----

namespace {

using answer_now_atom = caf::atom_constant<caf::atom("answer_now")>;

/// How a scripted register answers one run: after `delay`, or never until told (nullopt).
using run_plan = std::optional<caf::timespan>;

/// A register stand-in speaking run_job. Run k follows plan[k] (beyond the plan: at once);
/// held runs wait in arrival order, and each answer_now request answers the oldest one
/// with success (replying how many are still held). Counts the runs it got.
class scripted_register : public caf::event_based_actor {
 public:
  scripted_register(caf::actor_config& config, std::vector<run_plan> plan, std::shared_ptr<std::atomic<int>> runs)
      : caf::event_based_actor(config), plan_(std::move(plan)), runs_(std::move(runs)) {}

  caf::behavior make_behavior() override {
    return {
        [this](run_job_atom, const ws::jobs::job_order&) -> caf::result<ws::jobs::job_outcome> {
          const auto k = static_cast<std::size_t>((*runs_)++);
          const run_plan how = k < plan_.size() ? plan_[k] : run_plan{caf::timespan{0}};
          if (how && how->count() == 0) return ws::jobs::job_outcome{};
          auto promise = make_response_promise<ws::jobs::job_outcome>();
          held_.push_back(promise);
          if (how) delayed_send(this, *how, answer_now_atom::value, true);
          return promise;
        },
        // Its own timer: no reply (a result would come back to it as an unexpected message).
        [this](answer_now_atom, bool) { answer_oldest(); },
        [this](answer_now_atom) {
          answer_oldest();
          return static_cast<int>(held_.size());
        },
    };
  }

  // A held promise keeps its actor alive (it holds a reference to it): drop them on the
  // way out, unanswered, or the stopped actor is never freed.
  void on_exit() override { held_.clear(); }

 private:
  void answer_oldest() {
    if (held_.empty()) return;
    held_.front().deliver(ws::jobs::job_outcome{});
    held_.erase(held_.begin());
  }

  std::vector<run_plan> plan_;
  std::shared_ptr<std::atomic<int>> runs_;
  std::vector<caf::typed_response_promise<ws::jobs::job_outcome>> held_;
};

const std::string fake_port = "/fake/kkt-1";
const std::string fake_serial = "0000000000000042";

register_status fake_status(register_state state) {
  register_status status;
  status.port = fake_port;
  status.state = state;
  status.identity.serial_number = fake_serial;
  status.identity.model = "SHTRIH-M-FR-K";
  status.identity.inn = 7704211201ULL;  // firm_a
  status.identity.shift_open = true;
  return status;
}

/// Introduces one register to each subscriber as a group does: its handle, then ready.
class one_register_group : public caf::event_based_actor {
 public:
  one_register_group(caf::actor_config& config, caf::actor reg) : caf::event_based_actor(config), reg_(std::move(reg)) {}

  caf::behavior make_behavior() override {
    return {
        [this](subscribe_atom, const caf::actor& who) {
          register_config config;
          config.port = fake_port;
          send(who, reg_handle_atom::value, register_member{config, caf::actor_cast<register_actor>(reg_), 0});
          send(who, fake_status(register_state::ready));
        },
    };
  }

 private:
  caf::actor reg_;
};

/// A broker over one scripted register in an actor system of its own, with short run
/// deadlines: a run fails at run_timeout + 100 ms margin, looked at every 100 ms.
class scripted_pool {
 public:
  static constexpr auto margin = 100ms;
  static constexpr auto sweep_period = 100ms;

  explicit scripted_pool(std::vector<run_plan> plan, caf::timespan margin_override = margin) {
    add_farm_message_types(config_);
    system_.emplace(config_);
    reg_ = system_->spawn<scripted_register>(std::move(plan), runs_);
    group_ = system_->spawn<one_register_group>(reg_);
    broker_options options;
    options.groups = {caf::actor_cast<group_actor>(group_)};
    options.request_margin = margin_override;
    options.run_sweep_period = sweep_period;
    broker_ = spawn_broker(*system_, options);
  }
  ~scripted_pool() {
    if (!stop_actors(*system_, {broker_, group_, reg_}, 5000ms)) std::abort();  // ~actor_system would hang
  }
  scripted_pool(const scripted_pool&) = delete;
  scripted_pool& operator=(const scripted_pool&) = delete;

  caf::actor_system& system() { return *system_; }
  const broker_actor& broker() const { return broker_; }
  const caf::actor& reg() const { return reg_; }
  int runs() const { return runs_->load(); }

  /// Waits (bounded) until the register has had `count` runs.
  bool await_runs(int count, milliseconds limit = 5000ms) const {
    const auto deadline = steady::now() + limit;
    while (runs() < count) {
      if (steady::now() >= deadline) return false;
      std::this_thread::sleep_for(5ms);
    }
    return true;
  }

  /// The register's status as its group passes it on (the broker hears only its groups).
  void tell_status(register_state state) const {
    caf::send_as(caf::actor_cast<caf::actor>(group_), broker_, fake_status(state));
  }

  /// Has the register answer its oldest held run; the broker has the answer in its
  /// mailbox before this returns (the register sends it before replying).
  std::optional<int> answer_oldest(caf::scoped_actor& self) const {
    std::optional<int> still_held;
    self->request(reg_, 2s, answer_now_atom::value).receive([&](int n) { still_held = n; }, [](const caf::error&) {});
    return still_held;
  }

 private:
  caf::actor_system_config config_;
  std::optional<caf::actor_system> system_;
  std::shared_ptr<std::atomic<int>> runs_ = std::make_shared<std::atomic<int>>(0);
  caf::actor reg_;
  caf::actor group_;
  broker_actor broker_;
};

broker_request fake_request(caf::timespan run_timeout, milliseconds wait4free = 0ms) {
  broker_request request;
  request.order.spec = ws::jobs::status_order{};
  request.order.time_left = std::chrono::duration_cast<milliseconds>(run_timeout);
  request.inn = firm_a;
  request.wait4free = wait4free;
  request.time_left = wait4free + 60s;
  return request;
}

/// What a request timeout of CAF turned into before the sweep replaced it.
const std::string no_answer_message = "the register did not answer: " + to_string(caf::make_error(caf::sec::request_timeout));

}  // namespace

TEST_CASE("broker fails a run whose register never answers at run_timeout plus margin", "[actors][broker][sweep]") {
  scripted_pool pool({std::nullopt});
  caf::scoped_actor self{pool.system(), true};
  REQUIRE(await_ready(self, pool.broker(), firm_a, 1, 5000ms));
  const auto started = steady::now();
  const auto answer = ask(self, pool.broker(), fake_request(300ms), 10000ms);
  const auto elapsed = steady::now() - started;
  REQUIRE(answer);
  CHECK(answer->kind == outcome::completed);
  CHECK(answer->failure.kind == failure_kind::outcome_unknown);
  CHECK(answer->failure.message == no_answer_message);
  CHECK(answer->message == no_answer_message);
  CHECK(answer->port == fake_port);
  CHECK(answer->serial_number == fake_serial);
  CHECK(pool.runs() == 1);
  // Not before run_timeout + margin (400 ms). The message shows the sweep answered it;
  // the upper bound is only a deadline for that (well before the ask's 10 s).
  CHECK(elapsed >= 400ms);
  CHECK(elapsed < 5s);
  const auto stats = stats_of(self, pool.broker());
  CHECK(stats.running == 0);
  CHECK(stats.waiting == 0);
}

TEST_CASE("broker ignores a register's late answer after the sweep failed its run", "[actors][broker][sweep]") {
  scripted_pool pool({std::nullopt, std::nullopt});
  caf::scoped_actor self{pool.system(), true};
  REQUIRE(await_ready(self, pool.broker(), firm_a, 1, 5000ms));
  auto first = std::async(std::launch::async, [&pool] {
    caf::scoped_actor requester{pool.system(), true};
    return ask(requester, pool.broker(), fake_request(300ms), 10000ms);
  });
  REQUIRE(pool.await_runs(1));
  // A real register reports busy when it starts a job, and ready once it has answered.
  pool.tell_status(register_state::busy);
  REQUIRE(first.wait_for(5s) == std::future_status::ready);
  const auto failed = first.get();
  REQUIRE(failed);
  CHECK(failed->failure.kind == failure_kind::outcome_unknown);
  CHECK(failed->failure.message == no_answer_message);

  // Still busy as far as the broker knows: it is offered nothing.
  const auto refused = ask(self, pool.broker(), fake_request(300ms), 5000ms);
  REQUIRE(refused);
  CHECK(refused->kind == outcome::no_free_cashmachine);
  CHECK(pool.runs() == 1);

  // It comes back and takes a second job (held as well), then answers the first run late.
  // (The job may wait: its request can reach the broker before the ready status.)
  pool.tell_status(register_state::ready);
  auto second = std::async(std::launch::async, [&pool] {
    caf::scoped_actor requester{pool.system(), true};
    return ask(requester, pool.broker(), fake_request(30s, 5000ms), 20000ms);
  });
  REQUIRE(pool.await_runs(2));
  CHECK(pool.answer_oldest(self) == 1);  // the late answer to the failed first run
  // The late answer neither ends the second job nor frees the register.
  auto stats = stats_of(self, pool.broker());
  CHECK(stats.running == 1);
  CHECK(second.wait_for(200ms) == std::future_status::timeout);
  const auto busy = ask(self, pool.broker(), fake_request(300ms), 5000ms);
  REQUIRE(busy);
  CHECK(busy->kind == outcome::no_free_cashmachine);
  CHECK(pool.runs() == 2);

  // The second run's own answer ends it, successfully.
  CHECK(pool.answer_oldest(self) == 0);
  REQUIRE(second.wait_for(5s) == std::future_status::ready);
  const auto done = second.get();
  REQUIRE(done);
  CHECK(done->kind == outcome::completed);
  CHECK(done->failure.kind == failure_kind::none);
  CHECK(done->port == fake_port);
  stats = stats_of(self, pool.broker());
  CHECK(stats.running == 0);
}

TEST_CASE("broker keeps a run that answers inside its margin and quick runs alike", "[actors][broker][sweep]") {
  // Run 1 answers 350 ms after it starts: past its 300 ms run_timeout but inside the
  // 500 ms margin, while sweeps pass every 100 ms. The others answer at once.
  scripted_pool pool({run_plan{350ms}}, 500ms);
  caf::scoped_actor self{pool.system(), true};
  REQUIRE(await_ready(self, pool.broker(), firm_a, 1, 5000ms));
  const auto started = steady::now();
  const auto slow = ask(self, pool.broker(), fake_request(300ms), 10000ms);
  const auto elapsed = steady::now() - started;
  REQUIRE(slow);
  CHECK(slow->kind == outcome::completed);
  CHECK(slow->failure.kind == failure_kind::none);
  CHECK(slow->port == fake_port);
  CHECK(elapsed >= 350ms);
  constexpr int quick_runs = 20;
  int successes = 0;
  for (int i = 0; i < quick_runs; ++i) {
    const auto quick = ask(self, pool.broker(), fake_request(300ms, 2000ms), 5000ms);
    if (quick && quick->kind == outcome::completed && quick->failure.kind == failure_kind::none) ++successes;
  }
  CHECK(successes == quick_runs);
  CHECK(pool.runs() == 1 + quick_runs);
  // Sweeps keep passing over an idle broker without effect.
  std::this_thread::sleep_for(300ms);
  const auto stats = stats_of(self, pool.broker());
  CHECK(stats.running == 0);
  CHECK(pool.runs() == 1 + quick_runs);
}

TEST_CASE("broker fails a run at once when its register dies holding it", "[actors][broker][sweep]") {
  scripted_pool pool({std::nullopt});
  caf::scoped_actor self{pool.system(), true};
  REQUIRE(await_ready(self, pool.broker(), firm_a, 1, 5000ms));
  auto pending = std::async(std::launch::async, [&pool] {
    caf::scoped_actor requester{pool.system(), true};
    return ask(requester, pool.broker(), fake_request(30s), 40000ms);
  });
  REQUIRE(pool.await_runs(1));
  const auto killed = steady::now();
  self->send_exit(pool.reg(), caf::exit_reason::kill);
  // The down message ends the run long before its 30 s deadline.
  REQUIRE(pending.wait_for(5s) == std::future_status::ready);
  CHECK(steady::now() - killed < 5s);
  const auto answer = pending.get();
  REQUIRE(answer);
  CHECK(answer->kind == outcome::completed);
  CHECK(answer->failure.kind == failure_kind::outcome_unknown);
  // It names the register and the document to check (the one after the FN's last).
  CHECK_THAT(answer->failure.message, Catch::Contains("stopped while it ran the job (its actor is gone: ") &&
                                          Catch::EndsWith("before repeating it"));
  CHECK(answer->port == fake_port);
  const auto stats = stats_of(self, pool.broker());
  CHECK(stats.running == 0);
  CHECK(stats.registers.empty());
}
