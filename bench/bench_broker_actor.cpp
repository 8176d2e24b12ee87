// The CAF broker actor (actors/broker_actor.hpp) with N in-process fake registers: CAF
// actors that speak the register protocol of actors/farm_messages.hpp and answer every
// (run_job_atom, job_order) at once with a successful job_outcome. A fake group actor introduces them
// to the broker the way a real group does: (reg_handle_atom, register_member) and
// a register_status "ready" with an identified INN. So each job costs the real broker path:
// client -> broker (submit, core decision) -> register request -> answer -> core ->
// response promise -> client.
//
// Load: either event-based client actors that each keep a window of requests in flight
// (the broker's capacity), or client threads each with a scoped_actor doing one blocking
// request at a time (what an HTTP handler thread does). Each run is bounded in time;
// reports dispatches/s (= answered jobs/s, every job runs once) and the client-seen
// latency p50/p99.

#include <atomic>
#include <future>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <caf/all.hpp>

#include "actors/broker_actor.hpp"
#include "bench/bench_common.hpp"

namespace {

using namespace ws;
using namespace ws::bench;
using namespace ws::actors;

const std::string firm = "7704211201";

// The fakes are class actors: CAF 0.17.6 spawning a function actor that takes no
// arguments dereferences a null tuple pointer (UBSan stops it).

/// Answers every run at once with success.
class fake_register : public caf::event_based_actor {
 public:
  explicit fake_register(caf::actor_config& config) : caf::event_based_actor(config) {}

  caf::behavior make_behavior() override {
    return {
        [](run_job_atom, const jobs::job_order&) { return jobs::job_outcome{}; },
    };
  }
};

register_status ready_status(const std::string& port, int k) {
  register_status status;
  status.port = port;
  status.state = register_state::ready;
  status.identity.serial_number = std::to_string(1000000000000000LL + k);
  status.identity.model = "SHTRIH-M-FR-K";
  status.identity.inn = 7704211201ULL;
  status.identity.shift_open = true;
  return status;
}

/// Introduces every fake register to each subscriber, as a group actor does.
class fake_group : public caf::event_based_actor {
 public:
  fake_group(caf::actor_config& config, std::vector<caf::actor> registers)
      : caf::event_based_actor(config), registers_(std::move(registers)) {}

  caf::behavior make_behavior() override {
    return {
        [this](subscribe_atom, const caf::actor& who) {
          for (std::size_t k = 0; k < registers_.size(); ++k) {
            register_config config;
            config.port = "/fake/kkt-" + std::to_string(k + 1);
            send(who, reg_handle_atom::value, register_member{config, caf::actor_cast<register_actor>(registers_[k]), 0});
            send(who, ready_status(config.port, static_cast<int>(k)));
          }
        },
    };
  }

 private:
  std::vector<caf::actor> registers_;
};

/// Answers every int with itself (the request_cost echo).
class echo_actor : public caf::event_based_actor {
 public:
  explicit echo_actor(caf::actor_config& config) : caf::event_based_actor(config) {}

  caf::behavior make_behavior() override {
    return {
        [](int x) { return x; },
    };
  }
};

broker_request one_request() {
  broker_request request;
  request.order.spec = jobs::beep_order{};  // the fake register answers without running it
  request.order.time_left = std::chrono::seconds(10);
  request.inn = firm;
  request.wait4free = std::chrono::seconds(30);
  request.time_left = std::chrono::seconds(60);
  return request;
}

/// What a client collected; merged under a mutex at the end of a run.
struct run_samples {
  std::mutex lock;
  std::vector<double> latency_us;
  std::size_t ok = 0;
  std::size_t failed = 0;

  void merge(const std::vector<double>& latencies, std::size_t good, std::size_t bad) {
    std::lock_guard<std::mutex> guard(lock);
    latency_us.insert(latency_us.end(), latencies.begin(), latencies.end());
    ok += good;
    failed += bad;
  }
};

/// Keeps `window` requests in flight until `stop_at`, then reports and quits.
class client_actor : public caf::event_based_actor {
 public:
  client_actor(caf::actor_config& config, caf::actor broker, int window, bench_clock::time_point stop_at,
               run_samples* samples, std::promise<void>* finished)
      : caf::event_based_actor(config),
        broker_(std::move(broker)),
        window_(window),
        stop_at_(stop_at),
        samples_(samples),
        done_(finished) {}

  caf::behavior make_behavior() override {
    latencies_.reserve(1'000'000);
    for (int i = 0; i < window_; ++i) ask();
    return {[](int) {}};
  }

 private:
  void ask() {
    ++in_flight_;
    const auto t0 = bench_clock::now();
    request(broker_, caf::infinite, one_request())
        .then(
            [this, t0](const broker_result& result) {
              const auto t1 = bench_clock::now();
              if (result.kind == broker::outcome::completed && result.failure.kind == jobs::failure_kind::none) {
                ++ok_;
                latencies_.push_back(seconds_between(t0, t1) * 1e6);
              } else {
                ++failed_;
              }
              answered(t1);
            },
            [this](const caf::error&) {
              ++failed_;
              answered(bench_clock::now());
            });
  }

  void answered(bench_clock::time_point now) {
    --in_flight_;
    if (now < stop_at_) return ask();
    if (in_flight_ == 0) {
      samples_->merge(latencies_, ok_, failed_);
      done_->set_value();
      quit();
    }
  }

  caf::actor broker_;
  int window_;
  bench_clock::time_point stop_at_;
  run_samples* samples_;
  std::promise<void>* done_;
  int in_flight_ = 0;
  std::vector<double> latencies_;
  std::size_t ok_ = 0;
  std::size_t failed_ = 0;
};

/// One broker with N fake registers in a fresh actor system.
class broker_farm {
 public:
  broker_farm(int registers, const std::vector<std::string>& caf_options) {
    add_farm_message_types(config_);
    if (auto error = config_.parse(caf_options)) throw std::runtime_error("bad CAF option: " + to_string(error));
    system_.emplace(config_);
    for (int k = 0; k < registers; ++k) registers_.push_back(system_->spawn<fake_register>());
    group_ = system_->spawn<fake_group>(registers_);
    broker_options options;
    options.limits.max_waiting = 1'000'000;
    // The fakes are untyped actors speaking the group and register protocols; the broker
    // takes typed handles, so they are cast (unchecked) to the interfaces they implement.
    options.groups = {caf::actor_cast<group_actor>(group_)};
    broker_ = caf::actor_cast<caf::actor>(spawn_broker(*system_, options));
    await_ready(static_cast<std::size_t>(registers));
  }
  ~broker_farm() {
    caf::anon_send_exit(broker_, caf::exit_reason::user_shutdown);
    caf::anon_send_exit(group_, caf::exit_reason::user_shutdown);
    for (auto& r : registers_) caf::anon_send_exit(r, caf::exit_reason::user_shutdown);
    broker_ = nullptr;
    group_ = nullptr;
    registers_.clear();
    system_->await_all_actors_done();
  }
  broker_farm(const broker_farm&) = delete;
  broker_farm& operator=(const broker_farm&) = delete;

  caf::actor_system& system() { return *system_; }
  const caf::actor& broker() const { return broker_; }

 private:
  void await_ready(std::size_t count) {
    caf::scoped_actor self{*system_};
    const auto limit = bench_clock::now() + std::chrono::seconds(20);
    while (bench_clock::now() < limit) {
      std::size_t ready = 0;
      self->request(broker_, std::chrono::seconds(5), stats_atom::value)
          .receive(
              [&](const broker::broker_stats& stats) {
                for (const auto& r : stats.registers)
                  if (r.availability == broker::register_availability::ready) ++ready;
              },
              [](const caf::error&) {});
      if (ready == count) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    throw std::runtime_error("the broker did not learn every fake register in 20 s");
  }

  caf::actor_system_config config_;
  std::optional<caf::actor_system> system_;
  std::vector<caf::actor> registers_;
  caf::actor group_;
  caf::actor broker_;
};

struct run_figures {
  double per_second = 0;
  double p50_us = 0;
  double p99_us = 0;
  double p99_9_us = 0;
  double max_us = 0;
  std::size_t failed = 0;
};

/// One scheduler thread runs the most recently woken actor first (LIFO), so most
/// requests finish at once while a few wait long: the tail (p99.9, max) shows it.
run_figures figures_of(run_samples& samples, double elapsed) {
  return {static_cast<double>(samples.ok) / elapsed, percentile(samples.latency_us, 50),
          percentile(samples.latency_us, 99),  percentile(samples.latency_us, 99.9),
          percentile(samples.latency_us, 100), samples.failed};
}

run_figures run_actor_clients(broker_farm& farm, int clients, int window, std::chrono::milliseconds length) {
  run_samples samples;
  std::vector<std::promise<void>> done(static_cast<std::size_t>(clients));
  const auto start = bench_clock::now();
  const auto stop_at = start + length;
  for (auto& d : done) farm.system().spawn<client_actor>(farm.broker(), window, stop_at, &samples, &d);
  for (auto& d : done) d.get_future().wait();
  return figures_of(samples, seconds_between(start, bench_clock::now()));
}

run_figures run_thread_clients(broker_farm& farm, int threads, std::chrono::milliseconds length) {
  run_samples samples;
  const auto start = bench_clock::now();
  const auto stop_at = start + length;
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&] {
      caf::scoped_actor self{farm.system()};
      std::vector<double> latencies;
      std::size_t ok = 0;
      std::size_t bad = 0;
      while (bench_clock::now() < stop_at) {
        const auto t0 = bench_clock::now();
        self->request(farm.broker(), std::chrono::seconds(60), one_request())
            .receive(
                [&](const broker_result& result) {
                  if (result.kind == broker::outcome::completed && result.failure.kind == jobs::failure_kind::none) {
                    ++ok;
                    latencies.push_back(seconds_between(t0, bench_clock::now()) * 1e6);
                  } else {
                    ++bad;
                  }
                },
                [&](const caf::error&) { ++bad; });
      }
      samples.merge(latencies, ok, bad);
    });
  }
  for (auto& w : workers) w.join();
  return figures_of(samples, seconds_between(start, bench_clock::now()));
}

/// What one CAF request/response costs by itself, with a finite timeout (CAF 0.17 then
/// schedules the timeout on its clock thread and cancels it on the answer: a mutex and a
/// condition-variable wake-up each) and without: the same window of echo requests
/// between two actors. Tells how much of a broker job is CAF's request machinery.
class echo_client : public caf::event_based_actor {
 public:
  echo_client(caf::actor_config& config, caf::actor echo, bool finite, bench_clock::time_point stop_at,
              std::size_t* count, std::promise<void>* finished)
      : caf::event_based_actor(config),
        echo_(std::move(echo)),
        finite_(finite),
        stop_at_(stop_at),
        count_(count),
        done_(finished) {}

  caf::behavior make_behavior() override {
    for (int i = 0; i < 64; ++i) ask();
    return {[](int) {}};
  }

 private:
  void ask() {
    ++in_flight_;
    const caf::duration timeout = finite_ ? caf::duration(std::chrono::seconds(60)) : caf::infinite;
    request(echo_, timeout, 1).then([this](int) { answered(); }, [this](const caf::error&) { answered(); });
  }
  void answered() {
    --in_flight_;
    ++*count_;
    if (bench_clock::now() < stop_at_) return ask();
    if (in_flight_ == 0) {
      done_->set_value();
      quit();
    }
  }

  caf::actor echo_;
  bool finite_;
  bench_clock::time_point stop_at_;
  std::size_t* count_;
  std::promise<void>* done_;
  int in_flight_ = 0;
};

void request_cost(const std::vector<std::string>& caf_options, const std::string& scheduler,
                  std::chrono::milliseconds length) {
  caf::actor_system_config config;
  if (auto error = config.parse(caf_options)) throw std::runtime_error("bad CAF option: " + to_string(error));
  caf::actor_system system{config};
  auto echo = system.spawn<echo_actor>();
  for (bool finite : {true, false}) {
    std::size_t count = 0;
    std::promise<void> done;
    const auto start = bench_clock::now();
    system.spawn<echo_client>(echo, finite, start + length, &count, &done);
    done.get_future().wait();
    const double rate = static_cast<double>(count) / seconds_between(start, bench_clock::now());
    report("caf_request_roundtrips",
           {str("scheduler", scheduler), str("timeout", finite ? "60s" : "infinite"), num("in_flight", 64)}, rate,
           "requests/s");
    note(std::string("caf request/response, timeout ") + (finite ? "60 s" : "infinite") + ": " +
         std::to_string(rate) + " /s");
  }
  caf::anon_send_exit(echo, caf::exit_reason::user_shutdown);
}

void print(const std::string& scheduler, const std::string& clients_kind, int registers, int clients, int in_flight,
           const run_figures& f) {
  const std::vector<param> params{str("scheduler", scheduler), str("clients_kind", clients_kind),
                                  num("registers", registers), num("clients", clients), num("in_flight", in_flight)};
  report("broker_actor_dispatches", params, f.per_second, "dispatches/s");
  report("broker_actor_latency_p50", params, f.p50_us, "us");
  report("broker_actor_latency_p99", params, f.p99_us, "us");
  report("broker_actor_latency_p99_9", params, f.p99_9_us, "us");
  report("broker_actor_latency_max", params, f.max_us, "us");
  if (f.failed != 0) report("broker_actor_failed", params, static_cast<double>(f.failed), "jobs");
  note("broker_actor [" + scheduler + "] " + clients_kind + " N=" + std::to_string(registers) + " in_flight=" +
       std::to_string(in_flight) + ": " + std::to_string(f.per_second) + " /s, p50 " + std::to_string(f.p50_us) +
       " us, p99 " + std::to_string(f.p99_us) + " us");
}


/// What a per-register operation pays to find its register (locate_atom) and what the
/// listing costs (list_atom): one request each to the broker, whatever N, answered from
/// its own copy of every register's status. Latency from a blocking client, as the HTTP
/// bridge asks.
void lookups(broker_farm& farm, int registers, std::chrono::milliseconds length) {
  caf::scoped_actor self{farm.system()};
  for (const bool listing : {false, true}) {
    std::vector<double> latency_us;
    std::size_t failed = 0;
    const auto stop_at = bench_clock::now() + length / 4;
    int k = 0;
    while (bench_clock::now() < stop_at) {
      const std::string serial = ready_status("", k++ % registers).identity.serial_number;
      const auto t0 = bench_clock::now();
      auto answered = [&](const farm_listing& found) {
        if (found.registers.empty()) ++failed;
        latency_us.push_back(seconds_between(t0, bench_clock::now()) * 1e6);
      };
      if (listing)
        self->request(farm.broker(), std::chrono::seconds(10), list_atom::value)
            .receive(answered, [&](const caf::error&) { ++failed; });
      else
        self->request(farm.broker(), std::chrono::seconds(10), locate_atom::value, serial)
            .receive(answered, [&](const caf::error&) { ++failed; });
    }
    const std::vector<param> params{str("question", listing ? "list" : "locate"), num("registers", registers),
                                    num("broker_requests_per_question", 1)};
    report("broker_lookup_latency_p50", params, percentile(latency_us, 50), "us");
    report("broker_lookup_latency_p99", params, percentile(latency_us, 99), "us");
    if (failed != 0) report("broker_lookup_failed", params, static_cast<double>(failed), "questions");
    note(std::string("broker ") + (listing ? "list" : "locate") + " N=" + std::to_string(registers) + ": p50 " +
         std::to_string(percentile(latency_us, 50)) + " us, p99 " + std::to_string(percentile(latency_us, 99)) + " us");
  }
}

/// Every measurement under one CAF scheduler setting ("default": CAF's own, one worker
/// thread per core, work stealing).
void run_all(const std::vector<std::string>& caf_options, const std::vector<int>& counts,
             std::chrono::milliseconds length) {
  std::string scheduler = "default";
  if (!caf_options.empty()) {
    scheduler.clear();
    for (const auto& o : caf_options) scheduler += (scheduler.empty() ? "" : " ") + o.substr(2);
  }
  request_cost(caf_options, scheduler, length);
  for (int registers : counts) {
    broker_farm farm(registers, caf_options);
    const int clients = 4;
    // Twice as many requests in flight as registers (at least 64): every register is
    // kept busy and jobs also wait in the broker's queue.
    const int window = std::max(16, registers / 2);
    run_actor_clients(farm, clients, window, std::chrono::milliseconds(200));  // warm-up
    print(scheduler, "actors", registers, clients, clients * window, run_actor_clients(farm, clients, window, length));
    lookups(farm, registers, length);
    if (registers == 64) {
      for (int threads : {1, 8, 32})
        print(scheduler, "threads", registers, threads, threads, run_thread_clients(farm, threads, length));
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  const bool quick = quick_mode(argc, argv);
  // CAF's own settings (e.g. --scheduler.max-threads=1) pass through to every system;
  // without any, both CAF's default and one scheduler thread are measured.
  std::vector<std::string> caf_options;
  std::vector<int> counts{1, 8, 64, 512, 1000};
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg.rfind("--scheduler.", 0) == 0 || arg.rfind("--work-stealing.", 0) == 0) caf_options.push_back(arg);
    if (arg == "--registers" && i + 1 < argc) counts = {std::stoi(argv[i + 1])};
  }
  const auto length = std::chrono::milliseconds(quick ? 300 : 2000);
  try {
    if (!caf_options.empty()) {
      run_all(caf_options, counts, length);
    } else {
      run_all({}, counts, length);
      run_all({"--scheduler.max-threads=1"}, counts, length);
    }
  } catch (const std::exception& e) {
    std::cerr << "bench_broker_actor: " << e.what() << std::endl;
    return 1;
  }
  return 0;
}
