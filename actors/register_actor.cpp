#include "actors/register_actor.hpp"
#include "actors/stale_messages.hpp"

#include <algorithm>
#include <cstdio>
#include <optional>
#include <vector>

#include "actors/jobs/archived_document.hpp"
#include "actors/jobs/job_script.hpp"
#include "protocol/shtrih/commands.hpp"
#include "protocol/shtrih/any_host_link.hpp"

namespace ws::actors {

namespace {

using clock_type = shtrih::link_clock;

/// Who started the exchange in flight on the link, i.e. who gets its outcome.
enum class exchange_owner { none, identify, poll, refresh, registration, job };

std::string sixteen_digits(std::uint64_t number) {
  char text[24];
  std::snprintf(text, sizeof text, "%016llu", static_cast<unsigned long long>(number));
  return text;
}

/// True when the configured serial number names this device (numerically when it is digits).
bool same_serial(const std::string& configured, const std::string& device) {
  if (configured.empty()) return true;
  if (configured.find_first_not_of("0123456789") != std::string::npos || configured.size() > 19)
    return configured == device;
  return std::stoull(configured) == std::stoull(device);
}

/// 11h's INN field holds all ones (or zero) while the INN was never entered.
bool inn_known(std::uint64_t inn) { return inn != 0 && inn != 0xFFFF'FFFF'FFFFULL; }

jobs::job_failure refusal(std::string message) {
  jobs::job_failure failure;
  failure.kind = jobs::failure_kind::safe;
  failure.message = std::move(message);
  return failure;
}

class register_actor_impl : public register_actor::base {
 public:
  register_actor_impl(caf::actor_config& config, line_io* io, register_options options)
      : register_actor::base(config),
        io_(io),
        options_(std::move(options)),
        link_(options_.config.low_level, options_.link) {
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
    abandon_job("the register actor stopped");
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
      if (job_ && seq == job_seq_) job_deadline();
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

  // jobs

  auto accept_jobs() {
    return [this](run_job_atom, const job_request& request) -> caf::result<jobs::job_failure> {
      if (!request.job) return refusal("empty job request");
      return start_job(request);
    };
  }

  auto refuse_jobs() {
    return [this](run_job_atom, const job_request&) -> caf::result<jobs::job_failure> {
      return refusal("register " + options_.config.port + " is " + to_string(status_.state) +
                     (status_.detail.empty() ? "" : " (" + status_.detail + ")"));
    };
  }

  // the line coming up

  auto identify_when_up() {
    return [this](line_up_atom, std::uint64_t generation) {
      if (generation != generation_) return;
      line_came_up();
      start_identify();
    };
  }

  auto resume_job_when_up() {
    return [this](line_up_atom, std::uint64_t generation) {
      if (generation != generation_) return;
      line_came_up();
      enter(register_state::busy, {});
      job_->on_line_restored();
      advance_job();
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
      if (seq == poll_seq_ && link_.idle() && owner_ == exchange_owner::none) {
        send_command(shtrih::full_status_request{}.encode(), shtrih::answer_timeout(shtrih::cmd::full_status),
                     exchange_owner::poll);
      }
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

  /// A state's behaviour: what it does with a job, the line coming up or going down and
  /// the poll and reconnect timers, next to what every state handles the same way.
  template <class RunJob, class LineUp, class LineDown, class Poll, class Reconnect>
  behavior_type state_behaviour(RunJob run_job, LineUp line_up, LineDown line_down, Poll poll, Reconnect reconnect) {
    return {std::move(run_job),  std::move(line_up), std::move(line_down), std::move(poll),
            std::move(reconnect), on_line_bytes(),   on_link_tick(),       on_job_deadline(),
            answer_status(),     add_subscriber(),  remove_subscriber(),  count_subscribers()};
  }

  behavior_type connecting() {
    return state_behaviour(refuse_jobs(), identify_when_up(), offline_when_down(), ignore_poll(), ignore_reconnect());
  }

  behavior_type identifying() {
    return state_behaviour(refuse_jobs(), ignore_line_up(), offline_when_down(), ignore_poll(), ignore_reconnect());
  }

  behavior_type ready() {
    return state_behaviour(accept_jobs(), ignore_line_up(), offline_when_down(), poll_device(), ignore_reconnect());
  }

  behavior_type busy() {
    return state_behaviour(refuse_jobs(), ignore_line_up(), recover_job_when_down(), ignore_poll(), ignore_reconnect());
  }

  behavior_type recovering() {
    return state_behaviour(refuse_jobs(), resume_job_when_up(), retry_when_down(), ignore_poll(), reopen_for_job());
  }

  behavior_type offline() {
    return state_behaviour(refuse_jobs(), ignore_line_up(), ignore_line_down(), ignore_poll(), reconnect_from_offline());
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
    owner_ = exchange_owner::none;
    tick_due_.reset();
    ++tick_seq_;
  }

  /// Abandons the exchange in flight; gives its outcome (if any) back.
  std::optional<std::pair<exchange_owner, shtrih::link_outcome>> drop_exchange() {
    link_.reset();
    auto outcome = link_.take_outcome();
    const auto who = owner_;
    owner_ = exchange_owner::none;
    tick_due_.reset();
    ++tick_seq_;
    if (!outcome) return std::nullopt;
    return std::make_pair(who, *outcome);
  }

  void close_line() {
    line_open_ = false;
    line_->close();
    ++generation_;  // nothing of the closed line counts any more
    drop_exchange();
  }

  void go_offline(const std::string& reason) {
    close_line();
    enter(register_state::offline, reason);
    schedule_reconnect();
  }

  void schedule_reconnect() {
    backoff_ = backoff_.count() == 0 ? options_.timing.reconnect_min
                                     : std::min(backoff_ * 2, options_.timing.reconnect_max);
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

  void send_command(bytes command, shtrih::milliseconds answer_timeout, exchange_owner who) {
    owner_ = who;
    link_.send(std::move(command), answer_timeout, clock_type::now());
    pump();
  }

  /// Moves what the link produced: bytes to the line, an outcome to whoever asked.
  void pump() {
    auto out = link_.take_output();
    if (!out.empty() && line_open_) line_->write(generation_, std::move(out));
    if (auto outcome = link_.take_outcome()) {
      const auto who = owner_;
      owner_ = exchange_owner::none;
      deliver_outcome(who, *outcome);
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

  void deliver_outcome(exchange_owner who, const shtrih::link_outcome& outcome) {
    switch (who) {
      case exchange_owner::identify: return identify_answer(outcome);
      case exchange_owner::poll: return poll_answer(outcome);
      case exchange_owner::refresh: return refresh_answer(outcome);
      case exchange_owner::registration: return registration_answer(outcome);
      case exchange_owner::job:
        if (job_) {
          job_->on_outcome(outcome);
          advance_job();
        }
        return;
      case exchange_owner::none: return;
    }
  }

  // ---- identification: FCh, 11h, FF01h, then the registration document ----

  void start_identify() {
    identify_step_ = 0;
    identity_ = {};
    enter(register_state::identifying, {});
    identify_next();
  }

  void identify_next() {
    switch (identify_step_) {
      case 0:
        return send_command(shtrih::device_type_request{}.encode(), shtrih::answer_timeout(shtrih::cmd::device_type),
                            exchange_owner::identify);
      case 1:
        return send_command(shtrih::full_status_request{}.encode(), shtrih::answer_timeout(shtrih::cmd::full_status),
                            exchange_owner::identify);
      case 2:
        return send_command(shtrih::fn_status_request{}.encode(), shtrih::answer_timeout(shtrih::cmd::fn_status),
                            exchange_owner::identify);
      case 3: {
        // 11h gives no RNM, and a device whose INN was never entered in its tables gives
        // all ones: the FN's first document (registration, or re-registration for a
        // replaced FN) names both.
        if ((identity_.fn_phase & shtrih::fn_phase::fiscal_mode) == 0 || identity_.last_document_number == 0)
          return identified();
        shtrih::find_document_request request;
        request.document_number = 1;
        return send_command(request.encode(), jobs::job_answer_timeout(shtrih::cmd::fn_find_document),
                            exchange_owner::identify);
      }
      default: return identified();
    }
  }

  void identify_answer(const shtrih::link_outcome& outcome) {
    if (outcome.what != shtrih::link_outcome::kind::reply)
      return go_offline("the device did not answer identification");
    try {
      if (!read_identity(outcome.reply)) return;
    } catch (const std::exception& e) {
      return go_offline(std::string("identification reply unreadable: ") + e.what());
    }
    ++identify_step_;
    identify_next();
  }

  /// Takes one identification reply into identity_; false when it went offline instead.
  bool read_identity(const bytes& reply) {
    if (identify_step_ == 0) {
      auto type = shtrih::decode_reply<shtrih::device_type_reply>(reply);
      if (!type.ok()) return refused_identification(type.header);
      identity_.model = type.value->name;
    } else if (identify_step_ == 1) {
      auto full = shtrih::decode_reply<shtrih::full_status_reply>(reply);
      if (!full.ok()) return refused_identification(full.header);
      identity_.serial_number = sixteen_digits(full.value->serial_number());
      identity_.firmware_version = full.value->firmware_version;
      identity_.firmware_build = full.value->firmware_build;
      identity_.inn = full.value->inn;
      identity_.mode = full.value->mode;
      identity_.submode = full.value->submode;
    } else if (identify_step_ == 3) {
      read_registration_fields(reply);
    } else {
      // A device without a working FN still identifies; it just has no FN data.
      auto fn = shtrih::decode_reply<shtrih::fn_status_reply>(reply);
      if (fn.ok()) {
        identity_.fn_number = fn.value->fn_number;
        identity_.fn_phase = fn.value->phase;
        identity_.shift_open = fn.value->shift_open;
        identity_.last_document_number = fn.value->last_document_number;
      }
    }
    return true;
  }

  /// Best effort: a device that cannot show its registration document still identifies.
  void read_registration_fields(const bytes& reply) {
    try {
      auto found = shtrih::decode_reply<shtrih::find_document_reply>(reply);
      if (!found.ok()) return;
      const auto fields = jobs::parse_registration_fields(*found.value);
      if (!fields) return;
      identity_.registration_number = fields->registration_number;
      const bool digits = !fields->inn.empty() && fields->inn.size() <= 12 &&
                          fields->inn.find_first_not_of("0123456789") == std::string::npos;
      if (!inn_known(identity_.inn) && digits) identity_.inn = std::stoull(fields->inn);
    } catch (const std::exception&) {
    }
  }

  bool refused_identification(const shtrih::reply_error& header) {
    go_offline("identification refused: " + shtrih::describe_error(header.code, header.error));
    return false;
  }

  void identified() {
    if (!same_serial(options_.config.serial_number, identity_.serial_number))
      return go_offline("serial number mismatch: configured " + options_.config.serial_number + ", device " +
                        identity_.serial_number);
    // Another device or FN on this line, or no shift: what was known of the shift is void.
    if (identity_.serial_number != status_.identity.serial_number || identity_.fn_number != status_.identity.fn_number ||
        !identity_.shift_open)
      forget_shift();
    status_.identity = identity_;
    registration_unread_ = false;  // identification read it
    backoff_ = caf::timespan{0};
    enter(register_state::ready, {});
    schedule_poll();
  }

  // ---- idle poll ----

  void schedule_poll() { delayed_send(this, options_.timing.poll_interval, poll_atom::value, ++poll_seq_); }

  void poll_answer(const shtrih::link_outcome& outcome) {
    if (outcome.what == shtrih::link_outcome::kind::reply) {
      try {
        auto full = shtrih::decode_reply<shtrih::full_status_reply>(outcome.reply);
        if (full.ok() && shtrih::mode_number(full.value->mode) == shtrih::kkt_mode::shift_closed) forget_shift();
        if (full.ok() && (full.value->mode != status_.identity.mode || full.value->submode != status_.identity.submode)) {
          status_.identity.mode = full.value->mode;
          status_.identity.submode = full.value->submode;
          publish();
        }
      } catch (const std::exception&) {
        // A garbled status is no reason to stop: the next poll asks again.
      }
    } else if (!job_) {
      return go_offline("the device did not answer the status poll");
    }
    if (job_)
      advance_job();  // a job arrived while the poll was in flight
    else
      schedule_poll();
  }

  /// The FN status after a job: shift and last document, published when they changed.
  void refresh_answer(const shtrih::link_outcome& outcome) {
    if (outcome.what == shtrih::link_outcome::kind::reply) {
      try {
        auto fn = shtrih::decode_reply<shtrih::fn_status_reply>(outcome.reply);
        auto& identity = status_.identity;
        if (fn.ok() && (!fn.value->shift_open || fn.value->fn_number != identity.fn_number)) forget_shift();
        // Just registered (or a new FN): read who it prints for (INN, RNM) once the link
        // is free of jobs (a job already waiting goes first).
        if (fn.ok() && (fn.value->phase & shtrih::fn_phase::fiscal_mode) != 0 &&
            (fn.value->phase != identity.fn_phase || fn.value->fn_number != identity.fn_number))
          registration_unread_ = true;
        if (fn.ok() && (fn.value->shift_open != identity.shift_open || fn.value->phase != identity.fn_phase ||
                        fn.value->last_document_number != identity.last_document_number)) {
          identity.shift_open = fn.value->shift_open;
          identity.fn_phase = fn.value->phase;
          identity.last_document_number = fn.value->last_document_number;
          publish();
        }
        if (registration_unread_ && !job_) return read_registration_after_job();
      } catch (const std::exception&) {
        // Unreadable: the identity keeps its older values until the next job.
      }
    }
    // An unanswered refresh is left to the idle poll, which takes the register offline.
    if (job_)
      advance_job();
    else
      schedule_poll();
  }

  void read_registration_after_job() {
    shtrih::find_document_request request;
    request.document_number = 1;
    send_command(request.encode(), jobs::job_answer_timeout(shtrih::cmd::fn_find_document),
                 exchange_owner::registration);
  }

  void registration_answer(const shtrih::link_outcome& outcome) {
    if (outcome.what == shtrih::link_outcome::kind::reply) {
      registration_unread_ = false;
      identity_ = status_.identity;
      read_registration_fields(outcome.reply);
      if (identity_.inn != status_.identity.inn || identity_.registration_number != status_.identity.registration_number) {
        status_.identity = identity_;
        publish();
      }
    }
    if (job_)
      advance_job();
    else
      schedule_poll();
  }

  // ---- what the register remembers of the shift ----

  /// The shift closed, or the FN or the device changed: the next receipt looks again.
  void forget_shift() { known_shift_.reset(); }

  // ---- jobs ----

  caf::response_promise start_job(const job_request& request) {
    job_ = request.job;
    job_briefed_ = false;
    closing_sent_ = false;
    promise_ = make_response_promise();
    ++job_seq_;
    delayed_send(this, request.timeout, deadline_atom::value, job_seq_);
    enter(register_state::busy, {});
    advance_job();
    return promise_;
  }

  /// Sends the job's next command if the link is free; finishes it when it is done.
  void advance_job() {
    if (!job_) return;
    if (job_->finished()) return finish_job();
    if (!line_open_ || owner_ != exchange_owner::none || !link_.idle()) return;
    if (!job_briefed_) {
      // Only now: a refresh after the previous job (which may have closed the shift)
      // has had its answer.
      job_briefed_ = true;
      if (known_shift_) job_->set_known_shift(*known_shift_);
    }
    auto step = job_->next();
    if (job_->finished()) return finish_job();
    if (!step) {
      // The job wants a fresh line (e.g. to read back after a lost answer).
      close_line();
      enter(register_state::recovering, "reconnecting for the job");
      schedule_recovery_reconnect(caf::timespan{0});
      return;
    }
    if (step->closes_document) closing_sent_ = true;
    send_command(std::move(step->command), step->answer_timeout, exchange_owner::job);
  }

  void job_lost_line(const std::string& reason) {
    line_open_ = false;
    if (auto dropped = drop_exchange(); dropped && dropped->first == exchange_owner::job) job_->on_outcome(dropped->second);
    if (job_->finished()) return finish_job();
    enter(register_state::recovering, reason);
    schedule_recovery_reconnect(caf::timespan{0});
  }

  void job_deadline() {
    if (owner_ == exchange_owner::job) drop_exchange();
    job_->on_deadline();
    finish_job();
  }

  void finish_job() {
    auto failure = job_->finished() ? job_->failure() : jobs::job_failure{jobs::failure_kind::timeout,
                                                                          "the job did not finish at its deadline",
                                                                          std::nullopt, std::nullopt, {}, std::nullopt};
    if (promise_.pending()) promise_.deliver(std::move(failure));
    if (const auto opening = job_->known_shift()) known_shift_ = opening;
    job_.reset();
    ++job_seq_;
    if (line_open_) {
      enter(register_state::ready, {});
      // A job may have opened a shift or made documents: read the FN's state again. A job
      // that ended without a command of its own (refused before printing) may end while
      // an idle poll is on the line: that poll refreshes the state, and a second command
      // must not be pushed onto a busy link.
      if (owner_ != exchange_owner::none || !link_.idle()) return;
      send_command(shtrih::fn_status_request{}.encode(), shtrih::answer_timeout(shtrih::cmd::fn_status),
                   exchange_owner::refresh);
    } else {
      go_offline(status_.detail.empty() ? "line lost during the job" : status_.detail);
    }
  }

  /// The actor is going away with a job in hand (shutdown, or the job itself threw):
  /// the job gives its deadline answer, or the caller hears why.
  void abandon_job(const std::string& why) {
    if (!job_) return;
    jobs::job_failure failure = refusal(why);
    // Without the job's own word, a closing command already sent means nobody knows.
    if (closing_sent_) failure.kind = jobs::failure_kind::outcome_unknown;
    try {
      if (!job_->finished()) job_->on_deadline();
      if (job_->finished()) failure = job_->failure();
    } catch (const std::exception& e) {
      failure.message = why + ": " + e.what();
    }
    if (promise_.pending()) promise_.deliver(std::move(failure));
    job_.reset();
  }

  line_io* io_;
  register_options options_;
  std::shared_ptr<line> line_;
  std::uint64_t generation_ = 0;
  bool line_open_ = false;

  shtrih::any_host_link link_;  ///< the low level options_.config.low_level names
  exchange_owner owner_ = exchange_owner::none;
  std::uint64_t tick_seq_ = 0;
  std::optional<shtrih::time_point> tick_due_;

  register_status status_;
  register_identity identity_;
  int identify_step_ = 0;
  std::vector<caf::actor> subscribers_;

  std::shared_ptr<jobs::job> job_;
  /// The current shift's opening, learnt from a job (a receipt that found it in the
  /// archive, or the job that opened the shift) and handed to the next job, so a receipt
  /// knows the shift's age without walking the FN archive back to its start.
  std::optional<jobs::shift_opening> known_shift_;
  bool job_briefed_ = false;  ///< the job was given known_shift_ before its first command
  bool registration_unread_ = false;  ///< the FN was registered since identification: read INN/RNM
  caf::response_promise promise_;
  bool closing_sent_ = false;  ///< the job sent a command after which a document may exist
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
