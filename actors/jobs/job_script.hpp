#pragma once
// The machinery every register job shares: one command in flight at a time, each with a
// continuation that runs when its outcome comes, and the failure rules of the farm.
//
// A job derived from job_script writes its steps as a chain: ask<Reply>(request, then)
// sends the request and, when the device answers ERR = 0, calls `then` with the decoded
// reply. Anything else ends the job before any fiscal document exists: a device error is
// a `safe` failure (or `wrong_state` for a state error) carrying the error and its text; a
// lost or unanswered command is `safe` too. The deadline before a fiscal document is at
// stake is a `timeout`.
//
// The closing command of a fiscal document goes through close_document() instead, which
// holds the "never print twice" logic (job_script_closing.cpp): it remembers the FN's last
// document number, and when the closing command's result is unknown it waits for the
// line, reads the FN's last document back and decides whether THIS document exists.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>

#include "actors/jobs/archived_document.hpp"
#include "actors/jobs/job.hpp"
#include "protocol/shtrih/commands.hpp"

namespace ws::jobs {

/// What a closing command should have produced, to recognise it in the FN archive.
struct expected_document {
  std::uint8_t document_type = 0;  ///< FFD form code of FF0Ah (3 receipt, 2 shift open...)
  /// Extra check of the archived fields (receipt: settlement sign and total); empty = any.
  std::function<bool(const archived_document&)> matches;
};

/// The answer timeout a job gives `code`: the vendor table's (shtrih::answer_timeout),
/// but 3 s for questions that neither print nor write to the FN (status, FN data,
/// archive reads), so a rebooted or silent device is noticed sooner.
std::chrono::milliseconds job_answer_timeout(shtrih::command_code code);

class job_script : public job {
 public:
  std::optional<command_step> next() override;
  void on_outcome(const shtrih::link_outcome& outcome) override;
  void on_line_restored() override;
  void on_deadline() override;
  bool finished() const override { return finished_; }
  const job_failure& failure() const override { return failure_; }

 protected:
  using outcome_handler = std::function<void(const shtrih::link_outcome&)>;
  using error_handler = std::function<void(const shtrih::reply_error&)>;

  /// The job's first step; called on the first next().
  virtual void start() = 0;

  /// Sends `command` and hands its outcome, whatever it is, to `handler`.
  void send_raw(bytes command, bool closes_document, outcome_handler handler);

  /// Sends `request`; on ERR = 0 calls `then(reply)`, on a device error calls
  /// `on_error`, on a lost command fails safe.
  template <class Reply, class Request, class Then, class OnError>
  void ask(const Request& request, Then then, OnError on_error) {
    const shtrih::command_code code = Request::code;
    send_raw(request.encode(), false,
             [this, code, then = std::move(then), on_error = std::move(on_error)](const shtrih::link_outcome& o) {
               if (o.what != shtrih::link_outcome::kind::reply) return fail_link(code, o);
               std::optional<shtrih::decoded_reply<Reply>> decoded = decode_or_fail<Reply>(code, o.reply);
               if (!decoded) return;
               if (decoded->ok()) return then(*decoded->value);
               on_error(decoded->header);
             });
  }
  /// As above; a device error fails the job (safe, or wrong_state for a state error).
  template <class Reply, class Request, class Then>
  void ask(const Request& request, Then then) {
    ask<Reply>(request, std::move(then), [this](const shtrih::reply_error& e) { fail_device(e); });
  }
  /// Sends `request` and goes on to `then` whatever the outcome (best-effort steps such
  /// as cancelling a receipt during cleanup).
  template <class Request>
  void ask_ignoring(const Request& request, std::function<void()> then) {
    send_raw(request.encode(), false, [then = std::move(then)](const shtrih::link_outcome&) { then(); });
  }

  /// The closing command of a fiscal document. `last_document_before` is the FN's last
  /// document number read (FF01h) before it. On a clean reply, `on_signed(reply)`; when
  /// the outcome was uncertain and the document is found in the archive,
  /// `on_recovered(document)` records it and the job then succeeds by itself (after B0h
  /// if the device waits for it). `on_signed` must end the job (succeed()). When it certainly does not exist, `cleanup` runs (e.g.
  /// cancel the open receipt) and the job fails safe.
  void close_document(bytes command, std::uint32_t last_document_before, expected_document expect,
                      std::function<void(const bytes& reply)> on_signed,
                      std::function<void(const archived_document&)> on_recovered);
  /// Best-effort steps once a document exists (e.g. reading its details back), run
  /// before the job succeeds on the recovered path; jobs call it on the signed path too.
  virtual void details_then(std::uint32_t /*document_number*/, std::function<void()> done) { done(); }
  /// Steps to run before a safe failure once the document is known not to exist.
  virtual void cleanup_then(std::function<void()> done) { done(); }

  /// Ends the job.
  void succeed();
  void fail(job_failure failure);
  void fail_safe(std::string message, std::optional<std::uint16_t> command = std::nullopt);
  void fail_wrong_state(std::string message, std::optional<std::uint16_t> command = std::nullopt);
  /// A device error reply: wrong_state for state errors, safe otherwise.
  void fail_device(const shtrih::reply_error& error);
  void fail_link(shtrih::command_code code, const shtrih::link_outcome& outcome);
  /// Runs `cleanup_then` and then fails with `failure` (nothing fiscal at stake any more:
  /// the deadline or a lost line only cut the cleanup short).
  void fail_after_cleanup(job_failure failure);

  /// The document exists (signed or found in the archive): from here on the job can only
  /// succeed; later steps (continue printing, reading details back) are best-effort.
  void document_signed();

  /// True once the closing command has been sent (for subclasses' messages).
  bool closing_sent() const { return phase_ == phase::closing || phase_ == phase::resolving; }

 private:
  enum class phase { preparing, closing, waiting_line, resolving, settling, done };

  template <class Reply>
  std::optional<shtrih::decoded_reply<Reply>> decode_or_fail(shtrih::command_code code, const bytes& reply) {
    try {
      return shtrih::decode_reply<Reply>(reply);
    } catch (const std::exception& e) {
      fail_bad_reply(code, e.what());
      return std::nullopt;
    }
  }
  void fail_bad_reply(shtrih::command_code code, const std::string& what);
  void finish(job_failure failure);

  // never-twice resolution (job_script_closing.cpp)
  void on_closing_outcome(const shtrih::link_outcome& outcome);
  void resolve();
  void check_archive(std::uint32_t number, std::uint32_t last);
  void recovered(const archived_document& doc);
  void not_printed(std::string why);
  void wait_for_line();
  job_failure outcome_unknown_failure() const;

  bool started_ = false;
  bool finished_ = false;
  job_failure failure_;
  phase phase_ = phase::preparing;

  std::optional<command_step> pending_;  ///< step to hand out on next()
  bool in_flight_ = false;
  outcome_handler handler_;

  // the document being closed
  shtrih::command_code closing_code_;
  std::uint32_t last_before_ = 0;
  expected_document expect_;
  std::function<void(const bytes&)> on_signed_;
  std::function<void(const archived_document&)> on_recovered_;
  std::optional<std::uint8_t> closing_error_;  ///< the uncertain error reply, if any
  job_failure settle_result_;                  ///< what settling ends with
  bool document_signed_ = false;
};

}  // namespace ws::jobs
