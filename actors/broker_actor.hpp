#pragma once
// The pool broker actor: a thin CAF shell around broker::broker_core. It subscribes to
// group actors, learns each register from the group's (reg_handle_atom, register_member) and
// register_status messages, keeps the core informed, carries out the core's decisions
// (dispatch = run_job request to a register; answer = deliver a response promise) and arms
// one timer at the core's next deadline.
//
// Registers are keyed by their configured port (known before identification and stable
// across restarts), prefixed `node:` for a cluster node's (register_key); the result names
// the device by its serial number as well. Register handles and statuses are taken only
// from the groups the broker has joined, so a node dropped as lost is not heard again until
// it joins afresh. A serial number is unique in the farm: a second register reporting a
// serial that a live register already has gets no work (logged, and shown in the listing).
//
// Jobs travel as orders (jobs::job_order): each attempt sends the request's order to the
// chosen register, which builds the job itself and answers a jobs::job_outcome. The
// request's conditions travel inside the order as text; the broker parses them once at
// submit for accept_device and after_select_device, the register evaluates `before`.
//
// The broker follows every register's status, so it answers the per-register questions
// itself, in one request: the listing (list_atom) and the register of a serial number
// (locate_atom), with config, status, restarts and its own view of the register.
//
// Every broker_request gets exactly one broker_result: from the core's final answer, or
// when the register running it dies (outcome_unknown unless the request never reached it),
// or when the broker stops. On an exit message the broker stops taking work, answers every
// waiting job `shutting_down`, and quits once its running jobs have ended (each is bounded
// by its run deadline, below).
//
// A run's deadline. The run_job request to a register carries no CAF timeout: in CAF 0.17
// each finite request timeout costs a trip through the clock thread (a mutex and a
// condition-variable wake-up), which held the broker near 140 k jobs/s. Instead, while any
// run is in flight, one periodic sweep (broker_options::run_sweep_period) ends every run
// past its run_timeout + request_margin exactly as that request timeout did: the attempt
// fails outcome_unknown, "the register did not answer: " and CAF's request_timeout error.
// So a register that never answers costs its client at most run_timeout + request_margin
// + one sweep period. The register's late answer after that is ignored (the attempt is
// settled); as before, the register itself is offered no work until its own status says
// ready again (a register reports busy while it runs a job), and its death reaches the
// broker as a down message, which ends its run at once.

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
  /// How often, while runs are in flight, the broker looks for runs past run_timeout +
  /// request_margin (the sweep is not armed while no run is in flight).
  caf::timespan run_sweep_period = std::chrono::milliseconds(200);
  /// One line for the program's log (a register refused for a serial already in the farm,
  /// a node's registers leaving); empty: not logged.
  std::function<void(const std::string&)> log;
};

/// The INN a register reports in 11h as the API spells it (one rule, in identify_job.hpp).
using jobs::inn_text;

broker_actor spawn_broker(caf::actor_system& system, broker_options options = {});

}  // namespace ws::actors

