#include "actors/farm.hpp"

#include <thread>

namespace ws::actors {

using std::chrono::milliseconds;
using steady = std::chrono::steady_clock;

namespace {

/// `handles` as untyped handles, to monitor and exit actors of every interface alike (a
/// strong handle: an actor already gone still answers a monitor with its down_msg).
template <class Handle>
std::vector<caf::actor> untyped(const std::vector<Handle>& handles) {
  std::vector<caf::actor> out;
  for (const auto& handle : handles) out.push_back(caf::actor_cast<caf::actor>(handle));
  return out;
}

}  // namespace

farm::farm(caf::actor_system& system, farm_options options) : system_(system) {
  baseline_actors_ = system_.registry().running();
  for (auto& group : options.groups) groups_.push_back(spawn_group(system_, io_, std::move(group)));
  options.broker.groups = groups_;
  broker_ = spawn_broker(system_, std::move(options.broker));
}

farm::~farm() {
  // The longest a register answers one job by default, plus a margin.
  stop(milliseconds(40000));
}

void farm::subscribe(const caf::actor& subscriber) {
  for (const auto& group : groups_) caf::anon_send(group, subscribe_atom::value, subscriber);
}

bool farm::stop_broker(milliseconds limit) {
  if (broker_stopped_) return broker_stopped_cleanly_;
  broker_stopped_ = true;
  // Waiting jobs are answered at once; running ones end by themselves.
  if (!exit_and_wait({caf::actor_cast<caf::actor>(broker_)}, caf::exit_reason::user_shutdown, limit)) {
    broker_stopped_cleanly_ = false;
    exit_and_wait({caf::actor_cast<caf::actor>(broker_)}, caf::exit_reason::kill, milliseconds(2000));
  }
  return broker_stopped_cleanly_;
}

bool farm::stop(milliseconds broker_limit) {
  if (stopped_) return true;
  stopped_ = true;
  // 1. The broker drains.
  bool clean = stop_broker(broker_limit);
  // 2. Groups and their registers. A group exits its registers without waiting for them,
  //    so the registers are watched too: their lines must be closed before the io thread ends.
  const auto registers_now = untyped(registers());
  if (!exit_and_wait(untyped(groups_), caf::exit_reason::user_shutdown, milliseconds(5000))) clean = false;
  if (!exit_and_wait(registers_now, caf::exit_reason::user_shutdown, milliseconds(5000))) clean = false;
  // A register restarted just before its group exited is not in `registers_now`: wait
  // for the registry to drop back to what ran before the farm.
  const auto deadline = steady::now() + milliseconds(5000);
  while (system_.registry().running() > baseline_actors_ && steady::now() < deadline)
    std::this_thread::sleep_for(milliseconds(10));
  // 3. The lines' closing work, then the thread.
  io_.stop();
  broker_ = nullptr;
  groups_.clear();
  return clean;
}

bool farm::exit_and_wait(const std::vector<caf::actor>& actors, caf::exit_reason reason, milliseconds limit) {
  if (actors.empty()) return true;
  caf::scoped_actor watcher{system_, true};
  for (const auto& actor : actors) {
    watcher->monitor(actor);  // an actor already gone answers with a down_msg at once
    caf::anon_send_exit(actor, reason);
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

std::vector<register_actor> farm::registers() {
  std::vector<register_actor> out;
  caf::scoped_actor self{system_, true};
  for (const auto& group : groups_) {
    self->request(group, std::chrono::seconds(2), members_atom::value)
        .receive(
            [&](const std::vector<register_member>& members) {
              for (const auto& m : members)
                if (m.handle) out.push_back(m.handle);
            },
            [](const caf::error&) {});
  }
  return out;
}

}  // namespace ws::actors
