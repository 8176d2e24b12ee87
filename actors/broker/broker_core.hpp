#pragma once
// The pool broker's decisions, without CAF: which register runs which job, who waits, who
// is refused, and when. The CAF broker actor is a thin shell: it feeds events in (a job
// submitted, a register's status, a job's end, a timer) and carries out the returned
// decisions (send a dispatch to a register, deliver an answer to a response promise).
//
// Routing. A register serves the routes (its INN, g) for each of its groups g, or
// (its INN, `_NOGROUP`) when it has none. A job names one route: (firm INN, group).
//
// Order. Each route has a FIFO wait queue ordered by arrival. A register that becomes
// free takes the earliest-arrived job, over all the queues of its routes, that it can
// serve: a job it cannot serve (its conditions reject the register, or it already
// failed on that register) is skipped and keeps its place for the others. So jobs are
// served strictly in arrival order among those a register can take, and a later job is
// never held up by an earlier one that only other registers could serve. No starvation:
// a waiting job only ever moves forward, and its deadline bounds the wait in any case.
// Invariant kept at every step: a ready register can serve no waiting job of its routes
// (otherwise it would already have been given it).
// Among several ready registers the one that has been ready longest is chosen.
//
// Retries. After a `safe` failure a job with retries left goes back to its queue in its
// original arrival place (in front of every later job) and may only run on a register it
// has not tried. Other failures (wrong_state, outcome_unknown, timeout) are final: never
// print twice. A retried job that finds no other register before its wait deadline ends
// with its last register's safe failure (outcome completed), which tells the client what
// went wrong; nothing was printed.
//
// Deadlines. A job waits until min(arrival + wait4free, its request deadline). Every
// operation that takes `now` first expires the jobs past that point (outcome timeout);
// expire(now) does only that, for the shell's timer set at next_deadline().
//
// Targeted jobs (job_request::target, the per-register operations) wait in their
// register's own queue; a freed register merges that queue with its route queues by
// arrival, so a receipt and a close_shift for the same register are served in order.
//
// Unknown INNs. A new job for an INN no register has served since the core started
// (offline and busy registers count) is answered no_matching_register at once, whatever
// its wait4free: no register will come free for it. An INN once served waits as usual
// (a register may come back or take the job's group).
//
// Registers. Availability is what the register last reported (ready, busy, offline);
// a register can take a job when it is ready and runs none of the broker's jobs. When a
// job ends the register is free again unless it reported busy or offline meanwhile.
// A register that goes offline or is removed leaves its queued jobs waiting for others
// (or for their deadline); a job it is running still gets its answer through job_finished.
//
// Exactly one final answer per submitted job: every path that removes a job from the
// core returns its final_answer, and an answer is only produced by removing the job.

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>

#include "actors/broker/broker_types.hpp"

namespace ws::broker {

class broker_core {
 public:
  explicit broker_core(broker_limits limits = {});

  // ---- registers ----
  /// Adds a register (offline until it reports ready) or replaces its INN, groups and
  /// attributes. A ready register whose routes or attributes changed is offered the queues.
  decisions upsert_register(register_info info, time_point now);
  /// The register reported ready: it takes the earliest waiting job it can serve.
  decisions register_ready(const register_id& id, time_point now);
  /// The register reported busy (with work of its own, or ours): not offered jobs.
  void register_busy(const register_id& id);
  /// The register lost its line: not offered jobs until it reports ready again.
  void register_offline(const register_id& id);
  /// The register left the farm. A job it runs still ends through job_finished.
  void remove_register(const register_id& id);

  // ---- jobs ----
  /// Throws std::invalid_argument for a job id already in the core (a shell bug).
  decisions submit(job_request request, time_point now);
  /// The register's run of the job ended. Stale reports (a job the register does not run)
  /// are ignored and return nothing. failure_kind::busy means the register refused it
  /// unstarted, running a job of its own (another front's): the register counts as busy
  /// until it reports ready, and the job goes back to its place as if never dispatched,
  /// its retry_count untouched: another register takes it, or it waits until its wait
  /// deadline and is answered as a job that found no free register.
  decisions job_finished(job_id job, const register_id& reg, jobs::failure_kind failure, time_point now);
  /// Answers `timeout` to every waiting job whose wait deadline is at or before now.
  decisions expire(time_point now);
  /// The earliest wait deadline of any waiting job (when the shell should call expire).
  std::optional<time_point> next_deadline() const;
  /// Stop taking work: every waiting job is answered shutting_down, later submits too, and
  /// failed running jobs are not retried. Running jobs still end through job_finished.
  decisions shut_down();

  // ---- questions ----
  ping_result ping(const ping_query& query) const;
  broker_stats stats() const;
  std::size_t waiting_count() const { return waiting_.size(); }
  std::size_t running_count() const { return running_.size(); }
  /// The job the register runs for the broker, if any.
  std::optional<job_id> running_on(const register_id& id) const;
  /// The suggested Retry-After for an overloaded answer, from the measured service time.
  std::chrono::seconds suggested_retry_after() const;

 private:
  using route = std::pair<std::string, std::string>;  // (INN, group)
  using arrival_seq = std::uint64_t;

  struct register_record {
    register_info info;
    register_availability availability = register_availability::offline;
    std::optional<job_id> running;
    bool removed = false;            // erase once its running job ends
    std::uint64_t ready_since = 0;   // order among ready registers: smaller = ready longer
  };

  struct job_entry {
    job_request request;
    route where;
    arrival_seq seq = 0;
    time_point wait_deadline{};
    unsigned retries_left = 0;
    std::set<register_id> tried;          // registers it failed on safely
    std::optional<register_id> last_reg;  // the last register that ran it (or refused it busy)
    /// The register of its latest safe failure: that failure answers the job when no other
    /// register takes it in time. Empty while it has failed nowhere (a busy refusal is none).
    std::optional<register_id> safe_failure_on;
    time_point dispatched_at{};
  };

  struct selection {
    std::optional<register_id> reg;
    std::optional<std::string> error;  // a condition failed to evaluate
  };

  static route route_of(const job_request& request);
  static std::vector<route> routes_of(const register_info& info);

  bool can_take_jobs(const register_record& r) const;
  void index_ready(register_record& r);
  void unindex_ready(const register_record& r);
  /// Whether the job may run on that register (not tried, conditions hold). Throws
  /// conditions::condition_error (or another std::exception) when a condition cannot be
  /// evaluated.
  bool serves(const job_entry& job, const register_record& r) const;
  selection choose_register(const job_entry& job) const;
  /// Gives the register the earliest waiting job it can serve, if any.
  void offer(register_record& r, time_point now, decisions& out);
  /// Places a job (new, retried, or refused busy) on a register now, or in its queue, or
  /// answers it.
  void place(job_entry job, time_point now, bool is_new, decisions& out);
  /// A job the register refused busy: back to its place, nothing counted against it.
  void requeue_refused_busy(job_entry job, time_point now, decisions& out);
  void start(job_entry job, register_record& r, time_point now, decisions& out);
  void enqueue(job_entry job);
  /// The queue a waiting job is in: its route's, or its target register's.
  std::map<arrival_seq, job_id>& queue_for(const job_entry& job);
  void drop_queue_if_empty(const job_entry& job);
  job_entry take_waiting(job_id id);
  void answer(final_answer a, decisions& out);
  bool has_registers_for(const job_entry& job) const;
  void note_service_time(std::chrono::milliseconds sample);

  broker_limits limits_;
  bool shutting_down_ = false;
  arrival_seq next_seq_ = 1;
  std::uint64_t next_ready_ = 1;
  std::chrono::milliseconds service_estimate_;

  std::map<register_id, register_record> registers_;
  std::set<std::string> inns_seen_;  // every INN a register has served since start
  std::map<route, std::map<std::uint64_t, register_id>> ready_;  // by ready_since
  std::unordered_map<job_id, job_entry> waiting_;
  std::map<route, std::map<arrival_seq, job_id>> queues_;
  std::map<register_id, std::map<arrival_seq, job_id>> targeted_;  // by target register
  std::set<std::pair<time_point, job_id>> deadlines_;
  std::unordered_map<job_id, job_entry> running_;
};

}  // namespace ws::broker
