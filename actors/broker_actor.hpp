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

// Its interface (broker_actor) and messages (broker_request, broker_result) are in
// actors/farm_messages.hpp.

struct broker_options {
  broker::broker_limits limits;
  std::vector<group_actor> groups;  ///< joined at spawn
  /// Added to a run's timeout for the request to the register (which answers within it).
  caf::timespan request_margin = std::chrono::seconds(5);
};

/// The INN a register reports in 11h as the API spells it: 10 digits, or 12 for a person;
/// empty when no INN was entered (all ones) or it is zero.
std::string inn_text(std::uint64_t inn);

broker_actor spawn_broker(caf::actor_system& system, broker_options options = {});

}  // namespace ws::actors

