#pragma once
// The journal: every receipt and correction the front accepts, durable before any
// register sees it, with its Idempotency-Key (if the client sent one) and what became of
// it; and the audit trail of operations that change a register for good. SQLite in WAL
// mode with synchronous=FULL: a call that returns has its transaction on disk.
//
// No CAF, no HTTP: the front calls it from its handler threads. Group commit, leader and
// followers: a call that finds no transaction running runs every call waiting at that
// moment in one transaction on its own thread (no hand-off when there is no contention);
// calls that arrive meanwhile wait and go in the next one, so many handler threads share
// one fsync; the leader then wakes its batch's callers and hands the lead to the oldest
// call still waiting. Each call runs in its own savepoint (one that fails fails alone) and returns
// once its transaction is on disk. A failure to write throws
// journal_error: the caller refuses the request (503) rather than print without an entry.
//
// An entry's life: accepted -> printed | failed | unknown (| printed or failed once an
// unknown one is resolved). A key is held by its latest entry until that entry is failed
// (nothing was printed): then the key is free and the same key may be used again.

#include <chrono>
#include <cstdint>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <type_traits>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

struct sqlite3;

namespace ws::journal {

struct journal_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

enum class entry_state { accepted, printed, failed, unknown };

std::string to_string(entry_state state);
std::optional<entry_state> entry_state_from(const std::string& name);

using clock = std::chrono::system_clock;

/// What the front knows of a request when it accepts it.
struct new_entry {
  std::string scope;      ///< whose keys these are: the firm's INN (and the token, when tokens are used)
  std::string key;        ///< the client's Idempotency-Key; empty: none
  std::string body_hash;  ///< of the request body (a repeat must carry the same)
  std::string kind;       ///< "receipt" or "correction"
  std::string inn;
  std::string group;
  std::string kkt_sn;     ///< a correction names its register
};

struct entry {
  std::int64_t id = 0;
  std::string scope;
  std::string key;
  std::string body_hash;
  std::string kind;
  std::string inn;
  std::string group;
  clock::time_point accepted_at;
  clock::time_point updated_at;
  entry_state state = entry_state::accepted;
  bool key_held = true;    ///< false once the key was freed (failed: nothing printed)
  std::string kkt_sn;      ///< the register that printed, or to check
  std::optional<std::uint32_t> document_number;  ///< printed: its FD; unknown: the FD to check
  std::optional<std::uint32_t> fiscal_sign;
  int status = 0;          ///< the HTTP status answered (0: none yet)
  std::string answer;      ///< the whole JSON body answered
};

/// The result of claiming a key for a new request.
struct claim {
  bool created = false;         ///< a new entry was written (accepted); false: the key is held
  entry current;                ///< the new entry, or the one holding the key
};

class journal {
 public:
  /// Opens (creating it and its folder's file if needed) the journal at `path`.
  explicit journal(const std::string& path);
  ~journal();
  journal(const journal&) = delete;
  journal& operator=(const journal&) = delete;

  /// Writes a new accepted entry, unless the key (non-empty) is held in its scope by an
  /// entry that is not failed: then that entry is returned and nothing is written.
  claim accept(const new_entry& request);

  /// The request's answer: a document was printed (`status` 200, or 409 when `after`
  /// refused it: the document exists all the same).
  void printed(std::int64_t id, int status, const std::string& answer, const std::string& kkt_sn,
               std::uint32_t document_number, std::uint32_t fiscal_sign);
  /// Nothing was printed: the answer is kept and the key is freed.
  void failed(std::int64_t id, int status, const std::string& answer);
  /// The outcome is unknown: the register and the document to check.
  void unknown(std::int64_t id, int status, const std::string& answer, const std::string& kkt_sn,
               std::optional<std::uint32_t> document_to_check);

  /// The latest entry with that key in that scope.
  std::optional<entry> find(const std::string& scope, const std::string& key);
  /// Entries of a state (all when empty) accepted in [from, to), newest first, at most `limit`.
  std::vector<entry> list(std::optional<entry_state> state, clock::time_point from, clock::time_point to,
                          std::size_t limit);
  /// How many entries are in each state now (a state with none is absent).
  std::map<entry_state, std::size_t> count_by_state();
  /// Entries left accepted by an earlier run that ended before their answer (a crash):
  /// marked unknown, as nobody knows whether they printed. Returns how many.
  std::size_t orphans_to_unknown();
  /// Removes entries and audit records older than `before`; returns how many entries.
  std::size_t prune(clock::time_point before);

  /// The audit trail of operations that change a register for good.
  void audit(const std::string& kkt_sn, const std::string& operation, int status, const std::string& answer);
  struct audit_record {
    clock::time_point at;
    std::string kkt_sn;
    std::string operation;
    int status = 0;
    std::string answer;
  };
  std::vector<audit_record> audit_trail(std::size_t limit);

 private:
  void execute(const char* sql);

  struct task {
    std::function<void()> run;
    bool finished = false;
    std::exception_ptr error;
    /// Its own wake-up: a leader wakes only the callers of its batch and the next leader,
    /// not every waiting handler thread (a thousand of them at a thousand registers).
    std::condition_variable woken;
  };
  /// Runs `work` on the writer thread inside the next transaction and returns its result
  /// once that transaction is committed (its exception, or journal_error if the commit fails).
  template <class Work>
  auto in_batch(Work work) -> decltype(work()) {
    using result_type = decltype(work());
    task t;
    std::optional<std::conditional_t<std::is_void_v<result_type>, bool, result_type>> result;
    t.run = [&] {
      if constexpr (std::is_void_v<result_type>) {
        work();
        result = true;
      } else {
        result = work();
      }
    };
    commit(t);
    if (t.error) std::rethrow_exception(t.error);
    if constexpr (!std::is_void_v<result_type>) return std::move(*result);
  }
  /// Queues `t` and returns once a transaction that ran it ended (led by this thread or another).
  void commit(task& t);
  /// Runs `batch` in one transaction (the leader's work).
  void run_batch(const std::vector<task*>& batch);
  void finish(std::int64_t id, entry_state state, int status, const std::string& answer, const std::string& kkt_sn,
              std::optional<std::uint32_t> document_number, std::optional<std::uint32_t> fiscal_sign, bool free_key);

  sqlite3* db_ = nullptr;
  std::mutex queue_mutex_;
  std::vector<task*> queue_;
  bool leader_running_ = false;
};

/// The request body's SHA-256 (OpenSSL), in hex: a repeat must carry the same body.
std::string body_hash(const std::string& body);

}  // namespace ws::journal
