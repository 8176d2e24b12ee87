#pragma once
// The vocabulary of the pool broker's decision core: who registers and jobs are, what a
// job asks for, and the decisions the core hands back to its shell (the CAF broker actor)
// to carry out. Pure data: no CAF, no clock read anywhere (time is always passed in).

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "actors/conditions/conditional.hpp"
#include "actors/conditions/value.hpp"
#include "actors/jobs/job.hpp"

namespace ws::broker {

using clock = std::chrono::steady_clock;
using time_point = clock::time_point;

/// Opaque key of one register (the shell maps it to an actor handle, local or remote).
using register_id = std::string;
/// Opaque key of one job (the shell maps it to a response promise).
using job_id = std::uint64_t;

/// The group a request names when it names none. It matches only registers configured
/// with no group (or with this name as a group): giving a register a group sets it aside
/// for requests that ask for that group.
inline constexpr std::string_view no_group = "_NOGROUP";

/// A register as the broker sees it: where it may print, and what conditions read.
struct register_info {
  register_id id;
  std::string inn;                  ///< the firm it is registered to; empty: serves nothing
  std::vector<std::string> groups;  ///< empty: the register is in `_NOGROUP`
  conditions::device_attributes attributes;  ///< sn, groups, model, version, inn, ...
};

/// One request for a register, as submitted.
struct job_request {
  job_id id = 0;
  std::string inn;    ///< receipt_content.firm_inn
  std::string group;  ///< empty means `_NOGROUP`
  std::chrono::milliseconds wait4free{0};  ///< how long it may wait for a free register
  time_point deadline{};                   ///< the request's own deadline (bounds waiting too)
  unsigned retry_count = 0;                ///< other registers to try after a safe failure
  std::shared_ptr<const conditions::conditional> conditions;  ///< may be null
  /// Set for the per-register operations (/v1/cashmachines/{kkt_sn}/...): the job runs on
  /// that register only, whatever its INN and groups (it may have none yet), waits in that
  /// register's own queue, and is never retried elsewhere (inn and group are ignored).
  std::optional<register_id> target;
};

/// Run this job on this register now (the core already counts the register as running it).
struct dispatch {
  job_id job = 0;
  register_id reg;
};

enum class outcome {
  completed,             ///< the register's own answer is final (success or a failure)
  no_free_cashmachine,   ///< registers exist for the route but none was free (no wait4free)
  no_matching_register,  ///< no known register serves the INN/group at all (no wait4free)
  overloaded,            ///< the wait queues are full: try again after retry_after
  timeout,               ///< waited until its deadline without a register; nothing printed
  condition_error,       ///< a condition failed to evaluate (a DataError for the client)
  shutting_down,         ///< the broker stopped taking work; nothing printed
};

std::string_view name_of(outcome o);

/// The one final answer a job gets.
struct final_answer {
  job_id job = 0;
  outcome kind = outcome::completed;
  /// completed: the register whose answer is final. Also set on timeout of a job that
  /// already failed safely on some register (the last one it ran on).
  std::optional<register_id> reg;
  /// completed: how the register's run ended (the shell holds the full job_failure).
  jobs::failure_kind failure = jobs::failure_kind::none;
  std::string message;               ///< for people; condition_error: the evaluator's text
  std::chrono::seconds retry_after{0};  ///< overloaded: the suggested Retry-After
};

/// What one operation of the core decided. Dispatches and answers are independent: the
/// shell sends every dispatch and delivers every answer.
struct decisions {
  std::vector<dispatch> dispatches;
  std::vector<final_answer> answers;

  bool empty() const { return dispatches.empty() && answers.empty(); }
  void append(decisions&& other);
};

struct broker_limits {
  std::size_t max_waiting = 1000;  ///< waiting jobs over all queues; a submit beyond: overloaded
  std::size_t condition_step_budget = conditions::default_step_budget;
  std::chrono::milliseconds initial_service_estimate{2000};  ///< until real runs are measured
  std::chrono::seconds min_retry_after{1};
  std::chrono::seconds max_retry_after{60};
};

enum class ping_result {
  ok,                ///< at least one register is ready and the backlog is within the ratio
  no_ready,          ///< no register of the scope is ready
  backlog_exceeded,  ///< waiting jobs / ready registers > backlog_ratio
};

std::string_view name_of(ping_result r);

/// The scope of a ping. No INN: the whole farm. An INN without a group: the route a
/// receipt without `group` would take, i.e. (INN, `_NOGROUP`).
struct ping_query {
  std::optional<std::string> inn;
  std::optional<std::string> group;
  std::optional<double> backlog_ratio;
};

enum class register_availability { offline, busy, ready };

std::string_view name_of(register_availability a);

struct register_snapshot {
  register_id id;
  std::string inn;
  std::vector<std::string> groups;
  register_availability availability = register_availability::offline;
  std::optional<job_id> running;  ///< the broker's job it runs, if any
  std::size_t waiting = 0;        ///< jobs waiting for this register by name (target)
};

struct route_snapshot {
  std::string inn;
  std::string group;
  std::size_t waiting = 0;
  std::size_t ready = 0;    ///< free to take a job now
  std::size_t known = 0;    ///< every register serving the route, in any state
  std::size_t running = 0;  ///< its jobs running on a register now
};

/// For /v1/cashmachines: every register and every route with a register or a queue.
struct broker_stats {
  std::vector<register_snapshot> registers;
  std::vector<route_snapshot> routes;
  std::size_t waiting = 0;
  std::size_t running = 0;
  std::chrono::milliseconds service_estimate{0};
};

}  // namespace ws::broker
