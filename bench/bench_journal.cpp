// What the journal costs a receipt: the writes the front makes for each one, as a handler
// thread waits for them: accept (waited for with an Idempotency-Key, which must be checked;
// not without one), dispatched (always waited for: on disk before the register's first
// command), and the outcome (never waited for). WAL, synchronous=FULL: one fsync per
// transaction, shared by every write queued for it. Measured on a file in a folder of the
// build's disk (/tmp is ext4 on the same disk here), from 1 thread and from 16 threads at
// once (16 handler threads), with and without a key; also in memory, the price without
// the fsync.

#include <atomic>
#include <thread>
#include <vector>

#include "bench/bench_common.hpp"
#include "journal/journal.hpp"

using namespace ws;
using namespace ws::bench;

namespace {

void run(const std::string& where, const std::string& path, int threads, bool keyed, std::chrono::milliseconds length) {
  journal::journal store(path);
  std::vector<std::vector<double>> latencies(static_cast<std::size_t>(threads));
  std::atomic<long> done{0};
  const auto start = bench_clock::now();
  const auto stop_at = start + length;
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      long n = 0;
      while (bench_clock::now() < stop_at) {
        journal::new_entry entry;
        entry.scope = "7704211201";
        const std::string name = "t" + std::to_string(t) + "-" + std::to_string(n++);
        if (keyed) entry.key = name;
        entry.body_hash = journal::body_hash(name);
        entry.kind = "receipt";
        entry.inn = entry.scope;
        const auto t0 = bench_clock::now();
        const auto claimed = store.accept(entry);
        store.dispatched(claimed.current.id, "0000000000000001", "9999078900000001", 2);
        store.printed(claimed.current.id, 200, R"({"id":3,"fp":123456789})", "0000000000000001", 3, 123456789);
        latencies[static_cast<std::size_t>(t)].push_back(seconds_between(t0, bench_clock::now()) * 1e6);
        ++done;
      }
    });
  }
  for (auto& w : workers) w.join();
  const double elapsed = seconds_between(start, bench_clock::now());
  std::vector<double> all;
  for (const auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
  const std::vector<param> params{str("storage", where), num("threads", threads), str("key", keyed ? "yes" : "no")};
  report("journal_receipts", params, static_cast<double>(done.load()) / elapsed, "receipts/s");
  report("journal_cost_per_receipt_p50", params, percentile(all, 50), "us");
  report("journal_cost_per_receipt_p99", params, percentile(all, 99), "us");
  note("journal [" + where + (keyed ? ", keyed" : "") + "] " + std::to_string(threads) + " threads: " +
       std::to_string(static_cast<double>(done.load()) / elapsed) + " receipts/s, p50 " +
       std::to_string(percentile(all, 50)) + " us, p99 " + std::to_string(percentile(all, 99)) + " us");
}

}  // namespace

int main(int argc, char** argv) {
  const auto length = quick_mode(argc, argv) ? std::chrono::milliseconds(500) : std::chrono::milliseconds(3000);
  for (bool keyed : {true, false}) {
    for (int threads : {1, 16}) {
      temp_dir dir;
      run("disk", (dir.path() / "journal.db").string(), threads, keyed, length);
    }
    run("memory", ":memory:", 1, keyed, length);
  }
  return 0;
}
