#pragma once
// Load and bookkeeping for the cluster's process tests: receipts posted by many clients,
// the shifts opened first so that every new FN document is a receipt, and each FN's last
// document once the farm is idle.

#include <catch2/catch.hpp>

#include <atomic>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "tests/cluster/cluster_support.hpp"

namespace ws::test::cluster {

inline bool on_node(const std::string& serial, std::uint64_t base, int devices) {
  for (int k = 1; k <= devices; ++k)
    if (serial == serial_of(base, k)) return true;
  return false;
}

/// `clients` threads posting receipts (firm chosen per request by `firm_of(i)`) until
/// `stop` or `per_client` each; every answer recorded. A client whose request gets no
/// HTTP answer (its front is gone) stops there.
inline std::vector<answer_record> load(std::uint16_t http_port, int clients, int per_client,
                                       const std::function<std::string(int)>& firm_of, const std::atomic<bool>& stop,
                                       const std::string& query = "?wait4free=20", const std::string& host = loopback) {
  std::mutex lock;
  std::vector<answer_record> all;
  std::vector<std::thread> threads;
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&, c] {
      auto client = client_of(http_port, 40s, host);
      for (int i = 0; i < per_client && !stop.load(); ++i) {
        answer_record record;
        record.sent = steady::now();
        const auto answer =
            client.Post(("/v1/receipts" + query).c_str(), receipt_for(firm_of(c * per_client + i)), "application/json");
        record.answered = steady::now();
        const bool unanswered = !answer;
        if (answer) {
          record.status = answer->status;
          record.body = answer->body;
        }
        std::lock_guard<std::mutex> guard(lock);
        all.push_back(std::move(record));
        if (unanswered) break;
      }
    });
  }
  for (auto& t : threads) t.join();
  return all;
}

inline std::size_t count_status(const std::vector<answer_record>& answers, int status) {
  std::size_t n = 0;
  for (const auto& a : answers) n += a.status == status ? 1 : 0;
  return n;
}

/// Opens the shift of each register named (through the front: a per-register operation on
/// a remote register), so that afterwards every new FN document is a receipt.
inline void open_shifts(std::uint16_t http_port, const std::vector<std::string>& serials,
                        const std::string& host = loopback) {
  auto client = client_of(http_port, 30s, host);
  for (const auto& sn : serials) {
    const auto answer = client.Post(("/v1/cashmachines/" + sn + "/open_shift").c_str(), "", "application/json");
    REQUIRE(answer);
    INFO(sn << ": " << answer->body);
    // 499: a shift a previous run of the node left open.
    CHECK((answer->status == 200 || answer->status == 499));
  }
}

/// Each register's FN last document once all `count` registers are ready again (the
/// refresh after a job reports it before the register takes the next one).
inline std::map<std::string, std::uint64_t> settled_documents(std::uint16_t http_port, std::size_t count,
                                                              const std::string& host = loopback) {
  std::map<std::string, std::uint64_t> out;
  const bool settled = eventually(
      [&] {
        const auto registers = listing(http_port, host);
        if (!registers || registers->size() != count) return false;
        out.clear();
        for (const auto& r : *registers) {
          if (r.availability != "ready") return false;
          out[r.serial] = r.last_document;
        }
        return true;
      },
      10000ms);
  REQUIRE(settled);
  return out;
}

}  // namespace ws::test::cluster
