// Idempotency-Key over real HTTP against emulated registers: a retried receipt is printed
// once and answered the same; an answer that printed nothing frees the key; another body
// under the same key is refused; concurrent repeats share one print; the entry can be
// read back; and without a usable journal, or once its disk fills up, nothing is printed.

#include <catch2/catch.hpp>

#include <sqlite3.h>

#include <chrono>
#include <future>
#include <thread>

#include "tests/http_server/front_fixture.hpp"
#include "journal/journal.hpp"
#include "tests/support/small_tmpfs.hpp"
#include "tests/support/temp_dir.hpp"

using namespace ws::http::test;

namespace {

httplib::Headers with_key(const std::string& key) { return {{"Idempotency-Key", key}}; }

httplib::Result post_with_key(httplib::Client& http, const std::string& key, const std::string& body,
                              const std::string& query = "?wait4free=5") {
  return http.Post(("/v1/receipts" + query).c_str(), with_key(key), body, "application/json");
}

/// One register fiscalised for firm_a, behind a front whose journal is on `disk`.
void start_with_journal_on(front_farm& farm, const ws::test::small_tmpfs& disk) {
  farm.fiscalise(0, firm_a);
  ws::http::front_options options;
  options.journal_path = disk.file("journal.db");
  farm.start({{{0}, {}}}, options);
}

}  // namespace

TEST_CASE("a receipt retried with its Idempotency-Key is printed once and answered the same", "[http_server][idempotency]") {
  front_farm farm(1);
  farm.fiscalise(0, firm_a);
  farm.start({{{0}, {}}});
  auto http = farm.client();
  const auto before = farm.documents(0);

  const auto body = receipt_body(firm_a, 4200);
  auto first = post_with_key(*http, "order-17", body);
  REQUIRE(first);
  INFO(first->body);
  REQUIRE(first->status == 200);
  CHECK_FALSE(first->has_header("Idempotent-Replayed"));
  CHECK(farm.documents(0) == before + 1);

  auto again = post_with_key(*http, "order-17", body);
  REQUIRE(again);
  CHECK(again->status == 200);
  CHECK(again->body == first->body);
  CHECK(again->get_header_value("Idempotent-Replayed") == "true");
  CHECK(farm.documents(0) == before + 1);  // no register was touched

  // The same key with another body: refused, naming the key; nothing printed.
  auto other = post_with_key(*http, "order-17", receipt_body(firm_a, 4300));
  REQUIRE(other);
  CHECK(other->status == 422);
  json_doc refused(other->body);
  CHECK(refused.str("/error") == "IdempotencyKeyReused");
  CHECK(refused.str("/message").find("order-17") != std::string::npos);
  CHECK(farm.documents(0) == before + 1);

  // The entry, read back: printed, with the very document the POST answered.
  auto entry = http->Get(("/v1/receipts/order-17?firm_inn=" + firm_a).c_str());
  REQUIRE(entry);
  REQUIRE(entry->status == 200);
  json_doc read(entry->body);
  CHECK(read.str("/state") == "printed");
  CHECK(read.num("/document_number") == json_doc(first->body).num("/id"));
  CHECK(read.num("/answer/fp") == json_doc(first->body).num("/fp"));
  // Another firm does not see it.
  auto foreign = http->Get(("/v1/receipts/order-17?firm_inn=" + firm_b).c_str());
  REQUIRE(foreign);
  CHECK(foreign->status == 404);

  // A key that is not a visible ASCII string of 1 to 255 characters is a DataError.
  auto bad = post_with_key(*http, std::string(256, 'k'), body);
  REQUIRE(bad);
  CHECK(bad->status == 400);
  CHECK(json_doc(bad->body).str("/field") == "Idempotency-Key");
}

TEST_CASE("an answer that printed nothing frees its Idempotency-Key", "[http_server][idempotency]") {
  front_farm farm(1);
  farm.fiscalise(0, firm_a);
  farm.start({{{0}, {}}});
  auto http = farm.client();
  // No register serves firm_b: 429, nothing printed, and the key is free again.
  const auto body = receipt_body(firm_b, 100);
  auto first = post_with_key(*http, "retry-me", body, "");
  REQUIRE(first);
  REQUIRE(first->status == 429);
  auto second = post_with_key(*http, "retry-me", body, "");
  REQUIRE(second);
  CHECK(second->status == 429);
  CHECK_FALSE(second->has_header("Idempotent-Replayed"));  // run again, not replayed
  auto entries = http->Get("/v1/receipts?state=failed");
  REQUIRE(entries);
  REQUIRE(entries->status == 200);
  json_doc listed(entries->body);
  auto array = listed.root.at_pointer("/entries").get_array();
  REQUIRE_FALSE(array.error());
  CHECK(array.value().size() == 2);
  CHECK(farm.documents(0) == 2);  // registration and shift only
}

TEST_CASE("concurrent requests with one Idempotency-Key print one receipt", "[http_server][idempotency]") {
  front_farm farm(1);
  farm.fiscalise(0, firm_a);
  farm.start({{{0}, {}}});
  const auto before = farm.documents(0);
  const auto body = receipt_body(firm_a, 777);
  std::vector<std::future<std::pair<int, std::string>>> answers;
  for (int i = 0; i < 6; ++i) {
    answers.push_back(std::async(std::launch::async, [&] {
      auto http = farm.client();
      auto res = post_with_key(*http, "same-key", body);
      return res ? std::make_pair(res->status, res->body) : std::make_pair(0, std::string{});
    }));
  }
  std::vector<std::pair<int, std::string>> got;
  for (auto& a : answers) got.push_back(a.get());
  for (const auto& [status, text] : got) {
    INFO(text);
    CHECK(status == 200);
    CHECK(text == got.front().second);
  }
  CHECK(farm.documents(0) == before + 1);
}

TEST_CASE("without a usable journal no receipt is printed", "[http_server][idempotency][disk]") {
  ws::test::small_tmpfs disk("ro,size=64k");
  if (!disk.mounted()) {
    WARN("cannot mount a read-only tmpfs here (" + disk.why() + "): the case is not checked");
    return;
  }
  front_farm farm(1);
  start_with_journal_on(farm, disk);
  auto http = farm.client();
  const auto before = farm.documents(0);
  auto res = post_with_key(*http, "k", receipt_body(firm_a, 100));
  REQUIRE(res);
  CHECK(res->status == 503);
  json_doc refused(res->body);
  CHECK(refused.str("/error") == "Overloaded");
  CHECK(refused.str("/message").find("journal") != std::string::npos);
  CHECK(farm.documents(0) == before);
  // The rest of the API still serves.
  auto ping = http->Get("/v1/ping");
  REQUIRE(ping);
  CHECK(ping->status == 200);
}

TEST_CASE("a journal that fills up refuses receipts without a key and prints none of them",
          "[http_server][idempotency][disk]") {
  ws::test::small_tmpfs disk("size=1m");
  if (!disk.mounted()) {
    WARN("cannot mount a tmpfs here (" + disk.why() + "): the case is not checked");
    return;
  }
  front_farm farm(1);
  start_with_journal_on(farm, disk);
  auto http = farm.client();
  auto first = http->Post("/v1/receipts?wait4free=5", receipt_body(firm_a, 100), "application/json");
  REQUIRE(first);
  REQUIRE(first->status == 200);
  disk.fill();
  const auto before = farm.documents(0);
  int printed = 0;
  bool refused = false;
  for (int i = 0; i < 60 && !refused; ++i) {  // the WAL may have a few pages to spare
    auto res = http->Post("/v1/receipts?wait4free=5", receipt_body(firm_a, 200 + i), "application/json");
    REQUIRE(res);
    INFO(res->body);
    if (res->status == 200) {
      ++printed;
      continue;
    }
    REQUIRE(res->status == 503);
    json_doc answer(res->body);
    CHECK(answer.str("/error") == "Overloaded");
    CHECK(answer.str("/message").find("journal") != std::string::npos);
    refused = true;
  }
  CHECK(refused);
  // Every receipt answered 200 was printed, and none of the refused ones.
  CHECK(farm.documents(0) == before + static_cast<std::uint32_t>(printed));
}

TEST_CASE("operations that change a register for good are in the audit trail", "[http_server][journal]") {
  ws::test::temp_dir dir;
  const auto path = (dir.path() / "journal.db").string();
  front_farm farm(1);
  farm.fiscalise(0, firm_a);
  ws::http::front_options options;
  options.journal_path = path;
  farm.start({{{0}, {}}}, options);
  auto http = farm.client();
  const auto serial = farm.serial(0);
  auto refused = http->Post(("/v1/cashmachines/" + serial + "/close_shift?emergency=1&mysecret=wrong").c_str(), "{}",
                            "application/json");
  REQUIRE(refused);
  CHECK(refused->status == 403);  // refused before reaching the register: nothing to audit
  auto closed = http->Post(("/v1/cashmachines/" + serial + "/close_shift?emergency=1&mysecret=" + secret).c_str(),
                           "{}", "application/json");
  REQUIRE(closed);
  INFO(closed->body);
  REQUIRE(closed->status == 200);
  ws::journal::journal reader(path);  // a second connection, as an operator's tool would open it
  const auto trail = reader.audit_trail(10);
  REQUIRE(trail.size() == 1);
  CHECK(trail.front().kkt_sn == serial);
  CHECK(trail.front().operation == "POST close_shift?emergency");
  CHECK(trail.front().status == 200);
  CHECK(trail.front().answer == closed->body);
}

namespace {

/// Opens the journal file beside the running front, as a second writer, to put entries
/// back into the state a killed run leaves them in.
class journal_file {
 public:
  explicit journal_file(const std::string& path) {
    if (sqlite3_open(path.c_str(), &db_) != SQLITE_OK) throw std::runtime_error("cannot open " + path);
    sqlite3_busy_timeout(db_, 5000);
  }
  ~journal_file() { sqlite3_close(db_); }
  void run(const std::string& sql) {
    char* message = nullptr;
    const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message);
    const std::string why = message ? message : "";
    sqlite3_free(message);
    if (rc != SQLITE_OK) throw std::runtime_error(sql + ": " + why);
  }

 private:
  sqlite3* db_ = nullptr;
};

/// Polls GET /v1/receipts/{key} until its state is not `dispatched` (bounded).
json_doc settled_entry(httplib::Client& http, const std::string& key) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  std::string body;
  while (std::chrono::steady_clock::now() < deadline) {
    auto entry = http.Get(("/v1/receipts/" + key + "?firm_inn=" + firm_a).c_str());
    if (entry && entry->status == 200) {
      body = entry->body;
      if (json_doc(body).str("/state") != "dispatched") return json_doc(body);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return json_doc(body);
}

}  // namespace

TEST_CASE("entries a killed run left dispatched are resolved from the FN: printed or not", "[http_server][idempotency]") {
  ws::test::temp_dir dir;
  const auto path = (dir.path() / "journal.db").string();
  front_farm farm(1);
  farm.fiscalise(0, firm_a);
  ws::http::front_options options;
  options.journal_path = path;
  farm.start({{{0}, {}}}, options);
  auto http = farm.client();

  // Printed, but the run "died" before recording it: the entry is put back to what the
  // journal held at that moment (dispatched, with the FN's last document before the job).
  const auto body = receipt_body(firm_a, 4200);
  auto first = post_with_key(*http, "printed-then-killed", body);
  REQUIRE(first);
  REQUIRE(first->status == 200);
  const auto fd = static_cast<std::uint32_t>(json_doc(first->body).num("/id"));
  const auto serial = farm.serial(0);
  journal_file file(path);
  file.run("UPDATE entries SET state = 'dispatched', status = 0, answer = '', document_number = NULL,"
           " fiscal_sign = NULL, fn_number = '', last_document = " + std::to_string(fd - 1) +
           " WHERE key = 'printed-then-killed'");
  // Dispatched, and the run died before the register printed anything: after FD `fd`
  // the FN holds nothing.
  const auto other = receipt_body(firm_a, 4300);
  file.run("INSERT INTO entries (scope, key, body_hash, kind, inn, grp, accepted_at, updated_at, state, key_held,"
           " kkt_sn, status, answer, request, fn_number, last_document) VALUES ('" + firm_a +
           "', 'never-printed', '" + ws::journal::body_hash(other) + "', 'receipt', '" + firm_a +
           "', '', 0, 0, 'dispatched', 1, '" + serial + "', 0, '', '" + other + "', '', " + std::to_string(fd) + ")");

  const auto printed = settled_entry(*http, "printed-then-killed");
  CHECK(printed.str("/state") == "printed");
  CHECK(printed.num("/document_number") == fd);
  auto replay = post_with_key(*http, "printed-then-killed", body);
  REQUIRE(replay);
  CHECK(replay->status == 200);
  CHECK(replay->get_header_value("Idempotent-Replayed") == "true");
  CHECK(replay->body == first->body);  // the very answer the POST gave, rebuilt from the FN

  const auto not_printed = settled_entry(*http, "never-printed");
  CHECK(not_printed.str("/state") == "failed");
  CHECK(farm.documents(0) == fd);  // resolving printed nothing
  // The client's repeat hears that nothing was printed (the resolved answer, not the
  // unknown one) and the key is free after it: the next repeat prints.
  auto told = post_with_key(*http, "never-printed", other);
  REQUIRE(told);
  CHECK(told->status == 498);
  CHECK(told->get_header_value("Idempotent-Replayed") == "true");
  CHECK(json_doc(told->body).str("/message").find("not printed") != std::string::npos);
  CHECK(farm.documents(0) == fd);
  auto retried = post_with_key(*http, "never-printed", other);
  REQUIRE(retried);
  INFO(retried->body);
  CHECK(retried->status == 200);
  CHECK_FALSE(retried->has_header("Idempotent-Replayed"));
  CHECK(farm.documents(0) == fd + 1);
}
