#include "actors/register_actor.hpp"

#include <algorithm>
#include <optional>
#include <vector>

#include "actors/backoff.hpp"
#include "actors/conditions/condition_error.hpp"
#include "actors/conditions/conditional.hpp"
#include "actors/condition_text.hpp"
#include "actors/health_read_schedule.hpp"
#include "actors/jobs/fn_health_job.hpp"
#include "actors/register_attributes.hpp"
#include "actors/stale_messages.hpp"
#include "protocol/shtrih/any_host_link.hpp"
#include "protocol/shtrih/commands.hpp"

namespace ws::actors {

namespace {

using clock_type = shtrih::link_clock;

/// What the job on the line is for: the client's order, or the register's own upkeep.
/// Every one runs through the same engine (drive()); the role only says what happens
/// with its result.
enum class job_role { client, identify, poll, refresh, registration_read, health_read };

/// True when the configured serial number names this device (numerically when it is digits).
bool same_serial(const std::string& configured, const std::string& device) {
  if (configured.empty()) return true;
  if (configured.find_first_not_of("0123456789") != std::string::npos || configured.size() > 19)
    return configured == device;
  return std::stoull(configured) == std::stoull(device);
}

jobs::job_failure refusal(std::string message, jobs::failure_kind kind = jobs::failure_kind::safe) {
  jobs::job_failure failure;
  failure.kind = kind;
  failure.message = std::move(message);
  return failure;
}

jobs::job_outcome outcome_of(jobs::job_failure failure) { return jobs::job_outcome{std::move(failure), {}}; }

/// The order's `before` condition on this register's attributes: empty when it holds (or
/// there is none), else why nothing will be printed.
std::optional<std::string> refused_before(const jobs::job_order& order, const conditions::device_attributes& device) {
  if (!order.conditions) return std::nullopt;
  try {
    const auto parsed = parse_condition_text(*order.conditions);
    if (conditions::holds(parsed, conditions::condition_kind::before, device)) return std::nullopt;
    return std::string("the `before` condition is false for this register: nothing was printed");
  } catch (const conditions::condition_error& e) {
    return std::string("the `before` condition failed to evaluate: ") + e.what() + "; nothing was printed";
  }
}

class register_actor_impl : public register_actor::base {
 public:
  register_actor_impl(caf::actor_config& config, line_io* io, register_options options)
      : register_actor::base(config),
        io_(io),
        options_(std::move(options)),
        link_(options_.config.low_level, options_.link),
        health_schedule_(options_.timing.health_interval) {
    status_.port = options_.config.port;
    set_default_handler(ignore_stale);
    set_down_handler([this](caf::down_msg& msg) {
      subscribers_.erase(std::remove_if(subscribers_.begin(), subscribers_.end(),
                                        [&](const caf::actor& who) { return who.address() == msg.source; }),
                         subscribers_.end());
    });
    // A bug that throws ends this actor (its group restarts it); say why to subscribers.
    set_exception_handler([this](std::exception_ptr& failure) -> caf::error {
      std::string what = "unknown exception";
      try {
        std::rethrow_exception(failure);
      } catch (const std::exception& e) {
        what = e.what();
      } catch (...) {
      }
      status_.state = register_state::offline;
      status_.detail = "register actor failed: " + what;
      publish();
      return caf::make_error(caf::sec::runtime_error, status_.detail);
    });
  }

  const char* name() const override { return "ws.register"; }

  behavior_type make_behavior() override {
    line_ = line::create(*io_, options_.config.port, options_.config.baud, caf::actor_cast<register_actor>(this));
    open_line();
    return connecting();
  }

  void on_exit() override {
    abandon_client_job("the register actor stopped");
    if (line_) line_->detach();
    line_.reset();
    subscribers_.clear();
  }

 private:
  /// Subscribers are dynamically typed (see farm_messages.hpp), which a typed actor's
  /// send() refuses: this sends as this actor all the same, so they see who it is from.
  template <class... Ts>
  void tell(const caf::actor& who, Ts&&... xs) {
    caf::unsafe_send_as(this, who, std::forward<Ts>(xs)...);
  }

  // ---- handler pieces: every state's behaviour is built from these ----
  // A typed behaviour answers the whole interface (farm_messages.hpp: register_actor), so
  // each state says what it does with a job, a line event and each of its timers, even
  // when that is to ignore one left over from an earlier state.

  auto on_line_bytes() {
    return [this](line_bytes_atom, std::uint64_t generation, const bytes& data) {
      if (generation != generation_ || !line_open_) return;
      link_.on_bytes(data.data(), data.size(), clock_type::now());
      pump();
    };
  }

  auto on_link_tick() {
    return [this](link_tick_atom, std::uint64_t seq) {
      if (seq != tick_seq_) return;
      tick_due_.reset();
      link_.on_timer(clock_type::now());
      pump();
    };
  }

  auto on_job_deadline() {
    return [this](deadline_atom, std::uint64_t seq) {
      if (client_ && seq == job_seq_) client_deadline();
    };
  }

  auto answer_status() {
    return [this](status_atom) { return status_; };
  }

  auto add_subscriber() {
    return [this](subscribe_atom, const caf::actor& who) {
      if (!who || std::find(subscribers_.begin(), subscribers_.end(), who) != subscribers_.end()) return;
      subscribers_.push_back(who);
      monitor(who);  // a dead subscriber (or one on a lost node) is dropped on down_msg
      tell(who, status_);
    };
  }

  auto remove_subscriber() {
    return [this](unsubscr_atom, const caf::actor& who) {
      const auto it = std::find(subscribers_.begin(), subscribers_.end(), who);
      if (it == subscribers_.end()) return;
      subscribers_.erase(it);
      demonitor(who);
    };
  }

  auto count_subscribers() {
    return [this](subscrs_atom) { return static_cast<std::uint32_t>(subscribers_.size()); };
  }

  // orders

  auto accept_orders() {
    return [this](run_job_atom, const jobs::job_order& order) -> caf::result<jobs::job_outcome> {
      return accept_order(order, caf::actor{});
    };
  }

  auto accept_journaled_orders() {
    return [this](run_job_atom, const jobs::job_order& order, const caf::actor& journal) -> caf::result<jobs::job_outcome> {
      return accept_order(order, journal);
    };
  }

  jobs::job_outcome not_ready_refusal() const {
    return outcome_of(refusal("register " + options_.config.port + " is " + to_string(status_.state) +
                              (status_.detail.empty() ? "" : " (" + status_.detail + ")")));
  }

  /// An order while another job (any front's) runs: nothing is sent, and the sender's
  /// broker gives the order to another register without counting a retry.
  jobs::job_outcome busy_refusal() const {
    return outcome_of(refusal("register " + options_.config.port + " is busy with another job: nothing was sent",
                              jobs::failure_kind::busy));
  }

  auto refuse_orders() {
    return [this](run_job_atom, const jobs::job_order&) -> caf::result<jobs::job_outcome> { return not_ready_refusal(); };
  }

  auto refuse_journaled_orders() {
    return [this](run_job_atom, const jobs::job_order&, const caf::actor&) -> caf::result<jobs::job_outcome> {
      return not_ready_refusal();
    };
  }

  auto refuse_orders_busy() {
    return [this](run_job_atom, const jobs::job_order&) -> caf::result<jobs::job_outcome> { return busy_refusal(); };
  }

  auto refuse_journaled_orders_busy() {
    return [this](run_job_atom, const jobs::job_order&, const caf::actor&) -> caf::result<jobs::job_outcome> {
      return busy_refusal();
    };
  }

  // the line coming up

  auto identify_when_up() {
    return [this](line_up_atom, std::uint64_t generation) {
      if (generation != generation_) return;
      line_came_up();
      enter(register_state::identifying, {});
      run_on_line(std::make_shared<jobs::identify_job>(), job_role::identify);
    };
  }

  auto resume_job_when_up() {
    return [this](line_up_atom, std::uint64_t generation) {
      if (generation != generation_) return;
      line_came_up();
      enter(register_state::busy, {});
      client_->on_line_restored();
      run_on_line(client_, job_role::client);
    };
  }

  static auto ignore_line_up() {
    return [](line_up_atom, std::uint64_t) {};
  }

  // the line going down

  auto offline_when_down() {
    return [this](line_down_atom, std::uint64_t generation, const std::string& reason) {
      if (generation == generation_) go_offline(reason);
    };
  }

  auto recover_job_when_down() {
    return [this](line_down_atom, std::uint64_t generation, const std::string& reason) {
      if (generation == generation_) job_lost_line(reason);
    };
  }

  /// Recovering: the reopened line failed again; try again at the steady cadence.
  auto retry_when_down() {
    return [this](line_down_atom, std::uint64_t generation, const std::string& reason) {
      if (generation != generation_) return;
      status_.detail = reason;
      schedule_recovery_reconnect(options_.timing.reconnect_min);
    };
  }

  static auto ignore_line_down() {
    return [](line_down_atom, std::uint64_t, const std::string&) {};
  }

  // the idle poll timer

  auto poll_device() {
    return [this](poll_atom, std::uint64_t seq) {
      if (seq == poll_seq_ && !on_line_) run_on_line(std::make_shared<jobs::poll_job>(), job_role::poll);
    };
  }

  static auto ignore_poll() {
    return [](poll_atom, std::uint64_t) {};
  }

  // the reconnect timer

  auto reopen_for_job() {
    return [this](reconnect_atom, std::uint64_t seq) {
      if (seq == reconnect_seq_) open_line();
    };
  }

  auto reconnect_from_offline() {
    return [this](reconnect_atom, std::uint64_t seq) {
      if (seq != reconnect_seq_) return;
      enter(register_state::connecting, {});
      open_line();
    };
  }

  static auto ignore_reconnect() {
    return [](reconnect_atom, std::uint64_t) {};
  }

  // ---- behaviours ----

  /// A state's behaviour: what it does with an order, the line coming up or going down and
  /// the poll and reconnect timers, next to what every state handles the same way.
  template <class RunJob, class RunJournaled, class LineUp, class LineDown, class Poll, class Reconnect>
  behavior_type state_behaviour(RunJob run_job, RunJournaled run_journaled, LineUp line_up, LineDown line_down,
                                Poll poll, Reconnect reconnect) {
    return {std::move(run_job),  std::move(run_journaled), std::move(line_up), std::move(line_down), std::move(poll),
            std::move(reconnect), on_line_bytes(),   on_link_tick(),       on_job_deadline(),
            answer_status(),     add_subscriber(),  remove_subscriber(),  count_subscribers()};
  }

  behavior_type connecting() {
    return state_behaviour(refuse_orders(), refuse_journaled_orders(),
                           identify_when_up(), offline_when_down(), ignore_poll(), ignore_reconnect());
  }

  behavior_type identifying() {
    return state_behaviour(refuse_orders(), refuse_journaled_orders(),
                           ignore_line_up(), offline_when_down(), ignore_poll(), ignore_reconnect());
  }

  behavior_type ready() {
    return state_behaviour(accept_orders(), accept_journaled_orders(),
                           ignore_line_up(), offline_when_down(), poll_device(), ignore_reconnect());
  }

  behavior_type busy() {
    return state_behaviour(refuse_orders_busy(), refuse_journaled_orders_busy(),
                           ignore_line_up(), recover_job_when_down(), ignore_poll(), ignore_reconnect());
  }

  behavior_type recovering() {
    return state_behaviour(refuse_orders_busy(), refuse_journaled_orders_busy(),
                           resume_job_when_up(), retry_when_down(), ignore_poll(), reopen_for_job());
  }

  behavior_type offline() {
    return state_behaviour(refuse_orders(), refuse_journaled_orders(),
                           ignore_line_up(), ignore_line_down(), ignore_poll(), reconnect_from_offline());
  }

  behavior_type behaviour_of(register_state state) {
    switch (state) {
      case register_state::connecting: return connecting();
      case register_state::identifying: return identifying();
      case register_state::ready: return ready();
      case register_state::busy: return busy();
      case register_state::recovering: return recovering();
      case register_state::offline: return offline();
    }
    return offline();
  }

  /// Switches behaviour and tells the subscribers.
  void enter(register_state state, std::string detail) {
    const bool changed = state != status_.state || detail != status_.detail;
    status_.state = state;
    status_.detail = std::move(detail);
    become(behaviour_of(state));
    if (changed) publish();
  }

  void publish() {
    for (const auto& who : subscribers_) tell(who, status_);
  }

  // ---- the line ----

  void open_line() {
    line_open_ = false;
    generation_ = line_->open();
  }

  void line_came_up() {
    line_open_ = true;
    link_ = shtrih::any_host_link(options_.config.low_level, options_.link);
    exchange_in_flight_ = false;
    on_line_.reset();
    tick_due_.reset();
    ++tick_seq_;
  }

  /// Abandons the exchange in flight; gives its outcome (if any) back.
  std::optional<shtrih::link_outcome> drop_exchange() {
    link_.reset();
    auto outcome = link_.take_outcome();
    const bool was_in_flight = exchange_in_flight_;
    exchange_in_flight_ = false;
    tick_due_.reset();
    ++tick_seq_;
    if (!was_in_flight) return std::nullopt;
    return outcome;
  }

  void close_line() {
    line_open_ = false;
    line_->close();
    ++generation_;  // nothing of the closed line counts any more
    drop_exchange();
    on_line_.reset();
  }

  void go_offline(const std::string& reason) {
    close_line();
    enter(register_state::offline, reason);
    schedule_reconnect();
  }

  void schedule_reconnect() {
    backoff_ = next_backoff(backoff_, options_.timing.reconnect_min, options_.timing.reconnect_max);
    delayed_send(this, backoff_, reconnect_atom::value, ++reconnect_seq_);
  }

  /// A job waits for the line to learn whether its document exists, against its deadline:
  /// no doubling backoff here (reopening a port that is not back yet costs little), but a
  /// steady retry every reconnect_min, the first one at once.
  void schedule_recovery_reconnect(caf::timespan delay) {
    if (delay.count() == 0)
      send(this, reconnect_atom::value, ++reconnect_seq_);
    else
      delayed_send(this, delay, reconnect_atom::value, ++reconnect_seq_);
  }

  // ---- the link ----

  /// Moves what the link produced: bytes to the line, an outcome to the job on the line.
  void pump() {
    auto out = link_.take_output();
    if (!out.empty() && line_open_) line_->write(generation_, std::move(out));
    if (auto outcome = link_.take_outcome()) {
      exchange_in_flight_ = false;
      if (on_line_) {
        on_line_->job->on_outcome(*outcome);
        drive();
      }
    }
    arm_timer();
  }

  /// Keeps one link tick pending no later than the link's next deadline. A tick already
  /// due at or before it stays: when it fires, on_timer() does nothing early and pump()
  /// arms again for the deadline then current. Deadlines mostly move later (each answer
  /// on the packet level pushes the resend time back), and every delayed message costs a
  /// trip through CAF's clock thread, so re-arming on each move would cost one per byte
  /// burst.
  void arm_timer() {
    const auto due = link_.next_deadline();
    if (!due || (tick_due_ && *tick_due_ <= *due)) return;
    tick_due_ = due;
    ++tick_seq_;
    const auto delay = std::max(*due - clock_type::now(), clock_type::duration::zero());
    delayed_send(this, std::chrono::duration_cast<caf::timespan>(delay) + std::chrono::microseconds(500),
                 link_tick_atom::value, tick_seq_);
  }

  // ---- the job engine: one job on the line at a time, the client's or the upkeep's ----

  struct line_job {
    std::shared_ptr<jobs::job> job;
    job_role role;
  };

  void run_on_line(std::shared_ptr<jobs::job> job, job_role role) {
    on_line_ = line_job{std::move(job), role};
    if (role == job_role::client && !client_briefed_) {
      // Only now: the upkeep after the previous job (which may have closed the shift) has
      // had its answer.
      client_briefed_ = true;
      if (known_shift_) client_->set_known_shift(*known_shift_);
    }
    drive();
  }

  /// Sends the next command of the job on the line when the link is free; completes the
  /// job when it is done.
  void drive() {
    if (!on_line_ || exchange_in_flight_ || !line_open_ || !link_.idle()) return;
    auto& current = *on_line_;
    std::optional<jobs::command_step> step;
    if (!current.job->finished()) step = current.job->next();
    if (current.job->finished()) return job_done();
    if (!step) {
      // The job wants a fresh line (to read back after a lost answer). Only a client's
      // job does; the upkeep's never waits for a line.
      if (current.role != job_role::client) return go_offline("the device stopped answering");
      close_line();
      enter(register_state::recovering, "reconnecting for the job");
      schedule_recovery_reconnect(caf::timespan{0});
      return;
    }
    if (current.role == job_role::client && step->closes_document) closing_sent_ = true;
    exchange_in_flight_ = true;
    link_.send(std::move(step->command), step->answer_timeout, clock_type::now());
    pump();
  }

  /// The job on the line finished: what its role does with the result.
  void job_done() {
    const auto finished = std::move(*on_line_);
    on_line_.reset();
    const auto& job = *finished.job;
    switch (finished.role) {
      case job_role::client: return finish_client_job();
      case job_role::identify: return identify_done(static_cast<const jobs::identify_job&>(job));
      case job_role::poll: return poll_done(static_cast<const jobs::poll_job&>(job));
      case job_role::refresh: return refresh_done(static_cast<const jobs::fn_refresh_job&>(job));
      case job_role::registration_read:
        return registration_read_done(static_cast<const jobs::registration_read_job&>(job));
      case job_role::health_read: return health_read_done(static_cast<const jobs::fn_health_job&>(job));
    }
  }

  /// After an upkeep job: a client's job waiting for the line goes first, then a health
  /// read that is due, else the next poll.
  void line_free() {
    if (reidentify_wanted_) {
      reidentify_wanted_ = false;
      return run_on_line(std::make_shared<jobs::identify_job>(), job_role::identify);
    }
    if (client_) return start_client();
    if (health_schedule_.due(std::chrono::steady_clock::now())) return read_health();
    schedule_poll();
  }

  /// The health read on the line (jobs::fn_health_job): FF39h, and FF03h when the
  /// schedule wants the expiry.
  void read_health() {
    run_on_line(std::make_shared<jobs::fn_health_job>(health_schedule_.expiry_wanted()), job_role::health_read);
  }

  // ---- identification ----

  void identify_done(const jobs::identify_job& job) {
    if (job.failure().kind != jobs::failure_kind::none)
      return go_offline("identification failed: " + job.failure().message);
    const auto& identity = job.result();
    if (!same_serial(options_.config.serial_number, identity.serial_number))
      return go_offline("serial number mismatch: configured " + options_.config.serial_number + ", device " +
                        identity.serial_number);
    // Another device or FN on this line, or no shift: what was known of the shift is void.
    const bool another_fn =
        identity.serial_number != status_.identity.serial_number || identity.fn_number != status_.identity.fn_number;
    if (another_fn || !identity.shift_open) forget_shift();
    if (another_fn) forget_fn_health();
    status_.identity = identity;
    last_document_known_ = true;
    registration_unread_ = false;  // identification read it
    backoff_ = caf::timespan{0};
    health_schedule_.fn_unknown();
    read_health();  // it ends identification: the first ready status carries it
  }

  // ---- idle poll ----

  void schedule_poll() { delayed_send(this, options_.timing.poll_interval, poll_atom::value, ++poll_seq_); }

  void poll_done(const jobs::poll_job& job) {
    const auto& polled = job.result();
    if (!polled.answered && !client_) return go_offline("the device did not answer the status poll");
    // A refused or garbled status is no reason to stop: the next poll asks again.
    if (const auto& full = polled.status) {
      bool changed = false;
      if (shtrih::mode_number(full->mode) == shtrih::kkt_mode::shift_closed) changed = forget_shift();
      if (full->mode != status_.identity.mode || full->submode != status_.identity.submode) {
        status_.identity.mode = full->mode;
        status_.identity.submode = full->submode;
        changed = true;
      }
      const auto offset = device_wall_clock_seconds(full->current_date, full->current_time) -
                          host_wall_clock_seconds(std::chrono::system_clock::now());
      if (clock_offset_moved(status_.health.clock_offset_seconds, offset)) {
        status_.health.clock_offset_seconds = offset;
        changed = true;
      }
      if (changed) publish();
    }
    line_free();
  }

  /// The FN status after a job (read by the refresh, or known by the job itself).
  void refresh_done(const jobs::fn_refresh_job& job) {
    // Unanswered: the identity keeps its older values; the idle poll notices a silent device.
    if (const auto& fn = job.result()) take_fn_status(*fn);
    after_fn_status();
  }

  /// The FN's status after a job: shift and last document, published when they changed.
  void take_fn_status(const shtrih::fn_status_reply& fn) {
    last_document_known_ = true;
    auto& identity = status_.identity;
    bool changed = false;
    if (!fn.shift_open || fn.fn_number != identity.fn_number) changed = forget_shift();
    if (fn.fn_number != identity.fn_number) {
      changed = forget_fn_health() || changed;
      health_schedule_.fn_unknown();
    }
    if (fn.last_document_number != identity.last_document_number) health_schedule_.document_made();
    // Just registered (or a new FN): read who it prints for (INN, RNM) once the line is
    // free of jobs (a job already waiting goes first).
    if ((fn.phase & shtrih::fn_phase::fiscal_mode) != 0 &&
        (fn.phase != identity.fn_phase || fn.fn_number != identity.fn_number))
      registration_unread_ = true;
    if (fn.shift_open != identity.shift_open || fn.phase != identity.fn_phase ||
        fn.last_document_number != identity.last_document_number) {
      identity.shift_open = fn.shift_open;
      identity.fn_phase = fn.phase;
      identity.last_document_number = fn.last_document_number;
      changed = true;
    }
    if (changed) publish();
  }

  /// The line after the FN's status was taken: the registration read when it is due and
  /// no client waits, else whatever is next.
  void after_fn_status() {
    if (registration_unread_ && !client_)
      return run_on_line(std::make_shared<jobs::registration_read_job>(status_.identity), job_role::registration_read);
    line_free();
  }

  void registration_read_done(const jobs::registration_read_job& job) {
    if (job.read()) {
      registration_unread_ = false;
      const auto& read = job.identity();
      if (read.inn != status_.identity.inn || read.registration_number != status_.identity.registration_number) {
        status_.identity.inn = read.inn;
        status_.identity.registration_number = read.registration_number;
        publish();
      }
    }
    line_free();
  }

  // ---- the health read: OFD backlog, FN expiry ----

  void health_read_done(const jobs::fn_health_job& job) {
    const auto& read = job.result();
    health_schedule_.read_done(std::chrono::steady_clock::now(), read.expiry.has_value());
    auto health = status_.health;
    if (const auto& ofd = read.ofd) {
      health.ofd_unsent_documents = ofd->queue_size;
      if (ofd->queue_size != 0)
        health.ofd_oldest_unsent_at = device_wall_clock_seconds(ofd->first_document_time);
      else
        health.ofd_oldest_unsent_at.reset();
    }
    if (const auto& expiry = read.expiry)
      health.fn_expires_at = device_wall_clock_seconds(expiry->expiry, shtrih::time_of_day{});
    const bool changed = health.ofd_unsent_documents != status_.health.ofd_unsent_documents ||
                         health.ofd_oldest_unsent_at != status_.health.ofd_oldest_unsent_at ||
                         health.fn_expires_at != status_.health.fn_expires_at;
    status_.health = health;
    if (status_.state == register_state::identifying && !reidentify_wanted_)
      enter(register_state::ready, {});  // publishes
    else if (changed)
      publish();
    line_free();
  }

  /// Another FN is on the line: what was read of the last one is void. True when the
  /// published health changed (the caller publishes).
  bool forget_fn_health() {
    auto& health = status_.health;
    const bool was_known = health.ofd_unsent_documents || health.ofd_oldest_unsent_at || health.fn_expires_at;
    health.ofd_unsent_documents.reset();
    health.ofd_oldest_unsent_at.reset();
    health.fn_expires_at.reset();
    return was_known;
  }

  // ---- what the register remembers of the shift ----

  /// The shift closed, or the FN or the device changed: the next receipt looks again.
  /// True when the published shift opening changed (the caller publishes).
  bool forget_shift() {
    known_shift_.reset();
    const bool was_known = status_.health.shift_opened_at.has_value();
    status_.health.shift_opened_at.reset();
    return was_known;
  }

  /// A job learnt the open shift's opening: kept for the next job, and published.
  void remember_shift(const jobs::shift_opening& opening) {
    known_shift_ = opening;
    if (opening.opened_minutes)
      status_.health.shift_opened_at = wall_clock_seconds_of_minutes_since_2000(*opening.opened_minutes);
  }

  // ---- the client's orders ----

  caf::result<jobs::job_outcome> accept_order(const jobs::job_order& order, const caf::actor& journal) {
    if (order.time_left.count() <= 0)
      return outcome_of(refusal("the order reached the register past its deadline: nothing was sent",
                                jobs::failure_kind::timeout));
    if (auto why = order.conditions ? refused_before(order, attributes_of(options_.config, status_)) : std::nullopt) {
      auto failure = refusal(std::move(*why), jobs::failure_kind::wrong_state);
      failure.refused_by_condition = "before";
      return outcome_of(std::move(failure));
    }
    std::shared_ptr<jobs::job> job;
    try {
      job = options_.build_job ? options_.build_job(order) : std::shared_ptr<jobs::job>(jobs::build_job(order.spec));
    } catch (const std::exception& e) {
      return outcome_of(refusal(std::string("the job could not be made: ") + e.what()));
    }
    if (!job) return outcome_of(refusal("empty job order"));
    client_ = std::move(job);
    client_briefed_ = false;
    closing_sent_ = false;
    journal_ = journal;
    journal_step_ = journal ? journal_step::to_ask : journal_step::confirmed;
    document_refresh_tried_ = false;
    promise_ = make_response_promise();
    ++job_seq_;
    delayed_send(this, caf::timespan{order.time_left}, deadline_atom::value, job_seq_);
    enter(register_state::busy, {});
    // An upkeep job on the line (an idle poll, the refresh after the last job) finishes first.
    if (!on_line_) start_client();
    return promise_;
  }

  /// The client's job goes on the line; a journaled one only once its journal recorded
  /// where it went, with the FN's last document number read after the previous job (an
  /// unknown outcome is resolved from it: the job's document is the first one after it).
  void start_client() {
    switch (journal_step_) {
      case journal_step::confirmed: return run_on_line(client_, job_role::client);
      case journal_step::asked: return;  // the journal's answer starts it
      case journal_step::to_ask: break;
    }
    if (!last_document_known_) {
      if (document_refresh_tried_)
        return fail_unstarted("the FN's last document number could not be read: nothing was sent");
      document_refresh_tried_ = true;
      return run_on_line(std::make_shared<jobs::fn_refresh_job>(), job_role::refresh);
    }
    journal_step_ = journal_step::asked;
    const auto seq = job_seq_;
    dispatch_record record{status_.identity.serial_number, status_.identity.fn_number,
                           status_.identity.last_document_number};
    // No timeout of its own: the job's deadline (deadline_atom) ends the wait.
    request(journal_, caf::infinite, dispatched_atom::value, std::move(record))
        .then(
            [this, seq](dispatched_atom) {
              if (seq != job_seq_ || !client_) return;
              journal_step_ = journal_step::confirmed;
              if (!on_line_) start_client();
            },
            [this, seq](const caf::error& error) {
              if (seq != job_seq_ || !client_) return;
              fail_unstarted("the journal did not record where the request went (" + to_string(error) +
                             "): nothing was sent");
            });
  }

  /// The client's job ends before its first command: the device is as it was.
  void fail_unstarted(std::string why) {
    if (promise_.pending()) promise_.deliver(outcome_of(refusal(std::move(why))));
    client_.reset();
    journal_ = nullptr;
    ++job_seq_;
    enter(register_state::ready, {});
    if (!on_line_) line_free();
  }

  void job_lost_line(const std::string& reason) {
    line_open_ = false;
    const bool client_on_line = on_line_ && on_line_->role == job_role::client;
    if (auto dropped = drop_exchange(); dropped && client_on_line) client_->on_outcome(*dropped);
    on_line_.reset();
    if (client_->finished()) return finish_client_job();
    enter(register_state::recovering, reason);
    schedule_recovery_reconnect(caf::timespan{0});
  }

  void client_deadline() {
    if (on_line_ && on_line_->role == job_role::client) {
      drop_exchange();
      on_line_.reset();
    }
    client_->on_deadline();
    finish_client_job();
  }

  void finish_client_job() {
    auto failure = client_->finished() ? client_->failure()
                                       : refusal("the job did not finish at its deadline", jobs::failure_kind::timeout);
    jobs::job_outcome outcome{failure, {}};
    if (failure.kind == jobs::failure_kind::none) outcome.result = client_->result_data();
    const auto fn_after = failure.kind == jobs::failure_kind::none ? client_->fn_status_after() : std::nullopt;
    // The device may be another one for the farm now (a wiped FN is unfiscalised): it is
    // out of the routing (identifying) before its answer goes, until it is identified again.
    const bool reidentify = client_->reidentify_after() && line_open_;
    if (reidentify) enter(register_state::identifying, "identifying the device again: its FN may have been reset");
    if (promise_.pending()) promise_.deliver(std::move(outcome));
    if (const auto opening = client_->known_shift()) remember_shift(*opening);
    if (on_line_ && on_line_->role == job_role::client) on_line_.reset();
    client_.reset();
    journal_ = nullptr;
    last_document_known_ = false;  // the job may have made documents: the refresh reads it again
    ++job_seq_;
    if (!line_open_) return go_offline(status_.detail.empty() ? "line lost during the job" : status_.detail);
    if (reidentify) {
      // An upkeep job still on the line ends first; line_free() then identifies.
      if (on_line_) {
        reidentify_wanted_ = true;
        return;
      }
      return run_on_line(std::make_shared<jobs::identify_job>(), job_role::identify);
    }
    enter(register_state::ready, {});
    // A job may have opened a shift or made documents: read the FN's state again, unless
    // the job knows it exactly (a receipt: 7 device commands become 6). When an upkeep
    // job is still on the line (the job ended waiting behind it), that one's completion
    // goes on from there.
    if (fn_after) {
      take_fn_status(*fn_after);
      if (!on_line_) after_fn_status();
      return;
    }
    if (!on_line_) run_on_line(std::make_shared<jobs::fn_refresh_job>(), job_role::refresh);
  }

  /// The actor is going away with a client's job in hand (shutdown, or the job itself
  /// threw): the job gives its deadline answer, or the caller hears why.
  void abandon_client_job(const std::string& why) {
    if (!client_) return;
    jobs::job_failure failure = refusal(why);
    // Without the job's own word, a closing command already sent means nobody knows.
    if (closing_sent_) failure.kind = jobs::failure_kind::outcome_unknown;
    try {
      if (!client_->finished()) client_->on_deadline();
      if (client_->finished()) failure = client_->failure();
    } catch (const std::exception& e) {
      failure.message = why + ": " + e.what();
    }
    if (promise_.pending()) promise_.deliver(outcome_of(std::move(failure)));
    client_.reset();
  }

  line_io* io_;
  register_options options_;
  std::shared_ptr<line> line_;
  std::uint64_t generation_ = 0;
  bool line_open_ = false;

  shtrih::any_host_link link_;  ///< the low level options_.config.low_level names
  bool exchange_in_flight_ = false;  ///< a command of the job on the line awaits its outcome
  std::uint64_t tick_seq_ = 0;
  std::optional<shtrih::time_point> tick_due_;
  std::optional<line_job> on_line_;  ///< the job whose commands go on the line now

  register_status status_;
  std::vector<caf::actor> subscribers_;

  std::shared_ptr<jobs::job> client_;  ///< the client's job, from its order until its answer
  /// The current shift's opening, learnt from a job (a receipt that found it in the
  /// archive, or the job that opened the shift) and handed to the next job, so a receipt
  /// knows the shift's age without walking the FN archive back to its start.
  std::optional<jobs::shift_opening> known_shift_;
  bool client_briefed_ = false;  ///< the client's job was given known_shift_ before its first command
  bool reidentify_wanted_ = false;  ///< a finished job changed what the device is: identify it again
  bool registration_unread_ = false;  ///< the FN was registered since identification: read INN/RNM
  health_read_schedule health_schedule_;  ///< when the FN's health (OFD backlog, expiry) is read next
  caf::response_promise promise_;
  /// A journaled order: where it went is recorded (confirmed) before its first command.
  enum class journal_step { to_ask, asked, confirmed };
  caf::actor journal_;
  journal_step journal_step_ = journal_step::confirmed;
  /// The identity's last_document_number is the FN's (read after the latest job); a
  /// journaled order needs it exact.
  bool last_document_known_ = false;
  bool document_refresh_tried_ = false;  ///< this order already had the FN read for it
  bool closing_sent_ = false;  ///< the client's job sent a command after which a document may exist
  std::uint64_t job_seq_ = 0;
  std::uint64_t poll_seq_ = 0;
  std::uint64_t reconnect_seq_ = 0;
  caf::timespan backoff_{0};
};

}  // namespace

register_actor spawn_register(caf::actor_system& system, line_io& io, register_options options) {
  return system.spawn<register_actor_impl>(&io, std::move(options));
}

}  // namespace ws::actors
