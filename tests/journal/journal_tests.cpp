// The journal on its own: keys held and freed, states, listing, crash leftovers, pruning,
// and what it says when its disk is full or read-only (a tmpfs the test mounts itself;
// as root, file permissions would not stop a write).

#include <catch2/catch.hpp>

#include <map>
#include <thread>

#include "journal/journal.hpp"
#include "tests/support/small_tmpfs.hpp"
#include "tests/support/temp_dir.hpp"

using namespace ws::journal;
using ws::test::small_tmpfs;
using ws::test::temp_dir;

namespace {

new_entry receipt(const std::string& key, const std::string& body = "{}") {
  new_entry e;
  e.scope = "7704211201";
  e.key = key;
  e.body_hash = body_hash(body);
  e.request = body;
  e.kind = "receipt";
  e.inn = "7704211201";
  return e;
}

}  // namespace

TEST_CASE("journal holds a key until its request fails and frees it then", "[journal]") {
  temp_dir dir;
  journal j((dir.path() / "journal.db").string());
  const auto first = j.accept(receipt("k1"));
  REQUIRE(first.created);
  CHECK(first.current.state == entry_state::accepted);
  // A repeat finds the holder, whatever state it is in.
  const auto repeat = j.accept(receipt("k1"));
  CHECK_FALSE(repeat.created);
  CHECK(repeat.current.id == first.current.id);
  // Nothing printed: the key is free again, and a new request takes it.
  j.failed(first.current.id, 429, R"({"error":"NoFreeCashmachine"})");
  const auto again = j.accept(receipt("k1"));
  REQUIRE(again.created);
  CHECK(again.current.id != first.current.id);
  j.printed(again.current.id, 200, R"({"id":3})", "0000000000000001", 3, 12345);
  const auto replay = j.accept(receipt("k1"));
  CHECK_FALSE(replay.created);
  CHECK(replay.current.state == entry_state::printed);
  CHECK(replay.current.status == 200);
  CHECK(replay.current.answer == R"({"id":3})");
  CHECK(replay.current.document_number == std::optional<std::uint32_t>{3});
  CHECK(replay.current.fiscal_sign == std::optional<std::uint32_t>{12345});
  // Another firm's scope does not see it.
  auto other = receipt("k1");
  other.scope = "500100732259";
  CHECK(j.accept(other).created);
  // Requests without a key never collide.
  CHECK(j.accept(receipt("")).created);
  CHECK(j.accept(receipt("")).created);
}

TEST_CASE("journal counts its entries by state", "[journal]") {
  temp_dir dir;
  journal j((dir.path() / "journal.db").string());
  CHECK(j.count_by_state().empty());
  const auto a = j.accept(receipt("a")).current.id;
  const auto b = j.accept(receipt("b")).current.id;
  j.accept(receipt("c"));
  j.printed(a, 200, "{}", "0000000000000001", 3, 1);
  j.unknown(b, 500, "{}", "0000000000000001", 4);
  const auto counts = j.count_by_state();
  CHECK(counts.size() == 3);
  CHECK(counts.at(entry_state::accepted) == 1);
  CHECK(counts.at(entry_state::printed) == 1);
  CHECK(counts.at(entry_state::unknown) == 1);
  CHECK(counts.count(entry_state::failed) == 0);
}

TEST_CASE("journal writes an outcome nobody waits for by itself soon after and a reader sees it", "[journal]") {
  temp_dir dir;
  const auto path = (dir.path() / "journal.db").string();
  journal front(path);
  const auto id = front.accept(receipt("")).current.id;  // no key: not waited for
  front.dispatched(id, "0000000000000001", "9999078900000001", 6);
  front.printed(id, 200, R"({"fp":1})", "0000000000000001", 7, 1);  // not waited for
  // A second connection to the same file sees only what is committed; the front makes no
  // further call, so the outcome must reach the disk on its own (lazy_write_delay: 20 ms).
  journal reader(path);
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  std::map<entry_state, std::size_t> counts;
  while (std::chrono::steady_clock::now() < give_up) {
    counts = reader.count_by_state();
    if (counts.count(entry_state::printed)) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  CHECK(counts.size() == 1);
  CHECK(counts[entry_state::printed] == 1);
}

TEST_CASE("journal refuses to dispatch an entry that was never written", "[journal]") {
  temp_dir dir;
  journal j((dir.path() / "journal.db").string());
  // No register may print for an entry the journal does not hold.
  CHECK_THROWS_AS(j.dispatched(12345, "0000000000000001", "9999078900000001", 6), journal_error);
  CHECK(j.count_by_state().empty());
}

TEST_CASE("journal survives a reopen: a crashed run's undispatched requests fail and dispatched ones wait to be resolved",
          "[journal]") {
  temp_dir dir;
  const auto path = (dir.path() / "journal.db").string();
  std::int64_t printed_id = 0;
  {
    journal j(path);
    const auto a = j.accept(receipt("printed"));
    j.dispatched(a.current.id, "0000000000000001", "9999078900000001", 6);
    j.printed(a.current.id, 200, "{}", "0000000000000001", 7, 8);
    printed_id = a.current.id;
    j.accept(receipt("waiting"));  // the process dies while it waits for a register
    const auto sent = j.accept(receipt("sent"));
    j.dispatched(sent.current.id, "0000000000000002", "9999078900000002", 41);  // ... or while a register has it
  }
  journal j(path);
  CHECK(j.fail_undispatched(503, R"({"error":"stopped"})") == 1);
  const auto waiting = j.find("7704211201", "waiting");
  REQUIRE(waiting);
  CHECK(waiting->state == entry_state::failed);
  CHECK(waiting->status == 503);
  CHECK(j.accept(receipt("waiting")).created);  // nothing was printed: the key is free again

  const auto sent = j.find("7704211201", "sent");
  REQUIRE(sent);
  CHECK(sent->state == entry_state::dispatched);
  CHECK(sent->kkt_sn == "0000000000000002");
  CHECK(sent->fn_number == "9999078900000002");
  CHECK(sent->last_document == std::optional<std::uint32_t>(41));
  CHECK(sent->request == receipt("sent").request);
  CHECK_FALSE(j.accept(receipt("sent")).created);  // still held until it is resolved
  const auto unresolved = j.unresolved(10);
  REQUIRE(unresolved.size() == 1);
  CHECK(unresolved.front().id == sent->id);

  const auto kept = j.find("7704211201", "printed");
  REQUIRE(kept);
  CHECK(kept->id == printed_id);
  CHECK(kept->state == entry_state::printed);
  const auto now = clock::now();
  CHECK(j.list(entry_state::dispatched, now - std::chrono::hours(1), now + std::chrono::hours(1), 10).size() == 1);
  CHECK(j.list(std::nullopt, now - std::chrono::hours(1), now + std::chrono::hours(1), 10).size() == 4);
  // Pruning takes what is older than the retention and settled, never what is unresolved.
  CHECK(j.prune(now - std::chrono::hours(1)) == 0);
  CHECK(j.prune(now + std::chrono::hours(1)) == 2);
  CHECK_FALSE(j.find("7704211201", "printed"));
  CHECK(j.find("7704211201", "sent"));
  // Resolved as not printed: failed, and the key is free.
  j.failed(sent->id, 498, "{}");
  CHECK(j.unresolved(10).empty());
  CHECK(j.accept(receipt("sent")).created);
}

TEST_CASE("journal keeps an audit trail", "[journal]") {
  journal j(":memory:");
  j.audit("0000000000000001", "POST close_fiscal_mode", 200, R"({"id":9})");
  const auto trail = j.audit_trail(10);
  REQUIRE(trail.size() == 1);
  CHECK(trail.front().operation == "POST close_fiscal_mode");
  CHECK(trail.front().status == 200);
}

TEST_CASE("journal keeps documents read from an FN across a reopen until they are pruned", "[journal]") {
  temp_dir dir;
  const std::string path = (dir.path() / "journal.db").string();
  const journal::kept_document receipt_document{"0000000000000007", 3, {0x01, 0x02, 0xFF, 0x00, 0x7F}};
  {
    journal j(path);
    CHECK_FALSE(j.kept("9999078900001234", 12));
    j.keep_document("9999078900001234", 12, receipt_document);
    const auto read = j.kept("9999078900001234", 12);  // after the write: one writer, in order
    REQUIRE(read);
    CHECK(read->body == receipt_document.body);
  }
  journal j(path);
  const auto kept = j.kept("9999078900001234", 12);
  REQUIRE(kept);
  CHECK(kept->kkt_sn == "0000000000000007");
  CHECK(kept->form == 3);
  CHECK(kept->body == receipt_document.body);
  CHECK_FALSE(j.kept("9999078900001234", 13));
  CHECK_FALSE(j.kept("9999078900001235", 12));
  j.prune(clock::now() - std::chrono::hours(1));
  CHECK(j.kept("9999078900001234", 12));
  j.prune(clock::now() + std::chrono::hours(1));
  CHECK_FALSE(j.kept("9999078900001234", 12));
}

TEST_CASE("body hashes tell bodies apart", "[journal]") {
  CHECK(body_hash("{}") == body_hash("{}"));
  CHECK(body_hash("{}") != body_hash("{ }"));
  CHECK(body_hash("").size() == 64);
}

TEST_CASE("journal on a full disk refuses to accept and says why", "[journal][disk]") {
  small_tmpfs disk("size=512k");
  if (!disk.mounted()) {
    WARN("cannot mount a tmpfs here (" + disk.why() + "): the full-disk case is not checked");
    return;
  }
  journal j(disk.file("journal.db"));
  REQUIRE(j.accept(receipt("before")).created);
  disk.fill();
  bool refused = false;
  std::string why;
  for (int i = 0; i < 200 && !refused; ++i) {  // the WAL may have a few pages to spare
    try {
      j.accept(receipt("k" + std::to_string(i), std::string(2000, 'b')));
    } catch (const journal_error& e) {
      refused = true;
      why = e.what();
    }
  }
  CHECK(refused);
  CHECK(why.find("journal") != std::string::npos);
}

TEST_CASE("journal on a read-only disk cannot be opened and says why", "[journal][disk]") {
  small_tmpfs disk("ro,size=64k");
  if (!disk.mounted()) {
    WARN("cannot mount a tmpfs here (" + disk.why() + "): the read-only case is not checked");
    return;
  }
  try {
    journal j(disk.file("journal.db"));
    FAIL("a journal opened on a read-only disk");
  } catch (const journal_error& e) {
    CHECK(std::string(e.what()).find("cannot open") != std::string::npos);
  }
}
