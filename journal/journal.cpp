#include "journal/journal.hpp"

#include <sqlite3.h>

#include <openssl/evp.h>

#include <cstdio>
#include <filesystem>
#include <map>
#include <set>

namespace ws::journal {

namespace {

std::int64_t millis(clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

clock::time_point from_millis(std::int64_t ms) { return clock::time_point(std::chrono::milliseconds(ms)); }

/// One use of a cached prepared statement: reset and unbound on every path, ready for the next.
class statement {
 public:
  statement(sqlite3* db, sqlite3_stmt* prepared) : db_(db), stmt_(prepared) {}
  ~statement() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  statement(const statement&) = delete;
  statement& operator=(const statement&) = delete;

  statement& bind(int index, const std::string& text) {
    check(sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT));
    return *this;
  }
  statement& bind(int index, std::int64_t number) {
    check(sqlite3_bind_int64(stmt_, index, number));
    return *this;
  }
  statement& bind(int index, const std::vector<std::uint8_t>& blob) {
    check(sqlite3_bind_blob(stmt_, index, blob.data(), static_cast<int>(blob.size()), SQLITE_TRANSIENT));
    return *this;
  }
  statement& bind(int index, std::optional<std::uint32_t> number) {
    check(number ? sqlite3_bind_int64(stmt_, index, *number) : sqlite3_bind_null(stmt_, index));
    return *this;
  }
  /// True while there is a row.
  bool step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw journal_error(std::string("journal: cannot write or read: ") + sqlite3_errmsg(db_));
  }
  std::string text(int column) const {
    const auto* p = sqlite3_column_text(stmt_, column);
    return p ? std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)))
             : std::string{};
  }
  std::vector<std::uint8_t> blob(int column) const {
    const auto* p = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt_, column));
    return p ? std::vector<std::uint8_t>(p, p + sqlite3_column_bytes(stmt_, column)) : std::vector<std::uint8_t>{};
  }
  std::int64_t number(int column) const { return sqlite3_column_int64(stmt_, column); }
  std::optional<std::uint32_t> optional_number(int column) const {
    if (sqlite3_column_type(stmt_, column) == SQLITE_NULL) return std::nullopt;
    return static_cast<std::uint32_t>(sqlite3_column_int64(stmt_, column));
  }

 private:
  void check(int rc) {
    if (rc != SQLITE_OK) throw journal_error(std::string("journal: cannot bind: ") + sqlite3_errmsg(db_));
  }
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

constexpr const char* entry_columns =
    "id, scope, key, body_hash, kind, inn, grp, accepted_at, updated_at, state, key_held, kkt_sn, document_number, "
    "fiscal_sign, status, answer, request, fn_number, last_document";

entry entry_of(const statement& row) {
  entry e;
  e.id = row.number(0);
  e.scope = row.text(1);
  e.key = row.text(2);
  e.body_hash = row.text(3);
  e.kind = row.text(4);
  e.inn = row.text(5);
  e.group = row.text(6);
  e.accepted_at = from_millis(row.number(7));
  e.updated_at = from_millis(row.number(8));
  e.state = entry_state_from(row.text(9)).value_or(entry_state::unknown);
  e.key_held = row.number(10) != 0;
  e.kkt_sn = row.text(11);
  e.document_number = row.optional_number(12);
  e.fiscal_sign = row.optional_number(13);
  e.status = static_cast<int>(row.number(14));
  e.answer = row.text(15);
  e.request = row.text(16);
  e.fn_number = row.text(17);
  e.last_document = row.optional_number(18);
  return e;
}

}  // namespace

std::string to_string(entry_state state) {
  switch (state) {
    case entry_state::accepted: return "accepted";
    case entry_state::dispatched: return "dispatched";
    case entry_state::printed: return "printed";
    case entry_state::failed: return "failed";
    case entry_state::unknown: return "unknown";
  }
  return "unknown";
}

std::optional<entry_state> entry_state_from(const std::string& name) {
  for (auto state : {entry_state::accepted, entry_state::dispatched, entry_state::printed, entry_state::failed, entry_state::unknown})
    if (to_string(state) == name) return state;
  return std::nullopt;
}

journal::journal(const std::string& path) {
  if (path != ":memory:") {
    std::error_code ignored;  // a folder that cannot be made shows as the open's error below
    const auto folder = std::filesystem::path(path).parent_path();
    if (!folder.empty()) std::filesystem::create_directories(folder, ignored);
  }
  if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nullptr) !=
      SQLITE_OK) {
    const std::string why = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    db_ = nullptr;
    throw journal_error("journal " + path + ": cannot open: " + why);
  }
  try {
    sqlite3_busy_timeout(db_, 5000);
    // WAL: readers never block the writer; synchronous=FULL: a commit that returned is on
    // disk (fsync of the WAL), which is the whole point of journaling before printing.
    execute("PRAGMA journal_mode=WAL");
    execute("PRAGMA synchronous=FULL");
    execute(
        "CREATE TABLE IF NOT EXISTS entries ("
        " id INTEGER PRIMARY KEY AUTOINCREMENT, scope TEXT NOT NULL, key TEXT NOT NULL, body_hash TEXT NOT NULL,"
        " kind TEXT NOT NULL, inn TEXT NOT NULL, grp TEXT NOT NULL, accepted_at INTEGER NOT NULL,"
        " updated_at INTEGER NOT NULL, state TEXT NOT NULL, key_held INTEGER NOT NULL, kkt_sn TEXT NOT NULL,"
        " document_number INTEGER, fiscal_sign INTEGER, status INTEGER NOT NULL, answer TEXT NOT NULL)");
    add_missing_columns();
    // One holder per key and scope; a failed entry lets go of its key.
    execute(
        "CREATE UNIQUE INDEX IF NOT EXISTS held_keys ON entries(scope, key) WHERE key_held = 1 AND key <> ''");
    // A key's entries (GET /v1/receipts/{key}); the partial index above serves only queries
    // that repeat its whole WHERE clause, which the accept's check does.
    execute("CREATE INDEX IF NOT EXISTS by_key ON entries(scope, key)");
    execute("CREATE INDEX IF NOT EXISTS by_time ON entries(accepted_at)");
    execute("CREATE INDEX IF NOT EXISTS by_state ON entries(state, accepted_at)");
    execute(
        "CREATE TABLE IF NOT EXISTS audit (id INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL,"
        " kkt_sn TEXT NOT NULL, operation TEXT NOT NULL, status INTEGER NOT NULL, answer TEXT NOT NULL)");
    execute("CREATE INDEX IF NOT EXISTS audit_by_time ON audit(at)");
    execute(
        "CREATE TABLE IF NOT EXISTS documents (fn TEXT NOT NULL, fd INTEGER NOT NULL, kkt_sn TEXT NOT NULL,"
        " form INTEGER NOT NULL, body BLOB NOT NULL, kept_at INTEGER NOT NULL, PRIMARY KEY (fn, fd))");
    execute("CREATE INDEX IF NOT EXISTS documents_by_time ON documents(kept_at)");
    // Ids continue after every id ever given (AUTOINCREMENT's own counter included).
    statement highest(db_, prepared("SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'entries'), 0),"
                                    " COALESCE((SELECT MAX(id) FROM entries), 0))"));
    if (highest.step()) last_id_ = highest.number(0);
  } catch (...) {
    for (auto& [sql, stmt] : prepared_) sqlite3_finalize(stmt);
    prepared_.clear();
    sqlite3_close(db_);
    db_ = nullptr;
    throw;
  }
  writer_ = std::thread([this] { write_until_stopped(); });
}

journal::~journal() {
  if (writer_.joinable()) {
    {
      std::lock_guard<std::mutex> lock(queue_mutex_);
      stopping_ = true;
    }
    queued_.notify_one();
    writer_.join();
  }
  for (auto& [sql, stmt] : prepared_) sqlite3_finalize(stmt);
  sqlite3_close(db_);
}

sqlite3_stmt* journal::prepared(const std::string& sql) {
  auto found = prepared_.find(sql);
  if (found != prepared_.end()) return found->second;
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v3(db_, sql.c_str(), -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) != SQLITE_OK)
    throw journal_error(std::string("journal: cannot prepare a statement: ") + sqlite3_errmsg(db_));
  prepared_.emplace(sql, stmt);
  return stmt;
}

bool journal::run_control(const char* sql) {
  sqlite3_stmt* stmt = nullptr;
  try {
    stmt = prepared(sql);
  } catch (const journal_error&) {
    return false;
  }
  const int rc = sqlite3_step(stmt);
  sqlite3_reset(stmt);
  return rc == SQLITE_DONE;
}

void journal::commit(const std::shared_ptr<task>& t) {
  std::unique_lock<std::mutex> lock(queue_mutex_);
  if (stopping_) throw journal_error("journal: closing");
  queue_.push_back(t);
  waited_for_ = true;
  queued_.notify_one();
  t->woken.wait(lock, [&] { return t->finished; });
}

void journal::commit_later(const char* what, std::function<void()> work) {
  auto t = std::make_shared<task>();
  t->run = std::move(work);
  t->what = what;
  std::lock_guard<std::mutex> lock(queue_mutex_);
  // Only the first write of a batch wakes the writer: it then waits for a waited-for
  // call to ride with (see write_until_stopped); the writes after it need no wake-up.
  const bool first = queue_.empty();
  queue_.push_back(std::move(t));
  if (first) queued_.notify_one();
}

void journal::write_until_stopped() {
  std::unique_lock<std::mutex> lock(queue_mutex_);
  for (;;) {
    queued_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    // Writes nobody waits for go with the next waited-for call (under load one comes at
    // once: every receipt's `dispatched`), or after lazy_write_delay at the latest: one
    // transaction and one fsync for all of them instead of one each.
    if (!waited_for_) queued_.wait_for(lock, lazy_write_delay, [&] { return stopping_ || waited_for_; });
    if (queue_.empty()) return;  // stopping, and everything queued is written
    waited_for_ = false;
    std::vector<std::shared_ptr<task>> batch;
    batch.swap(queue_);
    lock.unlock();
    run_batch(batch);
    for (const auto& t : batch)
      if (t->what && t->error) {
        try {
          std::rethrow_exception(t->error);
        } catch (const std::exception& e) {
          std::fprintf(stderr, "whitespirit: journal: could not record %s: %s\n", t->what, e.what());
        }
      }
    lock.lock();
    for (const auto& t : batch) {
      t->finished = true;
      t->woken.notify_one();
    }
  }
}

void journal::run_batch(const std::vector<std::shared_ptr<task>>& batch) {
  const auto fail_all = [&](const std::string& why) {
    for (const auto& t : batch)
      if (!t->error) t->error = std::make_exception_ptr(journal_error("journal: " + why));
  };
  if (!run_control("BEGIN IMMEDIATE")) return fail_all(sqlite3_errmsg(db_));
  // A savepoint per task lets one failing task fail alone; a batch of one needs none (its
  // failure rolls the whole transaction back, which is then just that task).
  const bool isolate = batch.size() > 1;
  for (const auto& t : batch) {
    if (isolate) run_control("SAVEPOINT task");
    try {
      t->run();
      if (isolate) run_control("RELEASE task");
    } catch (...) {
      t->error = std::current_exception();
      if (isolate) {
        run_control("ROLLBACK TO task");
        run_control("RELEASE task");
      }
    }
  }
  if (!isolate && batch.front()->error) {
    run_control("ROLLBACK");
    return;
  }
  if (!run_control("COMMIT")) {
    const std::string why = std::string("cannot commit: ") + sqlite3_errmsg(db_);
    run_control("ROLLBACK");
    fail_all(why);
  }
}

void journal::execute(const char* sql) {
  char* message = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &message) != SQLITE_OK) {
    const std::string why = message ? message : sqlite3_errmsg(db_);
    sqlite3_free(message);
    throw journal_error("journal: " + why);
  }
}

void journal::add_missing_columns() {
  // Journals written before these columns existed get them, empty.
  std::set<std::string> present;
  {
    statement columns(db_, prepared("PRAGMA table_info(entries)"));
    while (columns.step()) present.insert(columns.text(1));
  }
  const std::pair<const char*, const char*> wanted[] = {{"request", "TEXT NOT NULL DEFAULT ''"},
                                                        {"fn_number", "TEXT NOT NULL DEFAULT ''"},
                                                        {"last_document", "INTEGER"}};
  for (const auto& [name, type] : wanted)
    if (!present.count(name)) execute((std::string("ALTER TABLE entries ADD COLUMN ") + name + " " + type).c_str());
}

claim journal::accept(const new_entry& request) {
  claim out;
  out.created = true;
  out.current.id = ++last_id_;
  out.current.scope = request.scope;
  out.current.key = request.key;
  out.current.body_hash = request.body_hash;
  out.current.kind = request.kind;
  out.current.inn = request.inn;
  out.current.group = request.group;
  out.current.kkt_sn = request.kkt_sn;
  out.current.request = request.request;
  out.current.accepted_at = out.current.updated_at = clock::now();
  const auto insert = [this](const entry& e) {
    statement row(db_, prepared("INSERT INTO entries (id, scope, key, body_hash, kind, inn, grp, accepted_at, updated_at,"
                                " state, key_held, kkt_sn, status, answer, request)"
                                " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, 'accepted', 1, ?9, 0, '', ?10)"));
    row.bind(1, e.id)
        .bind(2, e.scope)
        .bind(3, e.key)
        .bind(4, e.body_hash)
        .bind(5, e.kind)
        .bind(6, e.inn)
        .bind(7, e.group)
        .bind(8, millis(e.accepted_at))
        .bind(9, e.kkt_sn)
        .bind(10, e.request);
    row.step();
  };
  // Without a key no repeat can look for the entry: it need not be on disk before the
  // request goes on (its `dispatched`, waited for, commits it at the latest).
  if (request.key.empty()) {
    commit_later("an accepted request", [insert, e = out.current] { insert(e); });
    return out;
  }
  return in_batch([&] {
    statement held(db_, prepared(std::string("SELECT ") + entry_columns +
                                 " FROM entries WHERE scope = ?1 AND key = ?2 AND key_held = 1 AND key <> ''"));
    held.bind(1, request.scope).bind(2, request.key);
    if (held.step()) {
      claim existing;
      existing.current = entry_of(held);
      return existing;
    }
    insert(out.current);
    return out;
  });
}

void journal::finish(std::int64_t id, entry_state state, int status, const std::string& answer,
                     const std::string& kkt_sn, std::optional<std::uint32_t> document_number,
                     std::optional<std::uint32_t> fiscal_sign, bool free_key) {
  // Not waited for: a run killed before it is on disk leaves the entry dispatched, and
  // what became of it is read from the FN again (http/server/outcome_resolver).
  commit_later("an outcome", [=] {
    statement update(db_, prepared("UPDATE entries SET state = ?2, status = ?3, answer = ?4, kkt_sn = CASE WHEN ?5 = '' THEN kkt_sn"
                     " ELSE ?5 END, document_number = ?6, fiscal_sign = ?7, updated_at = ?8,"
                     " key_held = CASE WHEN ?9 THEN 0 ELSE key_held END WHERE id = ?1"));
    update.bind(1, id)
        .bind(2, to_string(state))
        .bind(3, static_cast<std::int64_t>(status))
        .bind(4, answer)
        .bind(5, kkt_sn)
        .bind(6, document_number)
        .bind(7, fiscal_sign)
        .bind(8, millis(clock::now()))
        .bind(9, static_cast<std::int64_t>(free_key ? 1 : 0));
    update.step();
  });
}

void journal::printed(std::int64_t id, int status, const std::string& answer, const std::string& kkt_sn,
                      std::uint32_t document_number, std::uint32_t fiscal_sign) {
  finish(id, entry_state::printed, status, answer, kkt_sn, document_number, fiscal_sign, false);
}

void journal::failed(std::int64_t id, int status, const std::string& answer) {
  finish(id, entry_state::failed, status, answer, {}, std::nullopt, std::nullopt, true);
}

void journal::failed_after_unknown(std::int64_t id, int status, const std::string& answer) {
  finish(id, entry_state::failed, status, answer, {}, std::nullopt, std::nullopt, false);
}

void journal::release_key(std::int64_t id) {
  commit_later("a key released", [this, id] {
    statement update(db_, prepared("UPDATE entries SET key_held = 0, updated_at = ?2 WHERE id = ?1"));
    update.bind(1, id).bind(2, millis(clock::now()));
    update.step();
  });
}

void journal::unknown(std::int64_t id, int status, const std::string& answer, const std::string& kkt_sn,
                      std::optional<std::uint32_t> document_to_check) {
  finish(id, entry_state::unknown, status, answer, kkt_sn, document_to_check, std::nullopt, false);
}

std::optional<entry> journal::find(const std::string& scope, const std::string& key) {
  return in_batch([&]() -> std::optional<entry> {
    statement query(db_, prepared((std::string("SELECT ") + entry_columns +
                          " FROM entries WHERE scope = ?1 AND key = ?2 ORDER BY id DESC LIMIT 1")
                             ));
    query.bind(1, scope).bind(2, key);
    if (!query.step()) return std::nullopt;
    return entry_of(query);
  });
}

std::vector<entry> journal::list(std::optional<entry_state> state, clock::time_point from, clock::time_point to,
                                 std::size_t limit) {
  return in_batch([&] {
    statement query(db_, prepared((std::string("SELECT ") + entry_columns +
                          " FROM entries WHERE (?1 = '' OR state = ?1) AND accepted_at >= ?2 AND accepted_at < ?3"
                          " ORDER BY id DESC LIMIT ?4")
                             ));
    query.bind(1, state ? to_string(*state) : std::string{})
        .bind(2, millis(from))
        .bind(3, millis(to))
        .bind(4, static_cast<std::int64_t>(limit));
    std::vector<entry> out;
    while (query.step()) out.push_back(entry_of(query));
    return out;
  });
}

std::map<entry_state, std::size_t> journal::count_by_state() {
  return in_batch([&] {
    statement query(db_, prepared("SELECT state, COUNT(*) FROM entries GROUP BY state"));
    std::map<entry_state, std::size_t> out;
    while (query.step())
      if (const auto state = entry_state_from(query.text(0)))
        out[*state] = static_cast<std::size_t>(query.number(1));
    return out;
  });
}

void journal::dispatched(std::int64_t id, const std::string& kkt_sn, const std::string& fn_number,
                         std::uint32_t last_document) {
  return in_batch([&] {
    statement update(db_, prepared("UPDATE entries SET state = 'dispatched', kkt_sn = ?2, fn_number = ?3,"
                                   " last_document = ?4, updated_at = ?5 WHERE id = ?1"));
    update.bind(1, id)
        .bind(2, kkt_sn)
        .bind(3, fn_number)
        .bind(4, static_cast<std::int64_t>(last_document))
        .bind(5, millis(clock::now()));
    update.step();
    // An accept not waited for runs in its own savepoint, maybe in this same transaction:
    // if it failed alone, there is no entry, and the register must not print.
    if (sqlite3_changes(db_) != 1)
      throw journal_error("journal: entry " + std::to_string(id) + " was not written, so where it went cannot be");
  });
}

std::size_t journal::fail_undispatched(int status, const std::string& answer) {
  return in_batch([&] {
    statement update(db_, prepared("UPDATE entries SET state = 'failed', key_held = 0, status = ?1, answer = ?2,"
                                   " updated_at = ?3 WHERE state = 'accepted'"));
    update.bind(1, static_cast<std::int64_t>(status)).bind(2, answer).bind(3, millis(clock::now()));
    update.step();
    return static_cast<std::size_t>(sqlite3_changes(db_));
  });
}

std::vector<entry> journal::unresolved(std::size_t limit) {
  return in_batch([&] {
    statement query(db_, prepared(std::string("SELECT ") + entry_columns +
                                  " FROM entries WHERE state IN ('dispatched', 'unknown') ORDER BY id LIMIT ?1"));
    query.bind(1, static_cast<std::int64_t>(limit));
    std::vector<entry> out;
    while (query.step()) out.push_back(entry_of(query));
    return out;
  });
}

std::size_t journal::prune(clock::time_point before) {
  return in_batch([&] {
    statement entries(db_, prepared("DELETE FROM entries WHERE accepted_at < ?1 AND state IN ('printed', 'failed')"));
    entries.bind(1, millis(before));
    entries.step();
    const auto removed = static_cast<std::size_t>(sqlite3_changes(db_));
    statement audit(db_, prepared("DELETE FROM audit WHERE at < ?1"));
    audit.bind(1, millis(before));
    audit.step();
    statement documents(db_, prepared("DELETE FROM documents WHERE kept_at < ?1"));
    documents.bind(1, millis(before));
    documents.step();
    return removed;
  });
}

void journal::keep_document(const std::string& fn_number, std::uint32_t fd_number, const kept_document& document) {
  commit_later("a kept document", [this, fn_number, fd_number, document] {
    statement insert(db_, prepared("INSERT OR REPLACE INTO documents (fn, fd, kkt_sn, form, body, kept_at)"
                                   " VALUES (?1, ?2, ?3, ?4, ?5, ?6)"));
    insert.bind(1, fn_number)
        .bind(2, static_cast<std::int64_t>(fd_number))
        .bind(3, document.kkt_sn)
        .bind(4, static_cast<std::int64_t>(document.form))
        .bind(5, document.body)
        .bind(6, millis(clock::now()));
    insert.step();
  });
}

std::optional<journal::kept_document> journal::kept(const std::string& fn_number, std::uint32_t fd_number) {
  return in_batch([&]() -> std::optional<kept_document> {
    statement query(db_, prepared("SELECT kkt_sn, form, body FROM documents WHERE fn = ?1 AND fd = ?2"));
    query.bind(1, fn_number).bind(2, static_cast<std::int64_t>(fd_number));
    if (!query.step()) return std::nullopt;
    kept_document document;
    document.kkt_sn = query.text(0);
    document.form = static_cast<std::uint16_t>(query.number(1));
    document.body = query.blob(2);
    return document;
  });
}

void journal::audit(const std::string& kkt_sn, const std::string& operation, int status, const std::string& answer) {
  return in_batch([&] {
    statement insert(db_, prepared("INSERT INTO audit (at, kkt_sn, operation, status, answer) VALUES (?1, ?2, ?3, ?4, ?5)"));
    insert.bind(1, millis(clock::now()))
        .bind(2, kkt_sn)
        .bind(3, operation)
        .bind(4, static_cast<std::int64_t>(status))
        .bind(5, answer);
    insert.step();
  });
}

std::vector<journal::audit_record> journal::audit_trail(std::size_t limit) {
  return in_batch([&] {
    statement query(db_, prepared("SELECT at, kkt_sn, operation, status, answer FROM audit ORDER BY id DESC LIMIT ?1"));
    query.bind(1, static_cast<std::int64_t>(limit));
    std::vector<audit_record> out;
    while (query.step())
      out.push_back({from_millis(query.number(0)), query.text(1), query.text(2), static_cast<int>(query.number(3)),
                     query.text(4)});
    return out;
  });
}

std::string body_hash(const std::string& body) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(body.data(), body.size(), digest, &length, EVP_sha256(), nullptr) != 1)
    throw journal_error("journal: SHA-256 failed");
  std::string hex;
  char byte[3];
  for (unsigned int i = 0; i < length; ++i) {
    std::snprintf(byte, sizeof byte, "%02x", digest[i]);
    hex += byte;
  }
  return hex;
}

}  // namespace ws::journal
