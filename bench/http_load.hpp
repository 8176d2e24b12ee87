#pragma once
// The HTTP load of the end-to-end benchmarks (bench_http, bench_cluster): a one-row
// receipt for the benchmark firm, the wait until a server lists its registers ready, and
// one keep-alive connection posting receipts (or asking GET /v1/ping) back to back (a
// closed loop) whose answers inside the measured window are counted.

#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "bench/bench_common.hpp"

namespace ws::bench {

using std::chrono::milliseconds;

/// A one-row receipt for bench_firm (farm_support.hpp).
inline const char* const receipt_body = R"({"receipt_content": {"firm_inn": "7704211201", "receipt_type": "income",
 "taxation_type": "OSN", "agent_type": "none_agent", "client_email_or_phone": "", "firm_reply_email": "",
 "firm_url": "",
 "rows": [{"price": "100.00", "qty": "1", "tax_type": "nds_none", "payment_type_type": "full_payment_w_delivery",
           "text": "Товар"}],
 "payments": [{"amount": "100.00", "payment_type": "card"}]}})";

/// The ping of the benchmark firm: ready registers for its INN.
inline const char* const ping_path = "/v1/ping?firm_inn=7704211201";

/// What a connection sends back to back.
enum class http_request { receipt, ping };

/// Waits until /v1/cashmachines lists `count` registers with an open shift (bounded).
inline bool await_registers(int port, int count, std::chrono::seconds limit) {
  httplib::Client client("127.0.0.1", port);
  client.set_read_timeout(10, 0);
  const auto until = bench_clock::now() + limit;
  while (bench_clock::now() < until) {
    if (auto answer = client.Get("/v1/cashmachines")) {
      std::size_t ready = 0;
      for (auto at = answer->body.find("OPEN_SHIFT"); at != std::string::npos; at = answer->body.find("OPEN_SHIFT", at + 1))
        ++ready;
      if (answer->status == 200 && ready >= static_cast<std::size_t>(count)) return true;
    }
    std::this_thread::sleep_for(milliseconds(200));
  }
  return false;
}

struct load_samples {
  std::mutex lock;
  std::vector<double> latency_ms;
  double work = 0;
  std::size_t failed = 0;
  std::string first_failure;
};

/// One keep-alive connection sending receipts (or pings) back to back until `stop_at`.
inline void connection_loop(int port, bench_clock::time_point count_from, bench_clock::time_point stop_at,
                            load_samples& samples, http_request what = http_request::receipt) {
  httplib::Client client("127.0.0.1", port);
  client.set_keep_alive(true);
  client.set_tcp_nodelay(true);
  client.set_connection_timeout(5, 0);
  client.set_read_timeout(90, 0);
  std::vector<double> latencies;
  double work = 0;
  std::size_t failed = 0;
  std::string first_failure;
  std::size_t sent = 0;
  while (bench_clock::now() < stop_at) {
    ++sent;
    const auto t0 = bench_clock::now();
    auto answer = what == http_request::receipt
                      ? client.Post("/v1/receipts?wait4free=30", receipt_body, "application/json")
                      : client.Get(ping_path);
    const auto t1 = bench_clock::now();
    if (!answer || answer->status != 200) {
      ++failed;
      if (first_failure.empty())
        first_failure = (answer ? std::to_string(answer->status) + " " + answer->body.substr(0, 200)
                                : "no answer (" + httplib::to_string(answer.error()) + ")") +
                        " on request " + std::to_string(sent) + " of its connection, " +
                        std::to_string(seconds_between(t0, t1)) + " s after sending";
      if (!answer) std::this_thread::sleep_for(milliseconds(10));
      continue;
    }
    if (t1 >= count_from && t1 < stop_at) latencies.push_back(seconds_between(t0, t1) * 1e3);
    const auto from = std::max(t0, count_from);
    const auto to = std::min(t1, stop_at);
    if (to > from && t1 > t0) work += seconds_between(from, to) / seconds_between(t0, t1);
  }
  std::lock_guard<std::mutex> guard(samples.lock);
  samples.latency_ms.insert(samples.latency_ms.end(), latencies.begin(), latencies.end());
  samples.work += work;
  samples.failed += failed;
  if (samples.first_failure.empty()) samples.first_failure = first_failure;
}

}  // namespace ws::bench
