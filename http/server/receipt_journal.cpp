#include "http/server/receipt_journal.hpp"

#include <iostream>

namespace ws::http::server {

stored_answer answer_of(const api_error& error) {
  return stored_answer{error.status, write_api_error(error), error.retry_after_seconds};
}

journal::entry_state state_of(const api_error& error) {
  if (error.kind == error_kind::outcome_unknown) return journal::entry_state::unknown;
  if (error.kind == error_kind::condition_failed && !error.document_json.empty()) return journal::entry_state::printed;
  return journal::entry_state::failed;
}

receipt_journal::receipt_journal(const std::string& path, std::chrono::hours retention) {
  try {
    store_ = std::make_unique<journal::journal>(path);
  } catch (const journal::journal_error& e) {
    open_error_ = e.what();
    std::cerr << "whitespirit: " << open_error_ << ": receipts and corrections are refused (503)" << std::endl;
    return;
  }
  if (const auto orphans = store_->orphans_to_unknown())
    std::cerr << "whitespirit: journal: " << orphans
              << " request(s) of an earlier run ended without an answer: marked unknown (GET /v1/receipts?state=unknown)"
              << std::endl;
  pruner_ = std::thread([this, retention] { prune_until_stopped(retention); });
}

journal::journal& receipt_journal::store() {
  if (!store_) {
    auto error = make_error(error_kind::overloaded, "the journal cannot be used, so nothing is printed: " + open_error_);
    error.retry_after_seconds = 60;
    throw api_exception(error);
  }
  return *store_;
}

receipt_journal::~receipt_journal() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  stop_.notify_all();
  if (pruner_.joinable()) pruner_.join();
}

void receipt_journal::prune_until_stopped(std::chrono::hours retention) {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    try {
      store_->prune(journal::clock::now() - retention);
    } catch (const journal::journal_error& e) {
      std::cerr << "whitespirit: journal: pruning failed: " << e.what() << std::endl;
    }
    lock.lock();
    stop_.wait_for(lock, std::chrono::hours(1), [this] { return stopping_; });
  }
}

std::optional<stored_answer> receipt_journal::replay_of(const journal::entry& entry) const {
  if (entry.state == journal::entry_state::accepted || entry.status == 0) return std::nullopt;
  stored_answer answer;
  answer.status = entry.status;
  answer.body = entry.answer;
  return answer;
}

receipt_journal::admission receipt_journal::admit(const journal::new_entry& request, std::chrono::milliseconds wait) {
  journal::claim claimed;
  auto& entries = store();
  std::unique_lock<std::mutex> lock(mutex_);  // a repeat must find the first one running
  try {
    claimed = entries.accept(request);
  } catch (const journal::journal_error& e) {
    auto error = make_error(error_kind::overloaded,
                            std::string("the journal cannot be written, so nothing is printed: ") + e.what());
    error.retry_after_seconds = 5;
    throw api_exception(error);
  }
  admission out;
  if (claimed.created) {
    running_[claimed.current.id] = std::make_shared<in_flight>();
    out.entry_id = claimed.current.id;
    return out;
  }
  lock.unlock();
  const auto& holder = claimed.current;
  if (holder.body_hash != request.body_hash) {
    auto error = make_error(error_kind::key_reused, "Idempotency-Key '" + request.key +
                                                        "' was used for another request body: nothing was done");
    error.field = "Idempotency-Key";
    throw api_exception(error);
  }
  if (auto replay = replay_of(holder)) {
    out.replay = replay;
    return out;
  }
  // The first request with this key is still running here: wait for its answer.
  lock.lock();
  if (const auto it = running_.find(holder.id); it != running_.end()) {
    auto flight = it->second;
    finished_.wait_for(lock, wait, [&] { return flight->done; });
  }
  lock.unlock();
  if (auto again = entries.find(request.scope, request.key); again && again->id == holder.id)
    out.replay = replay_of(*again);
  if (!out.replay) {
    auto error = make_error(error_kind::in_progress, "the request with Idempotency-Key '" + request.key +
                                                         "' is still running: ask again later with the same key");
    error.retry_after_seconds = 1;
    throw api_exception(error);
  }
  return out;
}

void receipt_journal::record(std::int64_t entry_id, const request_outcome& outcome) {
  if (!store_) return;  // admit() refused everything: nothing to record
  try {
    switch (outcome.state) {
      case journal::entry_state::printed:
        store_->printed(entry_id, outcome.answer.status, outcome.answer.body, outcome.kkt_sn,
                        outcome.document_number.value_or(0), outcome.fiscal_sign);
        break;
      case journal::entry_state::unknown:
        store_->unknown(entry_id, outcome.answer.status, outcome.answer.body, outcome.kkt_sn, outcome.document_number);
        break;
      case journal::entry_state::accepted:
      case journal::entry_state::failed:
        store_->failed(entry_id, outcome.answer.status, outcome.answer.body);
        break;
    }
  } catch (const journal::journal_error& e) {
    std::cerr << "whitespirit: journal: could not record entry " << entry_id << ": " << e.what() << std::endl;
  }
  std::lock_guard<std::mutex> lock(mutex_);
  if (auto it = running_.find(entry_id); it != running_.end()) {
    it->second->done = true;
    running_.erase(it);
  }
  finished_.notify_all();
}

}  // namespace ws::http::server
