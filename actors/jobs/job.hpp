#pragma once
// A job is what a register runs for one request (print a receipt, open a shift, read a
// document...), written as a sans-I/O script: no CAF, no Asio, no clock. The register
// actor owns the line and the host_link; it asks the job which command to send next,
// sends it with its answer timeout, and reports each link outcome back. This keeps the
// fiscal logic — above all "never print twice" — testable against the emulator's model
// without ports or actors.
//
// Contract between a job and its runner (the register actor):
//  - runner: while !finished(): step = next(); if step, send step->command via host_link
//    with step->answer_timeout and call on_outcome(outcome) when the link gives one;
//    if next() returns nullopt without finished(), the job waits for the line: the runner
//    reconnects and calls on_line_restored() (or on_deadline() when time is up).
//  - the runner calls on_deadline() once the request's deadline passes; the job must then
//    finish at once with the right failure (timeout, or outcome_unknown after a closing
//    command whose result could not be read back).
//  - after finished(), result() holds the answer; a job is used once.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "protocol/common/bytes.hpp"
#include "actors/jobs/job_result.hpp"
#include "actors/jobs/shift_policy.hpp"
#include "protocol/shtrih/commands_fn_status.hpp"
#include "protocol/shtrih/host_link.hpp"

namespace ws::jobs {

/// One command the job wants sent.
struct command_step {
  bytes command;                             ///< CMD + DATA
  std::chrono::milliseconds answer_timeout;  ///< from shtrih::answer_timeout(code)
  /// True for the command after which a fiscal document may exist (FF45h, 85h, FF4Ah,
  /// E0h/FF0Bh, 41h/FF43h, FF06h, FF34h, FF3Eh, FF38h...): a lost answer to it is uncertain.
  bool closes_document = false;
};

/// How a job failed, which decides what the caller may do next.
enum class failure_kind {
  none,             ///< success
  safe,             ///< nothing was printed: may be retried on another register
  wrong_state,      ///< the register's state forbids it (WrongKKTState), nothing printed
  outcome_unknown,  ///< closing command sent, result could not be read back before the deadline
  timeout,          ///< deadline passed before the closing command: nothing printed
  /// The register was running another job (another front's, or a stale view of this
  /// one's): nothing was sent. Not a failure of the request: the broker gives the job to
  /// another register, or waits, without using up its retry_count.
  busy,
};

struct job_failure {
  failure_kind kind = failure_kind::none;
  std::string message;                    ///< for people: what happened, in English
  std::optional<std::uint16_t> command;   ///< command that failed, if any
  std::optional<std::uint8_t> device_error;  ///< the device's error byte, if it answered one
  std::string device_error_text;          ///< its text (shtrih::describe_error)
  std::optional<std::uint32_t> document_to_check;  ///< outcome_unknown: FD number to look up
  /// Set when a condition of the client's request refused the job before anything was
  /// sent ("before"); the kind is then wrong_state.
  std::string refused_by_condition;
};

class job {
 public:
  virtual ~job() = default;
  virtual std::optional<command_step> next() = 0;
  virtual void on_outcome(const shtrih::link_outcome& outcome) = 0;
  virtual void on_line_restored() = 0;
  virtual void on_deadline() = 0;
  virtual bool finished() const = 0;
  /// Valid once finished(): failure().kind == none means success.
  virtual const job_failure& failure() const = 0;
  /// Valid after a successful finish: what the job made or read (monostate if nothing).
  virtual job_result result_data() const { return {}; }
  /// True when the device may be another one for the farm after this job (its FN wiped
  /// back to unfiscalised): the runner identifies it again before it takes new work.
  virtual bool reidentify_after() const { return false; }

  // What a register remembers between jobs about the shift in progress. A runner that
  // knows the current shift's opening passes it before the first next(); a job that
  // needs the shift's age (receipt_script) checks it against the device's shift number
  // and uses it instead of reading the FN archive. Other jobs ignore it.
  virtual void set_known_shift(const shift_opening& /*opening*/) {}
  /// The current shift's opening, if this job learnt it (from the archive, from the
  /// runner, or by opening the shift itself).
  virtual std::optional<shift_opening> known_shift() const { return std::nullopt; }

  /// The FN's status (FF01h) as this job left it, when the job knows it exactly without
  /// asking again; valid after a successful finish. A runner then skips the FF01h it
  /// reads after other jobs: one device command less per receipt.
  virtual std::optional<shtrih::fn_status_reply> fn_status_after() const { return std::nullopt; }
};

}  // namespace ws::jobs
