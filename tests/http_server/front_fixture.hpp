#pragma once
// Fixtures of the REST front tests: an emulator farm on ptys with short link timing on
// both sides (5 ms byte timeout), registers fiscalised beforehand through a register actor
// of their own, group actors, a broker and the front on 127.0.0.1 port 0; clients are real
// httplib clients; answers are read back with simdjson.

#include <httplib.h>
#include <simdjson.h>

#include <chrono>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "actors/broker_actor.hpp"
#include "actors/group_actor.hpp"
#include "actors/jobs/fn_lifecycle_jobs.hpp"
#include "http/server/front.hpp"
#include "tests/actors/fault_support.hpp"

namespace ws::http::test {

using namespace std::chrono_literals;
using actors::test::steady;
using std::chrono::milliseconds;

inline const std::string firm_a = "7704211201";
inline const std::string firm_b = "500100732259";
inline const std::string secret = "s3cret";

/// One group actor: the devices it holds and the register groups they are configured with.
struct group_plan {
  std::vector<std::size_t> devices;
  std::vector<std::string> register_groups;
};

class front_farm {
 public:
  explicit front_farm(int count) : fx_(count, actors::test::short_link()) {}
  ~front_farm() { shutdown(); }
  front_farm(const front_farm&) = delete;
  front_farm& operator=(const front_farm&) = delete;

  actors::test::timed_farm& fx() { return fx_; }
  emulator::device_host& device(std::size_t index) { return fx_.device(index); }
  std::uint32_t documents(std::size_t index) { return fx_.last_document(index); }
  std::string serial(std::size_t index) { return fx_.device(index).info().serial_number; }

  /// Registers device `index` to `inn` (FD 1) and opens its shift (FD 2), before start().
  void fiscalise(std::size_t index, const std::string& inn, bool open_shift = true) {
    caf::scoped_actor self{fx_.system(), true};
    auto reg = actors::test::ready_register(fx_, self, index);
    shtrih::registration_params params;
    params.inn = inn;
    params.registration_number = "0000000001012345";
    params.taxation_systems = shtrih::taxation::osn | shtrih::taxation::usn_income;
    std::shared_ptr<jobs::job> registration = jobs::make_registration_job(params);
    auto answer = actors::test::run_job(self, reg, registration, 20s, 25s);
    bool ok = answer && answer->kind == jobs::failure_kind::none;
    if (ok && open_shift) {
      std::shared_ptr<jobs::job> shift = jobs::make_open_shift_job();
      answer = actors::test::run_job(self, reg, shift, 20s, 25s);
      ok = answer && answer->kind == jobs::failure_kind::none;
    }
    fx_.stop({reg});
    if (!ok) throw std::runtime_error("could not fiscalise device " + std::to_string(index));
  }

  /// Spawns the groups and the broker, starts the front and waits (bounded) until the
  /// broker counts every register ready.
  void start(const std::vector<group_plan>& plans, front_options options = {}, broker::broker_limits limits = {}) {
    std::size_t total = 0;
    for (const auto& plan : plans) {
      actors::group_options group;
      group.build_job = actors::test::test_job_builder();
      group.name = "group" + std::to_string(groups_.size());
      for (auto index : plan.devices) group.registers.push_back({"", fx_.pty_port(index), 115200, plan.register_groups});
      group.timing = actors::test::quick_timing();
      group.link = fx_.link();
      group.restart_min = 50ms;
      group.restart_max = 200ms;
      groups_.push_back(actors::spawn_group(fx_.system(), fx_.io(), group));
      total += plan.devices.size();
    }
    actors::broker_options broker_options;
    broker_options.groups = groups_;
    broker_options.limits = limits;
    broker_ = actors::spawn_broker(fx_.system(), broker_options);
    options.port = 0;
    if (options.mysecret.empty()) options.mysecret = secret;
    front_options_ = options;
    front_ = std::make_unique<front>(fx_.system(), farm_handles{broker_, {}}, options);
    port_ = front_->start();
    if (!await_ready(total)) throw std::runtime_error("registers never became ready");
  }

  /// Stops the front and starts another on the same farm with the same options: what a
  /// restart of the server keeps is in its journal file, not in the front's memory. The
  /// new front listens on another port (client() connects to it).
  void restart_front() {
    front_->stop();
    front_.reset();  // its journal closed before the next one opens the file
    front_ = std::make_unique<front>(fx_.system(), farm_handles{broker_, {}}, front_options_);
    port_ = front_->start();
  }

  /// Waits (bounded) until the broker counts `count` ready registers.
  bool await_ready(std::size_t count, milliseconds limit = 15000ms) {
    caf::scoped_actor self{fx_.system(), true};
    const auto deadline = steady::now() + limit;
    while (steady::now() < deadline) {
      std::size_t ready = 0;
      self->request(broker_, 2s, actors::stats_atom::value)
          .receive(
              [&](const broker::broker_stats& stats) {
                for (const auto& reg : stats.registers)
                  if (reg.availability == broker::register_availability::ready) ++ready;
              },
              [](const caf::error&) {});
      if (ready >= count) return true;
      std::this_thread::sleep_for(20ms);
    }
    return false;
  }

  /// Waits (bounded) until the broker holds `count` jobs waiting for a register: orders
  /// a test's requests by the broker's state instead of by a sleep.
  bool await_waiting(std::size_t count, milliseconds limit = 15000ms) {
    caf::scoped_actor self{fx_.system(), true};
    const auto deadline = steady::now() + limit;
    while (steady::now() < deadline) {
      std::size_t waiting = 0;
      self->request(broker_, 2s, actors::stats_atom::value)
          .receive([&](const broker::broker_stats& stats) { waiting = stats.waiting; }, [](const caf::error&) {});
      if (waiting >= count) return true;
      std::this_thread::sleep_for(5ms);
    }
    return false;
  }

  std::unique_ptr<httplib::Client> client(std::chrono::seconds timeout = 60s) {
    auto c = std::make_unique<httplib::Client>("127.0.0.1", port_);
    c->set_read_timeout(static_cast<time_t>(timeout.count()), 0);
    c->set_write_timeout(10, 0);
    c->set_connection_timeout(5, 0);
    return c;
  }

  std::uint16_t port() const { return port_; }
  const actors::broker_actor& broker() const { return broker_; }
  const front& api() const { return *front_; }

  void shutdown() {
    if (front_) front_->stop();
    front_.reset();
    std::vector<actors::test::any_actor> actors;
    if (broker_) actors.push_back(broker_);
    for (auto& g : groups_) actors.push_back(g);
    if (!actors.empty()) fx_.stop(actors);
    broker_ = nullptr;
    groups_.clear();
  }

 private:
  actors::test::timed_farm fx_;
  std::vector<actors::group_actor> groups_;
  actors::broker_actor broker_;
  front_options front_options_;
  std::unique_ptr<front> front_;
  std::uint16_t port_ = 0;
};

/// A parsed JSON answer (owns its parser).
struct json_doc {
  explicit json_doc(const std::string& text) : padded(text) { root = parser.parse(padded); }
  simdjson::padded_string padded;
  simdjson::dom::parser parser;
  simdjson::dom::element root;

  // An absent field or one of another type throws: a check such as "dt does not start
  // with 2000-" must fail when there is no dt at all, not pass on a placeholder.
  std::string str(const char* pointer) const {
    auto value = root.at_pointer(pointer);
    if (value.error()) throw std::runtime_error(std::string("no field ") + pointer + " in the answer");
    auto text = value.get_string();
    if (text.error()) throw std::runtime_error(std::string("field ") + pointer + " is not a string");
    return std::string(text.value());
  }
  std::int64_t num(const char* pointer) const {
    auto value = root.at_pointer(pointer);
    if (value.error()) throw std::runtime_error(std::string("no field ") + pointer + " in the answer");
    auto n = value.get_int64();
    if (n.error()) throw std::runtime_error(std::string("field ") + pointer + " is not an integer");
    return n.value();
  }
  bool has(const char* pointer) const { return !root.at_pointer(pointer).error(); }
};

/// A receipt body of one row at `kopecks`, no VAT, cash.
inline std::string receipt_body(const std::string& inn, std::int64_t kopecks, const std::string& extra = {}) {
  const std::string amount = std::to_string(kopecks / 100) + "." + (kopecks % 100 < 10 ? "0" : "") +
                             std::to_string(kopecks % 100);
  return R"({"receipt_content":{"firm_inn":")" + inn +
         R"(","receipt_type":"income","taxation_type":"OSN","agent_type":"none_agent",)"
         R"("client_email_or_phone":"buyer@example.com","firm_reply_email":"shop@example.com",)"
         R"("firm_url":"https://shop.example.com",)"
         R"("rows":[{"text":"Tea","price":")" + amount +
         R"(","qty":"1","tax_type":"nds_none","payment_type_type":"full_payment_w_delivery"}],)"
         R"("payments":[{"payment_type":"card","amount":")" + amount + R"("}]})" + extra + "}";
}

}  // namespace ws::http::test
