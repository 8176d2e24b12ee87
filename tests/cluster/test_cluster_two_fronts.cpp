// Two fronts over the same two nodes, both under load: each register runs one job at a
// time whichever front sends it (the other gets a safe "busy" and its broker moves on
// without using the request's retry_count), and when one front is killed the other keeps
// serving every register. Release build only (tests/CMakeLists.txt).

#include <catch2/catch.hpp>

#include <future>
#include <set>
#include <utility>

#include "tests/cluster/cluster_load.hpp"
#include "tests/support/temp_dir.hpp"

using namespace ws::test::cluster;
using ws::test::temp_dir;

namespace {

constexpr std::uint64_t base_a = 1001;
constexpr std::uint64_t base_b = 2001;

/// The FN document number (`id`) of a receipt answer; 0 when it has none.
std::uint64_t document_of(const answer_record& answer) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (parser.parse(answer.body).get(doc)) return 0;
  std::uint64_t id = 0;
  if (doc["id"].get(id)) return 0;
  return id;
}

/// The first few answers that are not 200, for the failure message.
std::string not_ok(const std::vector<answer_record>& answers) {
  std::string out;
  int shown = 0;
  for (const auto& a : answers) {
    if (a.status == 200 || shown == 5) continue;
    ++shown;
    out += std::to_string(a.status) + " " + a.body + "\n";
  }
  return out;
}

}  // namespace

TEST_CASE("two fronts share two nodes: one job per register at a time and the survivor serves all after kill -9 of the other",
          "[cluster][process][two-fronts]") {
  temp_dir dir;
  auto front1 = start_front(dir.path() / "front1");
  auto front2 = start_front(dir.path() / "front2");
  INFO(front1.child->output() << front2.child->output());
  REQUIRE(front1.http_port != 0);
  REQUIRE(front2.http_port != 0);
  // Both nodes serve the same firm: every receipt of either front may go to any register.
  const node_spec spec_a{"node-a", dir.path() / "a", firm_a, base_a, 2, {}};
  const node_spec spec_b{"node-b", dir.path() / "b", firm_a, base_b, 2, {}};
  const std::vector<std::uint16_t> fronts{front1.cluster_port, front2.cluster_port};
  auto node_a = start_node(spec_a, fronts);
  auto node_b = start_node(spec_b, fronts);
  for (const auto port : {front1.http_port, front2.http_port}) {
    REQUIRE(eventually([&] { return node_serving(port, "node-a", 2); }, 15000ms));
    REQUIRE(eventually([&] { return node_serving(port, "node-b", 2); }, 15000ms));
  }
  const std::vector<std::string> serials{serial_of(base_a, 1), serial_of(base_a, 2), serial_of(base_b, 1),
                                         serial_of(base_b, 2)};
  open_shifts(front1.http_port, serials);
  std::uint64_t documents_before = 0;
  for (const auto& [serial, last] : settled_documents(front2.http_port, 4)) documents_before += last;

  // 8 clients on each front for 4 registers: each front keeps sending jobs to registers
  // that the other front's jobs occupy (no retry_count: a busy refusal that used it up
  // would answer an error).
  std::atomic<bool> stop{false};
  const auto firm = [](int) { return firm_a; };
  auto on_front1 = std::async(std::launch::async, [&] { return load(front1.http_port, 8, 1000, firm, stop); });
  auto on_front2 = std::async(std::launch::async, [&] { return load(front2.http_port, 8, 1000, firm, stop); });
  std::this_thread::sleep_for(2000ms);
  const auto killed = steady::now();
  front1.child->kill_hard();
  std::this_thread::sleep_for(2500ms);  // front2 alone
  stop = true;
  const auto answers1 = on_front1.get();
  const auto answers2 = on_front2.get();
  INFO(front2.child->output());

  // front2 answered every request with a receipt: no busy refusal reached a client.
  const auto ok2 = count_status(answers2, 200);
  INFO("front2's answers that are not 200:\n" << not_ok(answers2));
  CHECK(ok2 == answers2.size());
  // front1 printed until it died; what it had in flight then got no answer.
  const auto ok1 = count_status(answers1, 200);
  const auto unanswered1 = count_status(answers1, 0);
  INFO("front1's answers that are not 200:\n" << not_ok(answers1));
  CHECK(ok1 + unanswered1 == answers1.size());
  CHECK(ok1 > 0);
  WARN("two fronts: front1 200: " << ok1 << ", unanswered at its kill: " << unanswered1 << "; front2 200: " << ok2);

  // After the kill front2 used every register of both nodes.
  std::set<std::string> used_after_kill;
  for (const auto& a : answers2)
    if (a.status == 200 && a.sent > killed + 500ms) used_after_kill.insert(register_of(a));
  CHECK(used_after_kill == std::set<std::string>(serials.begin(), serials.end()));

  // One job at a time on each register: no FN document is claimed by two answers, and the
  // FNs hold every 200 and at most the requests front1 left unanswered besides.
  std::set<std::pair<std::string, std::uint64_t>> documents;
  std::size_t claimed_twice = 0;
  for (const auto* answers : {&answers1, &answers2})
    for (const auto& a : *answers)
      if (a.status == 200 && !documents.emplace(register_of(a), document_of(a)).second) ++claimed_twice;
  CHECK(claimed_twice == 0);

  CHECK(node_a->terminate(20000ms) == 0);
  CHECK(node_b->terminate(20000ms) == 0);
  CHECK(front2.child->terminate(20000ms) == 0);
  const auto documents_after = sum(fn_last_documents(spec_a.dir, 2)) + sum(fn_last_documents(spec_b.dir, 2));
  const auto receipts = documents_after - documents_before;
  INFO("receipts in the FNs: " << receipts);
  CHECK(receipts >= ok1 + ok2);
  CHECK(receipts <= ok1 + ok2 + unanswered1);
}
