#pragma once
// The journal: every receipt and correction the front accepts, durable before any
// register sees it, with its Idempotency-Key (if the client sent one) and what became of
// it; and the audit trail of operations that change a register for good. SQLite in WAL
// mode with synchronous=FULL: a call that returns has its transaction on disk.
//
// No CAF, no HTTP: the front calls it from its handler threads. Group commit on one
// writer thread: it runs every call queued at that moment in one transaction, so many
// handler threads share one fsync; calls that arrive meanwhile go in the next one. Each
// call runs in its own savepoint (one that fails fails alone). A waited-for call returns
// once its transaction is on disk, and a failure to write throws journal_error: the
// caller refuses the request (503) rather than print without an entry. Two writes are not
// waited for, because nothing depends on their being on disk first: an entry without a key
// (no repeat can look for it before its `dispatched`, which is waited for and goes in the
// same or a later transaction), and an outcome (a run killed before it is on disk leaves
// the entry dispatched, and the FN tells what became of it). Such writes wait up to
// lazy_write_delay for a waited-for call and share its transaction, so they cost no
// wake-up and no fsync of their own. Calls are run in the order they were made, so a read
// sees every write made before it.
//
// An entry's life: accepted -> dispatched -> printed | failed | unknown (a dispatched or
// unknown one becomes printed or failed once it is resolved from its register's FN). An
// entry still accepted when the program starts never reached a register (dispatched is
// committed before the register sends its first command): it is failed, nothing printed. A key is held by its latest entry until that entry is failed
// (nothing was printed): then the key is free and the same key may be used again.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <type_traits>
#include <unordered_map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace ws::journal {

struct journal_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

enum class entry_state { accepted, dispatched, printed, failed, unknown };

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
  std::string request;    ///< the request body, to compare with a document when resolving
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
  std::string request;     ///< the request body
  std::string fn_number;   ///< dispatched: the FN of kkt_sn
  /// dispatched: the FN's last document before the job; its document, if printed, is the
  /// first receipt or correction after this one.
  std::optional<std::uint32_t> last_document;
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
  /// entry that is not failed: then that entry is returned and nothing is written. With
  /// a key it returns once on disk (or throws); without one at once (see above).
  claim accept(const new_entry& request);

  /// The register that takes the request, before it sends anything: its FN and the FN's
  /// last document number at that moment.
  void dispatched(std::int64_t id, const std::string& kkt_sn, const std::string& fn_number,
                  std::uint32_t last_document);

  /// The three outcomes below return at once; their writes follow in order (see above).
  /// The request's answer: a document was printed (`status` 200, or 409 when `after`
  /// refused it: the document exists all the same).
  void printed(std::int64_t id, int status, const std::string& answer, const std::string& kkt_sn,
               std::uint32_t document_number, std::uint32_t fiscal_sign);
  /// Nothing was printed: the answer is kept and the key is freed.
  void failed(std::int64_t id, int status, const std::string& answer);
  /// Nothing was printed, found out after the client's answer said the outcome was unknown:
  /// the key stays held so that the client's next repeat is answered this, not run again;
  /// release_key() then frees it.
  void failed_after_unknown(std::int64_t id, int status, const std::string& answer);
  void release_key(std::int64_t id);
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
  /// Entries an earlier run left accepted (it ended before any register took them):
  /// failed with `status` and `answer`, their keys freed. Returns how many.
  std::size_t fail_undispatched(int status, const std::string& answer);
  /// Entries whose outcome is to be read from their register's FN (dispatched or unknown),
  /// oldest first.
  std::vector<entry> unresolved(std::size_t limit);
  /// Removes entries and audit records older than `before`; returns how many entries.
  std::size_t prune(clock::time_point before);

  /// A fiscal document as its FN keeps it: its form code and TLV body (what FF3Ah/FF3Bh
  /// read), and the register it was read from.
  struct kept_document {
    std::string kkt_sn;
    std::uint16_t form = 0;
    std::vector<std::uint8_t> body;
  };
  /// Keeps a document read from an FN, so that it is not read again (the receipt page).
  /// Returns at once; the write follows with the next transaction. Pruned like entries.
  void keep_document(const std::string& fn_number, std::uint32_t fd_number, const kept_document& document);
  /// The document kept for that FN and FD number, if any.
  std::optional<kept_document> kept(const std::string& fn_number, std::uint32_t fd_number);

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
  void add_missing_columns();

  struct task {
    std::function<void()> run;
    bool finished = false;
    std::exception_ptr error;
    std::condition_variable woken;  ///< the caller waiting for it (none for a write not waited for)
    const char* what = nullptr;     ///< a write not waited for: named in the log if it fails
  };
  /// Runs `work` on the writer thread inside the next transaction and returns its result
  /// once that transaction is committed (its exception, or journal_error if the commit fails).
  template <class Work>
  auto in_batch(Work work) -> decltype(work()) {
    using result_type = decltype(work());
    auto t = std::make_shared<task>();
    std::optional<std::conditional_t<std::is_void_v<result_type>, bool, result_type>> result;
    t->run = [&] {
      if constexpr (std::is_void_v<result_type>) {
        work();
        result = true;
      } else {
        result = work();
      }
    };
    commit(t);
    if (t->error) std::rethrow_exception(t->error);
    if constexpr (!std::is_void_v<result_type>) return std::move(*result);
  }
  /// Queues `t` and returns once the transaction that ran it ended.
  void commit(const std::shared_ptr<task>& t);
  /// How long a write nobody waits for may wait for a waited-for call to share its commit.
  static constexpr std::chrono::milliseconds lazy_write_delay{20};
  /// Queues `work` (which owns what it needs) for the next transaction and returns at once.
  void commit_later(const char* what, std::function<void()> work);
  /// The writer thread: transactions of whatever is queued, until stopped and drained.
  void write_until_stopped();
  /// Runs `batch` in one transaction.
  void run_batch(const std::vector<std::shared_ptr<task>>& batch);
  void finish(std::int64_t id, entry_state state, int status, const std::string& answer, const std::string& kkt_sn,
              std::optional<std::uint32_t> document_number, std::optional<std::uint32_t> fiscal_sign, bool free_key);

  /// The statement for `sql`, prepared once and kept: parsing SQL is most of a small
  /// statement's cost. Only the leader touches the database, so no lock of its own.
  sqlite3_stmt* prepared(const std::string& sql);
  /// Runs one cached statement that returns no rows (BEGIN, SAVEPOINT, COMMIT...); false on error.
  bool run_control(const char* sql);

  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, sqlite3_stmt*> prepared_;
  std::atomic<std::int64_t> last_id_{0};  ///< entry ids are given here, so a write not waited for has one at once
  std::mutex queue_mutex_;
  std::condition_variable queued_;
  std::vector<std::shared_ptr<task>> queue_;
  bool waited_for_ = false;  ///< the queue holds a call whose caller waits for its commit
  bool stopping_ = false;
  std::thread writer_;
};

/// The request body's SHA-256 (OpenSSL), in hex: a repeat must carry the same body.
std::string body_hash(const std::string& body);

}  // namespace ws::journal
