#include "http/server/outcome_resolver.hpp"

#include <iostream>
#include <vector>

#include "actors/jobs/document_match.hpp"
#include "http/receipt_request.hpp"
#include "http/receipt_response.hpp"
#include "http/server/document_answers.hpp"
#include "http/server/outcome_errors.hpp"
#include "protocol/ffd/tags.hpp"

namespace ws::http::server {

namespace {

constexpr std::size_t entries_per_pass = 200;
/// Documents read after the recorded one before leaving the entry to an operator.
constexpr std::uint32_t most_documents_per_entry = 8;

/// Whether `read` is the entry's document; its answer body in `answer` when it is.
bool is_entry_document(const journal::entry& entry, const jobs::document_read& read,
                       const actors::register_identity& identity, const std::string& public_url, std::string& answer) {
  const auto printed = printed_document_of(read, identity.fn_number);
  if (entry.kind == "correction") {
    const auto request = parse_correction_receipt_request(entry.request);
    if (!jobs::is_correction_of(request.content, read.document)) return false;
    answer = correction_answer(request.content.type, printed);
    return true;
  }
  const auto request = parse_receipt_request(entry.request);
  if (!jobs::is_receipt_of(request.content, request.calculated, read.document, &read.tlv)) return false;
  answer = write_receipt_response(
      request.content, request.calculated,
      receipt_fields_of(printed, identity.serial_number, identity.registration_number, public_url));
  return true;
}

}  // namespace

outcome_resolver::outcome_resolver(front_state& state, std::chrono::milliseconds interval)
    : state_(state), interval_(interval) {
  // Held before the front serves anything: a register with an entry to resolve gets no
  // new routed work even in the first moments after a restart.
  hold(serials_of(waiting_entries()));
  thread_ = std::thread([this] { run(); });
}

std::vector<journal::entry> outcome_resolver::waiting_entries() {
  std::vector<journal::entry> waiting;
  try {
    for (auto& entry : state_.receipts.store().unresolved(entries_per_pass))
      if (!state_.receipts.in_flight(entry.id)) waiting.push_back(std::move(entry));
  } catch (const std::exception&) {
    // No journal: nothing of it to resolve (receipts are refused meanwhile).
  }
  return waiting;
}

std::set<std::string> outcome_resolver::serials_of(const std::vector<journal::entry>& entries) {
  std::set<std::string> serials;
  for (const auto& entry : entries)
    if (!entry.kkt_sn.empty()) serials.insert(entry.kkt_sn);
  return serials;
}

void outcome_resolver::hold(const std::set<std::string>& serials) {
  if (told_broker_ && serials == held_) return;
  caf::anon_send(state_.farm.broker, actors::hold_atom::value, std::vector<std::string>(serials.begin(), serials.end()));
  held_ = serials;
  told_broker_ = true;
}

outcome_resolver::~outcome_resolver() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

bool outcome_resolver::stopping() {
  std::lock_guard<std::mutex> lock(mutex_);
  return stopping_;
}

void outcome_resolver::run() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    try {
      pass();
    } catch (const std::exception& e) {
      std::cerr << "whitespirit: resolving unknown outcomes: " << e.what() << std::endl;
    }
    lock.lock();
    wake_.wait_for(lock, interval_, [this] { return stopping_; });
  }
}

std::size_t outcome_resolver::pass() {
  const auto waiting = waiting_entries();
  hold(serials_of(waiting));
  std::size_t left = 0;
  for (const auto& entry : waiting) {
    if (stopping()) return waiting.size();
    if (resolve(entry) == verdict::cannot_tell_yet) ++left;
  }
  if (left < waiting.size()) hold(serials_of(waiting_entries()));  // release the resolved ones' registers
  return left;
}

outcome_resolver::verdict outcome_resolver::resolve(const journal::entry& entry) {
  // Entries of a journal older than the dispatched record name no document to start from.
  if (entry.kkt_sn.empty() || !entry.last_document) return verdict::cannot_tell_yet;
  const auto listing = ask_listing(state_.system, state_.farm.broker, entry.kkt_sn, std::chrono::seconds(2));
  if (!listing || listing->registers.empty() || !listing->registers.front().status) return verdict::cannot_tell_yet;
  const auto& status = *listing->registers.front().status;
  // Identified and idle: the last document number is the FN's (identification or the
  // refresh after the last job read it).
  if (status.state != actors::register_state::ready) return verdict::cannot_tell_yet;
  const auto& identity = status.identity;
  if (!entry.fn_number.empty() && identity.fn_number != entry.fn_number) return verdict::cannot_tell_yet;

  auto& store = state_.receipts.store();
  const auto first = *entry.last_document + 1;
  const auto last = identity.last_document_number;
  for (std::uint32_t number = first; number <= last; ++number) {
    // A receipt job makes at most a shift close, a shift open and its own document.
    if (number - first >= most_documents_per_entry) return verdict::cannot_tell_yet;
    actors::broker_result result;
    try {
      result = run_on_register(state_, entry.kkt_sn, jobs::read_document_order{number, true},
                               "resolve journal entry " + std::to_string(entry.id), std::chrono::milliseconds(5000));
    } catch (const api_exception&) {
      return verdict::cannot_tell_yet;  // logged by run_on_register; the next pass asks again
    }
    const auto& read = result_of<jobs::document_read>(result);
    const auto form = read.document.document_type;
    if (form == jobs::form::shift_open || form == jobs::form::shift_close) continue;  // the job's own reports
    std::string answer;
    if ((form == jobs::form::receipt || form == jobs::form::correction) &&
        is_entry_document(entry, read, identity, state_.public_url(), answer)) {
      store.printed(entry.id, 200, answer, entry.kkt_sn, read.document.document_number, read.document.fiscal_sign);
      state_.log.record(entry.kkt_sn, "resolve journal entry", 200,
                        "FD " + std::to_string(read.document.document_number) + " is this request's: printed");
      return verdict::printed;
    }
    break;  // another document where this one would be: it was not printed
  }
  const auto error = make_error(error_kind::device_error,
                                "not printed: register " + entry.kkt_sn + "'s FN has no document of this request after FD " +
                                    std::to_string(*entry.last_document) + " (read after the outcome was unknown)");
  store.failed_after_unknown(entry.id, error.status, write_api_error(error));
  state_.log.record(entry.kkt_sn, "resolve journal entry", error.status, error.message);
  return verdict::not_printed;
}

}  // namespace ws::http::server
