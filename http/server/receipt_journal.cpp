#include "http/server/receipt_journal.hpp"

#include <iostream>

namespace ws::http::server {

stored_answer answer_of(const api_error& error) {
  return stored_answer{error.status, write_api_error(error), error.retry_after_seconds};
}

api_error journal_refusal(const std::string& why) {
  auto error = make_error(error_kind::overloaded, "the journal cannot be written, so nothing is printed: " + why);
  error.retry_after_seconds = 5;
  return error;
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
  // Accepted but never dispatched: no register sent a command for it (dispatched is
  // committed before the first one), so nothing was printed and the key is free again.
  const auto stopped = make_error(error_kind::overloaded,
                                  "the server stopped before a register took this request: nothing was printed");
  if (const auto failed = store_->fail_undispatched(stopped.status, write_api_error(stopped)))
    std::cerr << "whitespirit: journal: " << failed
              << " request(s) of an earlier run never reached a register: failed, nothing printed" << std::endl;
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

api_error unresolved_error(const journal::entry& entry) {
  auto error = make_error(error_kind::outcome_unknown,
                          "the server stopped while register " + entry.kkt_sn +
                              " had this request; whether it printed is being read from its FN (the first document "
                              "after FD " + std::to_string(entry.last_document.value_or(0)) + "): ask again later");
  error.kkt_sn = entry.kkt_sn;
  error.retry_after_seconds = 5;
  return error;
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
  // Claims of one key go one at a time, so a repeat finds the first one registered as
  // running; claims of other keys (and requests without a key) commit side by side and
  // share the journal's group commits.
  const std::string claimed_key = request.key.empty() ? std::string{} : request.scope + '\n' + request.key;
  std::unique_lock<std::mutex> lock(mutex_);
  if (!claimed_key.empty()) {
    finished_.wait(lock, [&] { return claiming_.count(claimed_key) == 0; });
    claiming_.insert(claimed_key);
  }
  lock.unlock();
  try {
    claimed = entries.accept(request);
  } catch (const journal::journal_error& e) {
    lock.lock();
    claiming_.erase(claimed_key);
    finished_.notify_all();
    throw api_exception(journal_refusal(e.what()));
  }
  lock.lock();
  if (!claimed_key.empty()) {
    claiming_.erase(claimed_key);
    finished_.notify_all();
  }
  admission out;
  if (claimed.created) {
    running_[claimed.current.id] = std::make_shared<flight>();
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
    // A failure found out from the FN after an unknown answer: this repeat hears it, and
    // the key is free for the next one.
    if (holder.state == journal::entry_state::failed) entries.release_key(holder.id);
    out.replay = replay;
    return out;
  }
  // The first request with this key is still running here: wait for its answer.
  lock.lock();
  const auto running = running_.find(holder.id);
  const bool in_this_run = running != running_.end();
  if (in_this_run) {
    auto first = running->second;
    finished_.wait_for(lock, wait, [&] { return first->done; });
  }
  lock.unlock();
  if (auto again = entries.find(request.scope, request.key); again && again->id == holder.id) {
    out.replay = replay_of(*again);
    // Left dispatched by an earlier run: its register's FN will tell (the resolver).
    if (!out.replay && !in_this_run && again->state == journal::entry_state::dispatched)
      throw api_exception(unresolved_error(*again));
  }
  if (!out.replay) {
    auto error = make_error(error_kind::in_progress, "the request with Idempotency-Key '" + request.key +
                                                         "' is still running: ask again later with the same key");
    error.retry_after_seconds = 1;
    throw api_exception(error);
  }
  return out;
}

bool receipt_journal::in_flight(std::int64_t entry_id) {
  std::lock_guard<std::mutex> lock(mutex_);
  return running_.count(entry_id) != 0;
}

std::optional<std::string> receipt_journal::dispatched(std::int64_t entry_id, const actors::dispatch_record& where) {
  if (!store_) return open_error_;
  try {
    store_->dispatched(entry_id, where.serial_number, where.fn_number, where.last_document_number);
    return std::nullopt;
  } catch (const journal::journal_error& e) {
    std::cerr << "whitespirit: journal: could not record where entry " << entry_id << " went: " << e.what()
              << std::endl;
    return std::string(e.what());
  }
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
      case journal::entry_state::dispatched:
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
