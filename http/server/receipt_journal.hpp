#pragma once
// Receipts and corrections through the journal (journal/journal.hpp), with the
// Idempotency-Key semantics of the IETF httpapi draft, as the front applies them:
//
//  - the request is journaled (committed to disk) before any register sees it; if the
//    journal cannot be written the request is refused, 503, and nothing is printed;
//  - a repeat of a finished request (same key, same body, same scope) gets the same status
//    and body again with `Idempotent-Replayed: true`; no register is touched;
//  - an answer that says nothing was printed frees the key (the client may fix the cause
//    and try again with it); a DataError is never journaled (the same body gives the same
//    DataError again);
//  - a repeat while the first is still running waits for its answer within its own
//    limit, then gets it as a replay; past the limit, 409 InProgress with Retry-After;
//  - the same key with another body: 422 IdempotencyKeyReused, naming the key;
//  - keys are scoped per firm INN (and API token): one client never reads another's.
//
// An entry whose outcome was unknown is answered 500 OutcomeUnknown again (still
// unresolved): the document to check is in it.

#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>

#include "actors/farm_messages.hpp"
#include "http/server/api_error.hpp"
#include "journal/journal.hpp"

namespace ws::http::server {

/// What the front answered, as it is kept and replayed.
struct stored_answer {
  int status = 200;
  std::string body;
  std::optional<int> retry_after_seconds;
};

/// What became of a request, for its journal entry.
struct request_outcome {
  stored_answer answer;
  journal::entry_state state = journal::entry_state::failed;
  std::string kkt_sn;
  std::optional<std::uint32_t> document_number;  ///< printed, or the one to check
  std::uint32_t fiscal_sign = 0;
};

/// 503: the journal cannot be written (`why`), so nothing is printed.
api_error journal_refusal(const std::string& why);

/// 500 OutcomeUnknown for an entry an earlier run left dispatched, until it is resolved.
api_error unresolved_error(const journal::entry& entry);

/// An error answer as the front sends it.
stored_answer answer_of(const api_error& error);
/// The state an error answer leaves: unknown for OutcomeUnknown, printed for a false
/// `after` (the document exists), failed (nothing printed) for everything else.
journal::entry_state state_of(const api_error& error);

class receipt_journal {
 public:
  /// Opens the journal at `path`. Entries older than `retention` are pruned in the
  /// background, once at start and then every hour; entries left accepted by a run that
  /// crashed become unknown at once. A journal that cannot be opened does not stop the
  /// server: every receipt and correction is then refused (503, saying why).
  receipt_journal(const std::string& path, std::chrono::hours retention);
  ~receipt_journal();
  receipt_journal(const receipt_journal&) = delete;
  receipt_journal& operator=(const receipt_journal&) = delete;

  /// Either a new entry to run (entry_id), or the answer to replay.
  struct admission {
    std::optional<std::int64_t> entry_id;
    std::optional<stored_answer> replay;
  };
  /// Journals the request, or finds its key's holder. `wait` bounds how long a repeat
  /// waits for a first request still running. Throws api_exception: 503 when the journal
  /// cannot be written, 422 for a key reused with another body, 409 InProgress.
  admission admit(const journal::new_entry& request, std::chrono::milliseconds wait);

  /// Records where an admitted request went, before its register sends anything; the
  /// journal's error when it could not be written (the register then sends nothing).
  std::optional<std::string> dispatched(std::int64_t entry_id, const actors::dispatch_record& where);

  /// Records what became of an admitted request and wakes its repeats. A journal that
  /// cannot be written now does not change the answer (the register already acted).
  void record(std::int64_t entry_id, const request_outcome& outcome);

  /// Whether the entry's request is running in this process now.
  bool in_flight(std::int64_t entry_id);

  /// The journal; throws api_exception 503 when it could not be opened.
  journal::journal& store();

 private:
  struct flight {
    bool done = false;
  };
  std::optional<stored_answer> replay_of(const journal::entry& entry) const;

  void prune_until_stopped(std::chrono::hours retention);

  std::unique_ptr<journal::journal> store_;  ///< null when it could not be opened
  std::string open_error_;
  std::mutex mutex_;
  std::condition_variable finished_;
  std::map<std::int64_t, std::shared_ptr<flight>> running_;
  std::set<std::string> claiming_;  ///< scope + key of the claims being committed now
  bool stopping_ = false;
  std::condition_variable stop_;
  std::thread pruner_;
};

}  // namespace ws::http::server
