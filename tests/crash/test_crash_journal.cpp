// The crash test of the journal: clients post receipts with Idempotency-Keys at 16
// concurrent connections while the test kill -9s whitespirit at random moments, restarts
// it on the same folder and retries every request that got no final answer with the same
// key, as a client would. At the end every key has exactly one printed receipt: the FNs
// hold as many receipts as there are keys, each key's answer names a receipt the FN
// holds with that key's total (every key's price is its own), and no receipt is there
// twice. Release build only (tests/CMakeLists.txt): it times real processes.

#include <catch2/catch.hpp>

#include <httplib.h>
#include <simdjson.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "bench/farm_support.hpp"
#include "emulator/document_archive.hpp"
#include "emulator/emulator_farm.hpp"
#include "tests/program/whitespirit_child.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/temp_dir.hpp"

using namespace std::chrono_literals;
using ws::test::child_process;
using ws::test::listening_port;
using ws::test::start_whitespirit;
using ws::test::temp_dir;

namespace {

/// WS_CRASH_KEYS and WS_CRASH_KILLS make a longer run (bench/README.md: "The crash test").
int from_environment(const char* name, int fallback) {
  const char* text = std::getenv(name);
  return text && std::atoi(text) > 0 ? std::atoi(text) : fallback;
}

const int keys = from_environment("WS_CRASH_KEYS", 1000);
const int least_kills = from_environment("WS_CRASH_KILLS", 10);
constexpr int connections = 16;
const auto test_limit = std::chrono::seconds(120 + keys / 4 + least_kills * 10);

/// Key i's receipt for firm `inn`: one row whose price (1.00 + i kopecks) no other key has.
std::string receipt_of(const std::string& inn, int i) {
  const long kopecks = 100 + i;
  char price[32];
  std::snprintf(price, sizeof price, "%ld.%02ld", kopecks / 100, kopecks % 100);
  return std::string(R"({"receipt_content":{"firm_inn":")" + inn + R"(","receipt_type":"income","taxation_type":"OSN",)"
                     R"("agent_type":"none_agent","client_email_or_phone":"buyer@example.ru","firm_reply_email":"shop@example.ru",)"
                     R"("firm_url":"https://shop.example.ru",)"
         R"("rows":[{"price":")") +
         price + R"(","qty":"1","tax_type":"nds_20","payment_type_type":"full_payment_w_delivery","text":"Товар"}],)" +
         R"("payments":[{"amount":")" + price + R"(","payment_type":"card"}]}})";
}

std::uint64_t total_of(int i) { return static_cast<std::uint64_t>(100 + i); }

/// What the clients learnt of one key.
struct key_answer {
  std::string serial;
  std::uint32_t fd = 0;
};

/// A receipt found in an FN archive.
struct archived_receipt {
  std::string device;
  std::uint32_t fd = 0;
  std::uint64_t total = 0;
};

/// Every receipt (form 3) in the archives of the folder's emulated devices.
std::vector<archived_receipt> archived_receipts(const std::filesystem::path& state) {
  std::vector<archived_receipt> out;
  for (const auto& device : std::filesystem::directory_iterator(state / "state")) {
    if (!std::filesystem::is_directory(device.path() / "archive")) continue;
    ws::emulator::document_archive archive(device.path() / "archive", false);
    for (std::uint32_t fd = 1; archive.contains(fd); ++fd) {
      const auto doc = archive.load(fd);
      if (doc && doc->type == 3) out.push_back({device.path().filename().string(), fd, doc->total});
    }
  }
  return out;
}

/// The emulated device's folder name for a serial number of the embedded default.
std::string device_of(const std::string& serial) {
  for (int number = 1; number <= 64; ++number)
    if (ws::emulator::emulator_farm::serial_number(1, number) == serial) return ws::emulator::emulator_farm::device_name(number);
  return "?";
}

/// The program under test: started, killed and started again on the same folder.
class crashing_server {
 public:
  explicit crashing_server(std::vector<std::string> args) : args_(std::move(args)) { start(); }

  std::uint16_t port() const { return port_.load(); }

  /// kill -9, then start again and wait until it listens.
  void crash_and_restart() {
    port_ = 0;
    child_->kill_hard();
    start();
  }

  int stop() { return child_->terminate(20000ms); }
  std::string output() const { return child_ ? child_->output() : std::string{}; }

 private:
  void start() {
    child_ = start_whitespirit(args_);
    const auto port = listening_port(*child_, 90000ms);
    INFO(child_->output());
    REQUIRE(port);
    port_ = *port;
  }

  std::vector<std::string> args_;
  std::unique_ptr<child_process> child_;
  std::atomic<std::uint16_t> port_{0};
};

/// Runs the load and the kills against whitespirit started with `args`; the emulated
/// devices' state (their FN archives) is under `state`/state.
void crash_under_load(const std::vector<std::string>& args, const std::filesystem::path& state, const std::string& inn) {
  crashing_server server(args);
  const auto started = std::chrono::steady_clock::now();

  std::mutex mutex;
  std::map<int, key_answer> printed;  // key -> the receipt its answers named
  std::vector<std::string> problems;
  std::atomic<int> next_key{0};
  std::atomic<int> attempts{0}, no_answer{0}, unknown{0}, replays{0}, refused{0};
  std::atomic<bool> load_done{false};
  std::atomic<int> answered{0};  // keys with their printed answer

  const auto client_loop = [&] {
    simdjson::dom::parser parser;
    for (int i = next_key++; i < keys; i = next_key++) {
      const std::string body = receipt_of(inn, i);
      const std::string key = "crash-" + std::to_string(i);
      bool done = false;
      while (!done && std::chrono::steady_clock::now() - started < test_limit) {
        const auto port = server.port();
        if (port == 0) {
          std::this_thread::sleep_for(20ms);
          continue;
        }
        httplib::Client client("127.0.0.1", port);
        client.set_connection_timeout(2s);
        client.set_read_timeout(30s);
        ++attempts;
        const auto answer =
            client.Post("/v1/receipts?wait4free=5", {{"Idempotency-Key", key}}, body, "application/json");
        if (!answer) {
          ++no_answer;  // killed under it, or not listening yet: the same key again
          std::this_thread::sleep_for(20ms);
          continue;
        }
        if (answer->status == 200) {
          simdjson::dom::element doc;
          if (parser.parse(answer->body).get(doc)) {
            std::lock_guard<std::mutex> lock(mutex);
            problems.push_back(key + ": unreadable 200 answer " + answer->body);
            break;
          }
          key_answer got{std::string(std::string_view(doc["kkt"]["sn"])), static_cast<std::uint32_t>(std::uint64_t(doc["id"]))};
          if (answer->get_header_value("Idempotent-Replayed") == "true") ++replays;
          std::lock_guard<std::mutex> lock(mutex);
          const auto [it, fresh] = printed.emplace(i, got);
          if (fresh) ++answered;
          if (!fresh && (it->second.serial != got.serial || it->second.fd != got.fd))
            problems.push_back(key + ": two documents: FD " + std::to_string(it->second.fd) + " and FD " +
                               std::to_string(got.fd));
          done = true;
        } else if (answer->status == 500) {
          ++unknown;  // OutcomeUnknown: resolved from the FN, the same key tells later
          std::this_thread::sleep_for(100ms);
        } else if (answer->status == 400 || answer->status == 422) {
          std::lock_guard<std::mutex> lock(mutex);
          problems.push_back(key + ": " + std::to_string(answer->status) + " " + answer->body);
          break;
        } else {
          ++refused;  // nothing printed (stopping, in progress, busy): the same key again
          std::this_thread::sleep_for(50ms);
        }
      }
    }
  };

  std::vector<std::thread> clients;
  for (int c = 0; c < connections; ++c) clients.emplace_back(client_loop);
  int kills = 0;
  int stopped = -2;
  std::chrono::steady_clock::duration stop_time{};
  // A kill at a random moment once the farm has made some progress since the last start
  // (a random share of the keys, or 4 s), so that kills land in every phase: during
  // receipts, during the resolution after a start, and once the load is over.
  std::thread killer([&] {
    std::mt19937 random(20261206);
    const int step = std::max(1, keys / (least_kills + 4));
    std::uniform_int_distribution<int> progress(step / 2, step * 2);
    std::uniform_int_distribution<int> moment_ms(0, 300);
    while ((!load_done || kills < least_kills) && std::chrono::steady_clock::now() - started < test_limit) {
      const int target = answered + progress(random);
      for (const auto until = std::chrono::steady_clock::now() + 4s;
           answered < target && !load_done && std::chrono::steady_clock::now() < until;)
        std::this_thread::sleep_for(5ms);
      std::this_thread::sleep_for(std::chrono::milliseconds(moment_ms(random)));
      server.crash_and_restart();
      ++kills;
    }
    // Stopped from this thread: a child started here dies with it (PR_SET_PDEATHSIG
    // follows the thread that forked), so the last one must be stopped before it ends.
    // Whatever is still unresolved got its answer from the FN after the last start.
    const auto stopping = std::chrono::steady_clock::now();
    stopped = server.stop();
    stop_time = std::chrono::steady_clock::now() - stopping;
  });
  for (auto& client : clients) client.join();
  load_done = true;
  killer.join();

  INFO(server.output());
  INFO("stopped after " << std::chrono::duration_cast<std::chrono::milliseconds>(stop_time).count() << " ms");
  CHECK(stopped == 0);
  const auto elapsed = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - started);
  WARN("crash test: " << keys << " keys, " << kills << " kills in " << elapsed.count() << " s; " << attempts
                      << " attempts, " << no_answer << " without an answer, " << unknown << " OutcomeUnknown, "
                      << refused << " refused (nothing printed), " << replays << " replayed");

  for (const auto& problem : problems) FAIL_CHECK(problem);
  CHECK(kills >= least_kills);
  CHECK(printed.size() == static_cast<std::size_t>(keys));

  const auto receipts = archived_receipts(state);
  CHECK(receipts.size() == printed.size());
  std::map<std::uint64_t, int> by_total;
  for (const auto& receipt : receipts) ++by_total[receipt.total];
  for (const auto& [i, answer] : printed) {
    INFO("key " << i << " answered FD " << answer.fd << " on " << answer.serial);
    CHECK(by_total[total_of(i)] == 1);  // printed, and only once
    // The answer names the very receipt the FN holds: its register, its FD, its total.
    bool named = false;
    for (const auto& receipt : receipts)
      named = named || (receipt.fd == answer.fd && receipt.total == total_of(i) && device_of(answer.serial) == receipt.device);
    CHECK(named);
  }
}

}  // namespace

TEST_CASE("kill -9 under keyed load with registers in the same process: every key printed once and none lost", "[crash]") {
  temp_dir dir;
  const auto state = dir.path() / "var";
  // The packet level: a receipt in a few milliseconds instead of ~200 ms per command.
  crash_under_load({"--embedded.dir=" + state.string(), "--http.port=0", "--link.protocol=packet"}, state,
                   "7720000014");
}

TEST_CASE("kill -9 under keyed load with registers in a separate kkt-emulator: every key printed once and none lost",
          "[crash]") {
  temp_dir dir;
  const auto devices = dir.path() / "devices";
  ws::bench::provision(devices, 4);  // registered to bench_firm, shift open
  child_process emulator(WS_KKT_EMULATOR_PATH, {"--count", "4", "--dir", devices.string(), "--print-ms-per-doc", "0"});
  const auto last = devices / ws::emulator::emulator_farm::device_name(4);
  for (const auto until = std::chrono::steady_clock::now() + 30s;
       !std::filesystem::exists(last) && std::chrono::steady_clock::now() < until;)
    std::this_thread::sleep_for(20ms);
  REQUIRE(std::filesystem::exists(last));
  const auto config = dir.path() / "whitespirit.ini";
  {
    std::ofstream out(config);
    out << "registers=[";
    for (int k = 1; k <= 4; ++k)
      out << (k > 1 ? ", " : "") << "{port=\"" << (devices / ws::emulator::emulator_farm::device_name(k)).string() << "\"}";
    out << "]\n\n[http]\nhost=\"127.0.0.1\"\nport=0\n\n[link]\nprotocol=\"packet\"\n\n[journal]\npath=\"" << (dir.path() / "journal.db").string()
        << "\"\n";
  }
  crash_under_load({"--config-file=" + config.string()}, devices, ws::bench::bench_firm);
  CHECK(emulator.terminate(10000ms) == 0);
}
