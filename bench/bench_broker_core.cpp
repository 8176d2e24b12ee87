// The broker's pure decision core alone (actors/broker/broker_core.hpp): N registers of
// one INN that finish every job at once. Two load shapes:
//   direct  - a job is submitted when a register is free, so submit() dispatches it at
//             once and job_finished() frees the register (no queue);
//   queued  - 2N jobs always wait: job_finished() frees a register and the core hands it
//             the earliest waiting job from the route's FIFO (the offer path).
// Reports dispatches/s (the median of 5 rounds) and the core's own time per job (the
// submit() and job_finished() calls that job needed, timed around each call: p50, p99).

#include <deque>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include "actors/broker/broker_core.hpp"
#include "bench/bench_common.hpp"

namespace {

using namespace ws;
using namespace ws::bench;
using broker::broker_core;

const std::string firm = "7704211201";

broker::register_info register_number(int k) {
  broker::register_info info;
  info.id = "/tmp/wsb/kkt-" + std::to_string(10000 + k);
  info.inn = firm;
  info.attributes["port"] = info.id;
  info.attributes["sn"] = std::to_string(1000000000000000LL + k);
  info.attributes["inn"] = firm;
  info.attributes["model"] = std::string("SHTRIH-M-FR-K");
  return info;
}

struct round_result {
  double dispatches_per_s = 0;
  std::vector<double> per_job_us;
};

class core_driver {
 public:
  core_driver(int registers, bool queued) : queued_(queued) {
    broker::broker_limits limits;
    limits.max_waiting = 1'000'000;
    core_ = broker_core(limits);
    const auto now = bench_clock::now();
    for (int k = 0; k < registers; ++k) {
      auto info = register_number(k);
      ids_.push_back(info.id);
      core_.upsert_register(info, now);
      core_.register_ready(info.id, now);
    }
    if (queued_)
      for (int k = 0; k < 3 * registers; ++k) submit_one();  // N run at once, 2N wait
  }

  /// Runs the loop for `length`; every dispatch is one job started on a register.
  round_result run(std::chrono::milliseconds length) {
    round_result out;
    out.per_job_us.reserve(4'000'000);
    std::size_t dispatched = 0;
    const auto start = bench_clock::now();
    auto now = start;
    while (now - start < length) {
      for (int batch = 0; batch < 256; ++batch) {
        if (!queued_) submit_one();  // dispatches at once: a register is free
        // The oldest running job ends; in the queued shape that frees a register for the
        // earliest waiting job, then a new job joins the queue's tail.
        auto [job, reg] = running_.front();
        running_.pop_front();
        const auto t0 = bench_clock::now();
        auto d = core_.job_finished(job, reg, jobs::failure_kind::none, t0);
        const auto t1 = bench_clock::now();
        take(d);
        add_time(job, seconds_between(t0, t1));
        out.per_job_us.push_back(core_time_.at(job) * 1e6);
        core_time_.erase(job);
        if (queued_) submit_one();
        ++dispatched;
      }
      now = bench_clock::now();
    }
    out.dispatches_per_s = static_cast<double>(dispatched) / seconds_between(start, now);
    return out;
  }

 private:
  void submit_one() {
    broker::job_request request;
    request.id = next_job_++;
    request.inn = firm;
    request.wait4free = std::chrono::hours(1);
    const auto t0 = bench_clock::now();
    request.deadline = t0 + std::chrono::hours(1);
    auto d = core_.submit(std::move(request), t0);
    const auto t1 = bench_clock::now();
    add_time(next_job_ - 1, seconds_between(t0, t1));
    take(d);
  }

  void take(const broker::decisions& d) {
    if (!d.answers.empty() && d.answers.front().kind != broker::outcome::completed)
      throw std::runtime_error("the core refused a job: " + d.answers.front().message);
    for (const auto& dispatch : d.dispatches) running_.emplace_back(dispatch.job, dispatch.reg);
  }

  /// Core time is charged to the job the call was about (submit: the new job; finish:
  /// the ending job, including handing the freed register its next job).
  void add_time(broker::job_id job, double seconds) { core_time_[job] += seconds; }

  bool queued_;
  broker_core core_;
  std::vector<broker::register_id> ids_;
  std::deque<std::pair<broker::job_id, broker::register_id>> running_;
  std::unordered_map<broker::job_id, double> core_time_;
  broker::job_id next_job_ = 1;
};

}  // namespace

int main(int argc, char** argv) {
  const bool quick = quick_mode(argc, argv);
  const auto round_length = std::chrono::milliseconds(quick ? 100 : 400);
  const int rounds = quick ? 2 : 5;
  for (const char* shape : {"direct", "queued"}) {
    for (int registers : {1, 8, 64, 512, 1000}) {
      core_driver driver(registers, std::string(shape) == "queued");
      driver.run(std::chrono::milliseconds(50));  // warm-up
      std::vector<double> rates;
      std::vector<double> latencies;
      for (int r = 0; r < rounds; ++r) {
        auto result = driver.run(round_length);
        rates.push_back(result.dispatches_per_s);
        if (r == rounds - 1) latencies = std::move(result.per_job_us);
      }
      const std::vector<param> params{str("shape", shape), num("registers", registers)};
      report("broker_core_dispatches", params, median(rates), "dispatches/s");
      report("broker_core_time_per_job_p50", params, percentile(latencies, 50), "us");
      report("broker_core_time_per_job_p99", params, percentile(latencies, 99), "us");
      note("broker_core " + std::string(shape) + " N=" + std::to_string(registers) + ": " +
           std::to_string(median(rates)) + " dispatches/s");
    }
  }
  return 0;
}
