#include "actors/broker_actor.hpp"

#include <map>
#include <set>
#include <unordered_map>
#include <utility>

#include "actors/condition_text.hpp"
#include "actors/conditions/condition_error.hpp"
#include "actors/register_attributes.hpp"

namespace ws::actors {

namespace {

using broker::time_point;

time_point steady_now() { return broker::clock::now(); }

/// The expire_atom tag of the run sweep; the wait-deadline timer numbers its messages from
/// 1 upwards and never reaches it. (The sweep shares the interface's timer message rather
/// than adding one to the broker's public protocol.)
constexpr std::uint64_t run_sweep_tag = ~std::uint64_t{0};

/// A job the broker owes an answer, with the run it is on (if any).
struct pending_job {
  caf::typed_response_promise<broker_result> promise;
  jobs::job_order order;  ///< sent as it is to each register tried; its time_left bounds one run
  caf::actor journal;     ///< sent with it when valid: the register tells it where the job went
  jobs::job_outcome last_outcome;  ///< of the latest attempt the register ran (not one it refused busy)
  conditions::device_attributes last_device;  ///< the register of last_outcome, as conditions see it
  conditions::device_attributes running_device;  ///< the register of the running attempt
  std::uint64_t attempt = 0;  ///< numbers the attempts: a late report of an older one is ignored
  bool running = false;
  std::string running_on;
  /// The register of the running attempt as it was when the attempt started: an answer the
  /// broker gives itself (its node lost) still names it and the document to check.
  register_identity running_identity;
  time_point run_deadline{};  ///< the running attempt fails outcome_unknown past this (the sweep)
};

/// A register learnt from a group.
struct known_register {
  register_actor handle;  ///< null while its actor is down
  caf::actor_addr group;  ///< the group it came from
  std::string node;       ///< its cluster node; empty: this process
  register_config config;
  std::string refused;    ///< non-empty: kept out of the core (its serial is already in the farm)
  std::string held_serial;  ///< the serial it holds in serial_holders_ (empty: none)
  std::optional<register_status> status;
  int restarts = 0;
  std::optional<broker::register_info> told;  ///< what the core was last told
};

/// A joined group and the node it lives on (empty: this process).
struct joined_group {
  group_actor handle;
  std::string node;
};

/// The broker's name of a register: its port, prefixed with its node's name when remote.
std::string register_key(const std::string& node, const std::string& port) {
  return node.empty() ? port : node + ":" + port;
}

/// The conditions of a request, parsed for the core (null when there are none).
std::shared_ptr<const conditions::conditional> parsed_conditions(const std::optional<jobs::condition_text>& text) {
  if (!text) return nullptr;
  return std::make_shared<const conditions::conditional>(parse_condition_text(*text));
}

class broker_actor_impl : public broker_actor::base {
 public:
  broker_actor_impl(caf::actor_config& config, broker_options options)
      : broker_actor::base(config), options_(std::move(options)), core_(options_.limits) {}

  behavior_type make_behavior() override {
    set_down_handler([this](caf::down_msg& msg) { on_down(msg); });
    set_exit_handler([this](caf::exit_msg& msg) { on_exit(msg); });
    for (const auto& group : options_.groups) join(group, std::string{});
    return {
        [this](broker_request& request) -> caf::result<broker_result> { return submit(std::move(request)); },
        [this](ping_atom, const broker::ping_query& query) { return core_.ping(query); },
        [this](stats_atom) { return core_.stats(); },
        [this](list_atom) { return listing(std::nullopt); },
        [this](locate_atom, const std::string& serial) { return listing(serial); },
        [this](join_group_atom, const group_actor& group) { join(group, std::string{}); },
        [this](join_node_atom, const std::string& node, const std::vector<group_actor>& groups) {
          join_node(node, groups);
        },
        [this](leave_node_atom, const std::string& node, const std::string& reason) { leave_node(node, reason); },
        [this](hold_atom, const std::vector<std::string>& serials) { hold(serials); },
        [this](reg_handle_atom, const register_member& member) { on_handle(member); },
        [this](const register_status& status) { on_status(status); },
        [this](expire_atom, std::uint64_t seq) {
          if (seq == run_sweep_tag) return sweep_runs();
          on_timer(seq);
        },
    };
  }

 private:
  // ---- groups and registers ----

  void join(const group_actor& group, const std::string& node) {
    if (!group) return;
    monitor(group);
    groups_.push_back({group, node});
    send(group, subscribe_atom::value, caf::actor_cast<caf::actor>(this));
  }

  /// A node (re)joins: whatever was held of it goes first, then its groups are subscribed
  /// and tell every register's handle and status afresh.
  void join_node(const std::string& node, const std::vector<group_actor>& groups) {
    if (node.empty()) return;
    leave_node(node, "it joined again");
    for (const auto& group : groups) join(group, node);
  }

  void leave_node(const std::string& node, const std::string& reason) {
    if (node.empty()) return;
    for (auto it = groups_.begin(); it != groups_.end();) {
      if (it->node != node) {
        ++it;
        continue;
      }
      demonitor(it->handle.address());
      send(it->handle, unsubscr_atom::value, caf::actor_cast<caf::actor>(this));
      it = groups_.erase(it);
    }
    std::vector<std::string> gone;
    for (const auto& [key, reg] : registers_)
      if (reg.node == node) gone.push_back(key);
    if (!gone.empty() && options_.log)
      options_.log("node " + node + ": " + std::to_string(gone.size()) + " registers leave the farm (" + reason + ")");
    for (const auto& key : gone) {
      forget(key, "node " + node + " was lost (" + reason + ")");
      registers_.erase(key);
    }
  }

  /// The joined group that sent the current message, if any.
  const joined_group* sending_group() {
    const auto from = caf::actor_cast<caf::actor_addr>(current_sender());
    for (const auto& group : groups_)
      if (group.handle.address() == from) return &group;
    return nullptr;
  }

  void on_handle(const register_member& member) {
    const auto* group = sending_group();
    if (group == nullptr) return;  // a group left (its node lost): heard again when it joins afresh
    const auto& config = member.config;
    const auto& handle = member.handle;
    const auto key = register_key(group->node, config.port);
    auto& reg = registers_[key];
    reg.group = group->handle.address();
    reg.node = group->node;
    reg.config = config;
    reg.restarts = member.restarts;
    if (reg.handle != handle) {
      reg.handle = handle;
      reg.status.reset();  // the last status was the old actor's; the new one reports its own
      if (handle) monitor(handle);
    }
    if (!handle) return forget(key, "its actor is gone");
    inform_core(key);
  }

  void on_status(const register_status& status) {
    const auto* group = sending_group();
    if (group == nullptr) return;
    const auto key = register_key(group->node, status.port);
    auto& reg = registers_[key];
    reg.group = group->handle.address();
    reg.node = group->node;
    reg.status = status;
    if (reg.handle) inform_core(key);
  }

  /// A register whose serial a live register with another key already holds is refused
  /// work; the first one keeps serving (serial_holders_ says who holds each serial).
  /// Checked on every status, and again for the refused ones when a holder leaves.
  void check_serial(const std::string& key, known_register& reg) {
    const std::string serial = reg.status ? reg.status->identity.serial_number : std::string{};
    const bool released = reg.held_serial != serial && release_serial(key, reg);
    std::string refusal;
    if (!serial.empty()) {
      const auto [holder, taken] = serial_holders_.try_emplace(serial, key);
      if (taken || holder->second == key)
        reg.held_serial = serial;
      else
        refusal = "serial number " + serial + " is already in the farm (register " + holder->second + ")";
    }
    if (refusal != reg.refused) {
      reg.refused = std::move(refusal);
      if (!reg.refused.empty()) {
        if (options_.log) options_.log("register " + key + " refused: " + reg.refused);
        core_.remove_register(key);
        reg.told.reset();
      }
    }
    if (released) recheck_refused();
  }

  /// The register stops holding its serial; true if it held one.
  bool release_serial(const std::string& key, known_register& reg) {
    if (reg.held_serial.empty()) return false;
    const auto holder = serial_holders_.find(reg.held_serial);
    if (holder != serial_holders_.end() && holder->second == key) serial_holders_.erase(holder);
    reg.held_serial.clear();
    return true;
  }

  broker::register_info info_of(const std::string& port, const known_register& reg) const {
    broker::register_info info;
    info.id = port;
    info.groups = reg.config.groups;
    info.attributes = attributes_of(reg.config, reg.status);
    // A register with a journal entry still to resolve serves no route (it takes only jobs
    // sent to it by serial number: reading its documents).
    if (reg.status && !reg.status->identity.serial_number.empty() && !unresolved_.count(reg.status->identity.serial_number))
      info.inn = inn_text(reg.status->identity.inn);
    return info;
  }

  /// hold_atom: the registers whose FN must first tell what became of a request.
  void hold(const std::vector<std::string>& serials) {
    unresolved_ = std::set<std::string>(serials.begin(), serials.end());
    for (const auto& [port, reg] : registers_)
      if (reg.handle) inform_core(port);
  }

  /// Every register (or the one with `serial`) with the broker's view of it, and the queues.
  farm_listing listing(const std::optional<std::string>& serial) const {
    farm_listing out;
    out.stats = core_.stats();
    for (const auto& [port, reg] : registers_) {
      if (serial && (!reg.status || reg.status->identity.serial_number != *serial)) continue;
      register_view view;
      view.config = reg.config;
      view.node = reg.node;
      view.refused = reg.refused;
      view.status = reg.status;
      view.restarts = reg.restarts;
      for (const auto& snapshot : out.stats.registers)
        if (snapshot.id == port) view.snapshot = snapshot;
      out.registers.push_back(std::move(view));
    }
    return out;
  }

  static bool same(const broker::register_info& a, const broker::register_info& b) {
    return a.inn == b.inn && a.groups == b.groups && a.attributes == b.attributes;
  }

  /// Tells the core what changed about a register with a live handle: who it is, then
  /// whether it can take work.
  void inform_core(const std::string& port) {
    auto& reg = registers_[port];
    check_serial(port, reg);
    if (!reg.refused.empty()) return;
    auto info = info_of(port, reg);
    if (!reg.told || !same(*reg.told, info)) {
      reg.told = info;
      apply(core_.upsert_register(std::move(info), steady_now()));
    }
    if (!reg.status) return;
    switch (reg.status->state) {
      case register_state::ready: apply(core_.register_ready(port, steady_now())); break;
      case register_state::busy:
      case register_state::recovering: core_.register_busy(port); break;
      case register_state::connecting:
      case register_state::identifying:
      case register_state::offline: core_.register_offline(port); break;
    }
  }

  /// The register's actor is gone (or its node): the core drops it; a run on it ends
  /// conservatively, naming the register and the document to check.
  void forget(const std::string& port, const std::string& why) {
    auto& reg = registers_[port];
    const bool held_serial = release_serial(port, reg);
    reg.handle = nullptr;
    reg.status.reset();
    reg.told.reset();
    reg.refused.clear();
    core_.remove_register(port);
    for (auto& [id, job] : pending_) {
      if (job.running && job.running_on == port) {
        jobs::job_failure failure;
        failure.kind = jobs::failure_kind::outcome_unknown;
        const auto& identity = job.running_identity;
        if (!identity.serial_number.empty()) failure.document_to_check = identity.last_document_number + 1;
        failure.message = "register " + (identity.serial_number.empty() ? port : identity.serial_number) +
                          " stopped while it ran the job (" + why + "): check " +
                          (failure.document_to_check ? "document " + std::to_string(*failure.document_to_check) +
                                                           " and any later one in its FN"
                                                     : "its FN") +
                          " before repeating it";
        attempt_ended(id, port, job.attempt, std::move(failure));
        break;  // a register runs one job at a time; attempt_ended may change pending_
      }
    }
    if (held_serial) recheck_refused();
  }

  /// A holder left: one refused for its serial may serve now.
  void recheck_refused() {
    std::vector<std::string> refused;
    for (const auto& [key, reg] : registers_)
      if (!reg.refused.empty()) refused.push_back(key);
    for (const auto& key : refused)
      if (registers_[key].handle) inform_core(key);
  }

  void on_down(const caf::down_msg& msg) {
    std::vector<std::string> gone;
    for (auto it = groups_.begin(); it != groups_.end(); ++it) {
      if (it->handle.address() == msg.source) {
        // Its registers leave with it (a remote group's registers may not report their own down).
        for (const auto& [key, reg] : registers_)
          if (reg.group == msg.source) gone.push_back(key);
        groups_.erase(it);
        break;
      }
    }
    for (const auto& [port, reg] : registers_)
      if (reg.handle && reg.handle.address() == msg.source) gone.push_back(port);
    for (const auto& port : gone)
      if (registers_[port].handle) forget(port, "its actor is gone: " + to_string(msg.reason));
  }

  // ---- jobs ----

  /// The promise of the request's one broker_result.
  caf::typed_response_promise<broker_result> submit(broker_request request) {
    auto promise = make_response_promise<broker_result>();
    const auto arrival = steady_now();
    broker::job_request job;
    try {
      job.conditions = parsed_conditions(request.order.conditions);
    } catch (const conditions::condition_error& e) {
      broker_result refused;
      refused.kind = broker::outcome::condition_error;
      refused.message = e.what();
      promise.deliver(std::move(refused));
      return promise;
    }
    job.id = next_job_++;
    job.inn = std::move(request.inn);
    job.group = std::move(request.group);
    job.wait4free = request.wait4free;
    job.deadline = arrival + (request.time_left.count() > 0 ? request.time_left : request.wait4free);
    job.retry_count = request.retry_count;
    if (request.target_serial) job.target = port_of_serial(*request.target_serial);
    pending_job entry;
    entry.promise = promise;  // a handle on the one answer: delivered later, from pending_
    entry.order = std::move(request.order);
    entry.journal = std::move(request.journal);
    pending_.emplace(job.id, std::move(entry));
    apply(core_.submit(std::move(job), arrival));
    return promise;
  }

  /// The port of the register with that serial; the serial itself (which names no
  /// register) when none has it, so the core answers as for an unknown register.
  std::string port_of_serial(const std::string& serial) const {
    for (const auto& [port, reg] : registers_)
      if (reg.status && reg.status->identity.serial_number == serial) return port;
    return "serial:" + serial;
  }

  void apply(broker::decisions decisions) {
    for (auto& answer : decisions.answers) deliver(std::move(answer));
    for (const auto& d : decisions.dispatches) start(d);
    arm_timer();
    quit_if_done();
  }

  void start(const broker::dispatch& d) {
    auto it = pending_.find(d.job);
    if (it == pending_.end()) return;  // cannot happen: the core only dispatches jobs it holds
    auto& job = it->second;
    const auto attempt = ++job.attempt;
    job.running = true;
    job.running_on = d.reg;
    job.running_identity = {};
    auto reg = registers_.find(d.reg);
    if (reg == registers_.end() || !reg->second.handle) {
      jobs::job_failure failure;
      failure.kind = jobs::failure_kind::safe;
      failure.message = "the register left before the job reached it";
      return attempt_ended(d.job, d.reg, attempt, std::move(failure));
    }
    // What `after` will be checked on (only a request with conditions has one).
    if (job.order.conditions) job.running_device = attributes_of(reg->second.config, reg->second.status);
    if (reg->second.status) job.running_identity = reg->second.status->identity;
    const auto id = d.job;
    const auto port = d.reg;
    // No CAF timeout (see broker_actor.hpp): the sweep enforces the same deadline.
    job.run_deadline = steady_now() + job.order.time_left + options_.request_margin;
    arm_sweep();
    auto run = job.journal ? request(reg->second.handle, caf::infinite, run_job_atom::value, job.order, job.journal)
                           : request(reg->second.handle, caf::infinite, run_job_atom::value, job.order);
    std::move(run).then([this, id, port, attempt](jobs::job_outcome& outcome) {
                attempt_ended(id, port, attempt, std::move(outcome));
              },
              [this, id, port, attempt](const caf::error& error) { no_answer(id, port, attempt, error); });
  }

  /// The run's request ended without the register's answer.
  void no_answer(broker::job_id id, const std::string& port, std::uint64_t attempt, const caf::error& error) {
    jobs::job_failure failure;
    // A request bounced unread never reached the device; any other error (the register
    // died, no answer in time) leaves the outcome open.
    failure.kind =
        error == caf::sec::request_receiver_down ? jobs::failure_kind::safe : jobs::failure_kind::outcome_unknown;
    failure.message = "the register did not answer: " + to_string(error);
    attempt_ended(id, port, attempt, std::move(failure));
  }

  void attempt_ended(broker::job_id id, const std::string& port, std::uint64_t attempt, jobs::job_failure failure) {
    attempt_ended(id, port, attempt, jobs::job_outcome{std::move(failure), {}});
  }

  void attempt_ended(broker::job_id id, const std::string& port, std::uint64_t attempt, jobs::job_outcome outcome) {
    auto it = pending_.find(id);
    if (it == pending_.end() || it->second.attempt != attempt || !it->second.running) return;  // already settled
    it->second.running = false;
    const auto kind = outcome.failure.kind;
    // A busy refusal is no run: the answer, if it comes to one, is an earlier attempt's.
    if (kind != jobs::failure_kind::busy) {
      it->second.last_outcome = std::move(outcome);
      it->second.last_device = std::move(it->second.running_device);
    }
    apply(core_.job_finished(id, port, kind, steady_now()));
  }

  void deliver(broker::final_answer answer) {
    auto it = pending_.find(answer.job);
    if (it == pending_.end()) return;
    auto& job = it->second;
    broker_result result;
    result.kind = answer.kind;
    result.message = std::move(answer.message);
    result.retry_after = answer.retry_after;
    if (answer.reg) {
      result.port = *answer.reg;
      result.failure = job.last_outcome.failure;
      result.result = job.last_outcome.result;
      result.device = job.last_device;
      auto reg = registers_.find(*answer.reg);
      const auto& identity = reg != registers_.end() && reg->second.status ? reg->second.status->identity
                                                                           : job.running_identity;
      result.serial_number = identity.serial_number;
      result.registration_number = identity.registration_number;
      if (result.message.empty()) result.message = result.failure.message;
    }
    job.promise.deliver(std::move(result));
    pending_.erase(it);
  }

  // ---- the deadline timer ----

  void arm_timer() {
    const auto next = core_.next_deadline();
    if (!next || (armed_ && *armed_ <= *next)) return;
    armed_ = *next;
    const auto delay = std::max(*next - steady_now(), broker::clock::duration::zero()) + std::chrono::milliseconds(1);
    delayed_send(this, std::chrono::duration_cast<caf::timespan>(delay), expire_atom::value, ++timer_seq_);
  }

  void on_timer(std::uint64_t seq) {
    if (seq == timer_seq_) armed_.reset();
    apply(core_.expire(steady_now()));
  }

  // ---- the run sweep: the deadline of runs on registers ----

  void arm_sweep() {
    if (sweep_armed_) return;
    sweep_armed_ = true;
    delayed_send(this, options_.run_sweep_period, expire_atom::value, run_sweep_tag);
  }

  /// Ends every run past its deadline as the request timeout it replaces did; re-arms
  /// while runs remain. The attempt number makes the register's late answer stale.
  void sweep_runs() {
    sweep_armed_ = false;
    const auto now = steady_now();
    struct overdue_run {
      broker::job_id id;
      std::string port;
      std::uint64_t attempt;
    };
    std::vector<overdue_run> overdue;
    for (const auto& [id, job] : pending_)
      if (job.running && job.run_deadline <= now) overdue.push_back({id, job.running_on, job.attempt});
    // Collected first: each end may answer (erase) jobs and dispatch others.
    for (const auto& run : overdue) no_answer(run.id, run.port, run.attempt, caf::make_error(caf::sec::request_timeout));
    for (const auto& entry : pending_) {
      if (entry.second.running) {
        arm_sweep();
        break;
      }
    }
  }

  // ---- stopping ----

  void on_exit(const caf::exit_msg& msg) {
    if (!stopping_) {
      stopping_ = true;
      stop_reason_ = msg.reason;
      apply(core_.shut_down());
    }
    quit_if_done();
  }

  void quit_if_done() {
    if (stopping_ && pending_.empty()) quit(stop_reason_);
  }

  broker_options options_;
  broker::broker_core core_;
  std::vector<joined_group> groups_;
  std::map<std::string, known_register> registers_;
  /// Which register (key) holds each serial number: one per serial in the farm.
  std::unordered_map<std::string, std::string> serial_holders_;
  std::unordered_map<broker::job_id, pending_job> pending_;
  std::set<std::string> unresolved_;  ///< serials routed no jobs: what they printed is still to be read (hold_atom)
  broker::job_id next_job_ = 1;
  std::optional<time_point> armed_;
  std::uint64_t timer_seq_ = 0;
  bool sweep_armed_ = false;
  bool stopping_ = false;
  caf::error stop_reason_;
};

}  // namespace

broker_actor spawn_broker(caf::actor_system& system, broker_options options) {
  return system.spawn<broker_actor_impl>(std::move(options));
}

}  // namespace ws::actors
