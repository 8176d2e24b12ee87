#pragma once
// Fixtures of the actor tests: an emulator farm on ptys (and optionally TCP) in a fresh
// folder, one line_io, an actor system, and bounded waits on a scoped actor.

#include <netinet/in.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include <caf/all.hpp>

#include "tests/support/free_port.hpp"
#include "tests/support/temp_dir.hpp"
#include "actors/farm_messages.hpp"
#include "actors/line_io.hpp"
#include "actors/register_actor.hpp"
#include "emulator/emulator_farm.hpp"
#include "emulator/pty_port.hpp"
#include "protocol/shtrih/commands.hpp"

namespace ws::actors::test {

/// Any actor handle, typed (register_actor, group_actor, broker_actor) or not, as an
/// untyped one: the tests stop and monitor actors of every interface alike.
struct any_actor {
  template <class Handle>
  any_actor(const Handle& handle) : actor(caf::actor_cast<caf::actor>(handle)) {}  // implicit on purpose
  caf::actor actor;
};

using namespace std::chrono_literals;
using std::chrono::milliseconds;
using steady = std::chrono::steady_clock;

using ws::test::temp_dir;

/// Exits each actor and waits (bounded) until every one of them is down.
inline bool stop_actors(caf::actor_system& system, const std::vector<any_actor>& actors, milliseconds limit) {
  caf::scoped_actor watcher{system, true};
  for (const auto& [actor] : actors) {
    watcher->monitor(actor);
    caf::anon_send_exit(actor, caf::exit_reason::user_shutdown);
  }
  const auto deadline = steady::now() + limit;
  std::size_t down = 0;
  while (down < actors.size()) {
    const auto left = std::chrono::duration_cast<milliseconds>(deadline - steady::now());
    if (left.count() <= 0) return false;
    bool timed_out = false;
    watcher->receive([&](const caf::down_msg&) { ++down; }, caf::after(left) >> [&] { timed_out = true; });
    if (timed_out) return false;
  }
  return true;
}

/// Register timing for tests: quick polls and reconnects.
inline register_timing quick_timing() {
  register_timing timing;
  timing.poll_interval = 300ms;
  timing.reconnect_min = 50ms;
  timing.reconnect_max = 400ms;
  return timing;
}

/// The emulator farm, the line thread and the actor system, torn down in the order the
/// farm needs: actors exit, then lines close and the io thread joins, then the emulator.
class farm_fixture {
 public:
  explicit farm_fixture(int count = 1, bool tcp = false) {
    emulator::farm_options options;
    options.dir = dir_.path();
    options.count = count;
    options.reboot_time = 1500ms;
    if (tcp) options.tcp_base_port = ws::test::free_port_range(count);
    farm_.emplace(options);
    add_farm_message_types(config_);
    system_.emplace(config_);
    baseline_ = system_->registry().running();
  }
  ~farm_fixture() { shutdown(); }
  farm_fixture(const farm_fixture&) = delete;
  farm_fixture& operator=(const farm_fixture&) = delete;

  caf::actor_system& system() { return *system_; }
  line_io& io() { return io_; }
  emulator::emulator_farm& farm() { return *farm_; }
  emulator::device_host& device(std::size_t index) { return farm_->device(index); }
  std::string pty_port(std::size_t index) { return device(index).options().pty_link.string(); }
  std::string tcp_port(std::size_t index) {
    return "tcp://127.0.0.1:" + std::to_string(*device(index).options().tcp_port);
  }

  /// Actors running besides those of CAF itself and the test's own (hidden) actors.
  std::size_t running() { return system_ ? system_->registry().running() - baseline_ : 0; }

  /// Waits (bounded) until no actor runs; true if they all stopped.
  bool await_no_actors(milliseconds limit) {
    const auto deadline = steady::now() + limit;
    while (running() != 0) {
      if (steady::now() >= deadline) return false;
      std::this_thread::sleep_for(10ms);
    }
    return true;
  }

  /// Exits each actor and waits (bounded) until every one of them is down.
  bool stop(const std::vector<any_actor>& actors, milliseconds limit = 5000ms) {
    return stop_actors(*system_, actors, limit);
  }

  template <class Handle>
  bool stop(const Handle& actor, milliseconds limit = 5000ms) {
    return stop(std::vector<any_actor>{actor}, limit);
  }

  void shutdown() {
    if (system_ && !await_no_actors(5000ms)) std::abort();  // a hung actor would hang ~actor_system
    system_.reset();
    io_.stop();
    if (farm_) farm_->stop();
  }

 private:
  temp_dir dir_;
  std::optional<emulator::emulator_farm> farm_;
  line_io io_;
  caf::actor_system_config config_;
  std::optional<caf::actor_system> system_;
  std::size_t baseline_ = 0;
};

/// Receives statuses (and register handles) until `done` holds or `limit` passes.
inline std::optional<register_status> await_status(caf::scoped_actor& self,
                                                   const std::function<bool(const register_status&)>& done,
                                                   milliseconds limit,
                                                   register_actor* handle_seen = nullptr) {
  const auto deadline = steady::now() + limit;
  for (;;) {
    const auto left = std::chrono::duration_cast<milliseconds>(deadline - steady::now());
    if (left.count() <= 0) return std::nullopt;
    std::optional<register_status> got;
    bool timed_out = false;
    self->receive([&](const register_status& status) { got = status; },
                  [&](reg_handle_atom, const register_member& member) {
                    if (handle_seen != nullptr) *handle_seen = member.handle;
                  },
                  caf::after(left) >> [&] { timed_out = true; });
    if (timed_out) return std::nullopt;
    if (got && done(*got)) return got;
  }
}

inline std::function<bool(const register_status&)> in_state(register_state state) {
  return [state](const register_status& status) { return status.state == state; };
}

/// Test jobs behind orders. A register takes only orders (plain data); the tests drive it
/// with job objects of their own (probes that count outcomes, jobs that throw...). run_job
/// files the job here under a fresh request id, and a register spawned with
/// test_job_builder() builds that very job for the order; any other order it builds as
/// production does.
class test_job_table {
 public:
  std::string put(std::shared_ptr<jobs::job> job) {
    std::lock_guard<std::mutex> lock(mutex_);
    const auto id = "test-job-" + std::to_string(++next_);
    jobs_[id] = std::move(job);
    return id;
  }
  std::shared_ptr<jobs::job> take(const std::string& id) {
    std::lock_guard<std::mutex> lock(mutex_);
    const auto it = jobs_.find(id);
    if (it == jobs_.end()) return nullptr;
    auto job = std::move(it->second);
    jobs_.erase(it);
    return job;
  }

 private:
  std::mutex mutex_;
  std::uint64_t next_ = 0;
  std::map<std::string, std::shared_ptr<jobs::job>> jobs_;
};

inline test_job_table& test_jobs() {
  static test_job_table table;
  return table;
}

inline job_builder test_job_builder() {
  return [](const jobs::job_order& order) -> std::shared_ptr<jobs::job> {
    if (auto job = test_jobs().take(order.request_id)) return job;
    return jobs::build_job(order.spec);
  };
}

/// The order that stands for `job` on a register spawned with test_job_builder().
inline jobs::job_order test_order(std::shared_ptr<jobs::job> job, caf::timespan timeout) {
  jobs::job_order order;
  order.spec = jobs::status_order{};  // never built: the table's job is
  order.time_left = std::chrono::duration_cast<milliseconds>(timeout);
  order.request_id = test_jobs().put(std::move(job));
  return order;
}

/// Runs `job` on `reg` and waits for the answer; nullopt if none came within `limit`.
inline std::optional<jobs::job_failure> run_job(caf::scoped_actor& self, const register_actor& reg,
                                                std::shared_ptr<jobs::job> job, caf::timespan timeout,
                                                milliseconds limit) {
  std::optional<jobs::job_failure> answer;
  self->request(reg, limit, run_job_atom::value, test_order(std::move(job), timeout))
      .receive([&](const jobs::job_outcome& outcome) { answer = outcome.failure; }, [&](const caf::error&) {});
  return answer;
}

/// A real (test-only) job: asks the device's full status (11h) once and keeps the serial
/// number it read. Retries the command after a line comes back.
class status_job : public jobs::job {
 public:
  std::optional<jobs::command_step> next() override {
    if (done_ || sent_) return std::nullopt;
    sent_ = true;
    return jobs::command_step{shtrih::full_status_request{}.encode(), shtrih::answer_timeout(shtrih::cmd::full_status),
                              false};
  }
  void on_outcome(const shtrih::link_outcome& outcome) override {
    ++outcomes;
    if (outcome.what != shtrih::link_outcome::kind::reply) {
      sent_ = false;  // nothing was printed: ask again (on this line or the next)
      return;
    }
    auto reply = shtrih::decode_reply<shtrih::full_status_reply>(outcome.reply);
    if (reply.ok()) {
      serial_number = reply.value->serial_number();
      mode = reply.value->mode;
    } else {
      failure_.kind = jobs::failure_kind::safe;
      failure_.message = "the device refused 11h";
      failure_.device_error = reply.header.error;
    }
    done_ = true;
  }
  void on_line_restored() override {
    ++restorations;
    sent_ = false;
  }
  void on_deadline() override {
    if (done_) return;
    failure_.kind = jobs::failure_kind::timeout;
    failure_.message = "no status before the deadline";
    done_ = true;
  }
  bool finished() const override { return done_; }
  const jobs::job_failure& failure() const override { return failure_; }

  std::uint64_t serial_number = 0;
  std::uint8_t mode = 0;
  int outcomes = 0;
  int restorations = 0;

 private:
  bool sent_ = false;
  bool done_ = false;
  jobs::job_failure failure_;
};

}  // namespace ws::actors::test
