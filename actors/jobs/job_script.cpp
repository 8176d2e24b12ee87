#include "actors/jobs/job_script.hpp"

#include <algorithm>

#include <sstream>

namespace ws::jobs {
namespace {

std::string hex_code(shtrih::command_code code) {
  std::ostringstream out;
  out << std::hex << std::uppercase << code.value() << 'h';
  return out.str();
}

}  // namespace

std::optional<command_step> job_script::next() {
  if (finished_) return std::nullopt;
  if (!started_) {
    started_ = true;
    start();
  }
  if (!pending_ || in_flight_) return std::nullopt;
  in_flight_ = true;
  return pending_;
}

namespace {

/// Questions that neither print nor write to the FN (status, FN data, archive reads) are
/// answered by a device in well under a second. The vendor table's 10 s for them only
/// makes a rebooted or silent device cost 10 s per question (the link waits the whole
/// answer timeout before asking again), so they get 3 s; every other command keeps the
/// table's time, since printing or signing may really take that long.
constexpr std::chrono::milliseconds question_answer_timeout{3000};

bool is_question(shtrih::command_code code) {
  switch (code.value()) {
    case 0xFC:    // device type
    case 0x10:    // short status
    case 0x11:    // full status
    case 0xFF01:  // FN status
    case 0xFF02:  // FN number
    case 0xFF03:  // FN expiry
    case 0xFF04:  // FN version
    case 0xFF0A:  // find document
    case 0xFF39:  // OFD exchange status
    case 0xFF3A:  // begin reading a document as TLV
    case 0xFF3B:  // next TLV block
    case 0xFF3C:  // OFD ticket
    case 0xFF3F:  // unticketed documents
    case 0xFF40:  // current shift parameters
      return true;
    default: return false;
  }
}

}  // namespace

std::chrono::milliseconds job_answer_timeout(shtrih::command_code code) {
  if (is_question(code)) return std::min(question_answer_timeout, shtrih::answer_timeout(code));
  return shtrih::answer_timeout(code);
}

void job_script::send_raw(bytes command, bool closes_document, outcome_handler handler) {
  const auto code = shtrih::command_code::peek(command);
  pending_ = command_step{std::move(command), job_answer_timeout(code), closes_document};
  in_flight_ = false;
  handler_ = std::move(handler);
}

void job_script::on_outcome(const shtrih::link_outcome& outcome) {
  if (finished_ || !in_flight_) return;
  // The handler usually queues the next command, replacing pending_ and handler_.
  outcome_handler handler = std::move(handler_);
  pending_.reset();
  in_flight_ = false;
  handler(outcome);
}

void job_script::succeed() { finish(job_failure{}); }

void job_script::fail(job_failure failure) { finish(std::move(failure)); }

void job_script::document_signed() {
  document_signed_ = true;
  phase_ = phase::settling;
  settle_result_ = job_failure{};
}

void job_script::finish(job_failure failure) {
  // Once the document exists, nothing that happens afterwards can make it a failure.
  failure_ = document_signed_ ? job_failure{} : std::move(failure);
  finished_ = true;
  phase_ = phase::done;
  pending_.reset();
  handler_ = nullptr;
}

void job_script::fail_safe(std::string message, std::optional<std::uint16_t> command) {
  job_failure f;
  f.kind = failure_kind::safe;
  f.message = std::move(message);
  f.command = command;
  fail(std::move(f));
}

void job_script::fail_wrong_state(std::string message, std::optional<std::uint16_t> command) {
  job_failure f;
  f.kind = failure_kind::wrong_state;
  f.message = std::move(message);
  f.command = command;
  fail(std::move(f));
}

void job_script::fail_device(const shtrih::reply_error& error) {
  job_failure f;
  f.kind = shtrih::is_state_error(error.code, error.error) ? failure_kind::wrong_state : failure_kind::safe;
  f.command = error.code.value();
  f.device_error = error.error;
  f.device_error_text = shtrih::describe_error(error.code, error.error);
  f.message = "the register refused " + hex_code(error.code) + ": " + f.device_error_text;
  fail_after_cleanup(std::move(f));
}

void job_script::fail_link(shtrih::command_code code, const shtrih::link_outcome& outcome) {
  job_failure f;
  f.kind = failure_kind::safe;
  f.command = code.value();
  f.message = outcome.what == shtrih::link_outcome::kind::not_delivered
                  ? "the register did not take command " + hex_code(code)
                  : "no reply to command " + hex_code(code);
  fail_after_cleanup(std::move(f));
}

void job_script::fail_bad_reply(shtrih::command_code code, const std::string& what) {
  job_failure f;
  f.kind = failure_kind::safe;
  f.command = code.value();
  f.message = "malformed reply to " + hex_code(code) + ": " + what;
  fail_after_cleanup(std::move(f));
}

void job_script::fail_after_cleanup(job_failure failure) {
  if (document_signed_) return finish(job_failure{});
  phase_ = phase::settling;
  settle_result_ = std::move(failure);
  cleanup_then([this] {
    if (!finished_) finish(settle_result_);
  });
}

void job_script::on_deadline() {
  if (finished_) return;
  switch (phase_) {
    case phase::preparing: {
      job_failure f;
      f.kind = failure_kind::timeout;
      f.message = "the deadline passed before the register was asked to sign anything";
      return finish(std::move(f));
    }
    case phase::closing:
    case phase::waiting_line:
    case phase::resolving:
      return finish(outcome_unknown_failure());
    case phase::settling:
    case phase::done:
      return finish(settle_result_);
  }
}

void job_script::on_line_restored() {
  if (finished_ || phase_ != phase::waiting_line) return;
  resolve();
}

}  // namespace ws::jobs
