#pragma once
// The pool broker actor: a thin CAF shell around broker::broker_core. It subscribes to
// group actors, learns each register from the group's (reg_handle_atom, config, actor) and
// register_status messages, keeps the core informed, carries out the core's decisions
// (dispatch = run_job request to a register; answer = deliver a response promise) and arms
// one timer at the core's next deadline.
//
// Registers are keyed by their configured port (known before identification and stable
// across restarts); the result names the device by its serial number as well.
//
// Every broker_request gets exactly one broker_result: from the core's final answer, or
// when the register running it dies (outcome_unknown unless the request never reached it),
// or when the broker stops. On an exit message the broker stops taking work, answers every
// waiting job `shutting_down`, and quits once its running jobs have ended (each is bounded
// by its own run timeout).

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <caf/all.hpp>

#include "actors/broker/broker_core.hpp"
#include "actors/farm_messages.hpp"

namespace ws::actors {

/// Makes a fresh job for each attempt: a retry runs a new job on another register.
using job_factory = std::function<std::shared_ptr<jobs::job>()>;
/// As job_factory, but told the attributes (sn, inn, groups, ...) of the register the
/// attempt runs on, as conditions see them: lets the caller decide right before the run
/// (e.g. the `before` condition) and remember which device it was.
using job_factory_on = std::function<std::shared_ptr<jobs::job>(const conditions::device_attributes&)>;

/// One request to the broker (local only: it carries a factory of local job objects).
struct broker_request {
  job_factory make_job;
  std::string inn;                         ///< the firm's INN (10 or 12 digits)
  std::string group;                       ///< empty: `_NOGROUP`
  std::chrono::milliseconds wait4free{0};  ///< how long it may wait for a free register
  broker::time_point deadline{};           ///< steady clock; bounds the wait
  unsigned retry_count = 0;                ///< other registers to try after a safe failure
  std::shared_ptr<const conditions::conditional> conditions;  ///< may be null
  std::optional<std::string> target_serial;  ///< per-register operation: that device only
  caf::timespan run_timeout = std::chrono::seconds(30);  ///< given to the register per attempt
  /// When set, used instead of make_job (which may then be empty).
  job_factory_on make_job_on;
};

/// The one answer to a broker_request.
struct broker_result {
  broker::outcome kind = broker::outcome::completed;
  jobs::job_failure failure;          ///< the last run's failure (kind none: success)
  std::string port;                   ///< the register whose run is final (empty: none ran)
  std::string serial_number;          ///< its device serial (16 digits), when identified
  std::string registration_number;    ///< its registration number (RNM), when registered
  std::shared_ptr<jobs::job> job;     ///< the job of that run: read its typed result
  std::string message;                ///< for people
  std::chrono::seconds retry_after{0};  ///< overloaded: suggested Retry-After
};

struct broker_options {
  broker::broker_limits limits;
  std::vector<caf::actor> groups;  ///< joined at spawn
  /// Added to a run's timeout for the request to the register (which answers within it).
  caf::timespan request_margin = std::chrono::seconds(5);
};

/// The INN a register reports in 11h as the API spells it: 10 digits, or 12 for a person;
/// empty when no INN was entered (all ones) or it is zero.
std::string inn_text(std::uint64_t inn);

caf::actor spawn_broker(caf::actor_system& system, broker_options options = {});

}  // namespace ws::actors

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(ws::actors::broker_request)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(ws::actors::broker_result)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(ws::broker::ping_query)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(ws::broker::ping_result)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(ws::broker::broker_stats)
