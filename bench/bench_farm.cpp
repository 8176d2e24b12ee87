// The farm without HTTP: the broker actor -> a group actor's register actors -> N emulated
// registers on ptys in a separate kkt-emulator process. Client actors submit one-row
// receipts through the broker, keeping exactly N in flight (one per register: a closed
// loop that keeps every register busy without jobs queueing behind each other).
//
// Each point runs in a forked child (a fresh heap, so memory figures do not carry over):
//   1. N device states are made in a temporary folder in /dev/shm (registered to INN
//      7704211201, shift open; in-process kkt_device, no fsync), so the emulator loads
//      ready devices; the emulator's own fsyncs then hit tmpfs, not the disk.
//   2. kkt-emulator --count N --dir DIR --print-ms-per-doc D --byte-timeout-ms B starts.
//   3. The broker and the group are spawned; VmRSS of this process is read before and
//      after the registers are up (server memory per register).
//   4. Warm-up, then a measured window: receipts/s (each receipt adds the share of its
//      send->answer interval inside the window), latency p50/p90/p99/p99.9 of the
//      receipts answered in the window, commands per receipt (the emulator's control
//      socket), this process's CPU seconds per receipt
//      (getrusage: broker, registers, line thread and the client actors) and the
//      emulator's (from /proc/PID/stat), efficiency = throughput / (N / device time).
//
// The link's byte timeout is set on both sides (the host may set it with command 14h):
// with the protocol's 50 ms every exchange costs ~200 ms of quiet time. --protocol picks
// the low level the registers speak (default packet: numbered packets, no ENQ/ACK
// handshakes; the emulator answers whichever the host starts with); every result line
// names it in its "low_level" parameter.
//
// Usage: bench_farm [--quick] [--emulator PATH] [--protocol standard|packet]
//                   [--only N:DEVICE_MS:BYTE_MS[:standard|packet] ...] [--scheduler.X=Y ...]

#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <future>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <caf/all.hpp>

#include "actors/broker_actor.hpp"
#include "actors/group_actor.hpp"
#include "actors/jobs/print_receipt_job.hpp"
#include "bench/bench_common.hpp"
#include "bench/farm_support.hpp"
#include "emulator/emulator_farm.hpp"
#include "emulator/kkt_device.hpp"
#include "emulator/pty_port.hpp"
#include "protocol/ffd/receipt_calculation.hpp"
#include "protocol/shtrih/commands.hpp"
#include "tests/support/die_with_parent.hpp"

namespace {

using namespace ws;
using namespace ws::bench;
using namespace ws::actors;
using std::chrono::milliseconds;

const std::string& firm = bench_firm;


// ---------------------------------------------------------------- the load

ffd::receipt_content one_row_receipt() {
  ffd::receipt_content content;
  content.firm_inn = firm;
  ffd::receipt_row row;
  row.text = "Товар";
  row.price = ffd::money{10000};
  row.qty = ffd::quantity{1'000'000};
  row.tax = ffd::vat_rate::nds_none;
  content.rows = {row};
  content.payments = {ffd::payment{ffd::payment_type::cash, ffd::money{10000}}};
  return content;
}

broker_request receipt_request() {
  broker_request request;
  request.order.spec = jobs::receipt_order{one_row_receipt(), {}};
  request.order.time_left = std::chrono::seconds(30);
  request.inn = firm;
  request.wait4free = std::chrono::seconds(30);
  request.time_left = std::chrono::seconds(60);
  return request;
}

struct window_samples {
  std::mutex lock;
  std::vector<double> latency_ms;  ///< answered successfully inside the window
  /// Receipts' worth of work done inside the window: each successful receipt adds the
  /// share of its [sent, answered] interval that lies inside (exact for a closed loop,
  /// where whole-receipt counting would be off by up to one receipt per register).
  double work_in_window = 0;
  std::size_t in_window = 0;
  std::size_t failed = 0;
  std::string first_failure;
};

/// Keeps `window` receipts in flight until `stop_at`; counts those answered in
/// [count_from, stop_at).
class client_actor : public caf::event_based_actor {
 public:
  client_actor(caf::actor_config& config, caf::actor broker, int window, bench_clock::time_point count_from,
               bench_clock::time_point stop_at, window_samples* samples, std::promise<void>* finished)
      : caf::event_based_actor(config),
        broker_(std::move(broker)),
        window_(window),
        count_from_(count_from),
        stop_at_(stop_at),
        samples_(samples),
        done_(finished) {}

  caf::behavior make_behavior() override {
    for (int i = 0; i < window_; ++i) ask();
    return {[](int) {}};
  }

 private:
  void ask() {
    ++in_flight_;
    const auto t0 = bench_clock::now();
    request(broker_, std::chrono::seconds(90), receipt_request())
        .then(
            [this, t0](const broker_result& result) {
              const bool ok =
                  result.kind == broker::outcome::completed && result.failure.kind == jobs::failure_kind::none;
              answered(t0, ok, ok ? std::string() : result.message);
            },
            [this, t0](const caf::error& error) { answered(t0, false, to_string(error)); });
  }

  void answered(bench_clock::time_point t0, bool ok, const std::string& why) {
    const auto t1 = bench_clock::now();
    --in_flight_;
    if (!ok) {
      ++failed_;
      if (first_failure_.empty()) first_failure_ = why;
    } else {
      if (t1 >= count_from_ && t1 < stop_at_) latencies_.push_back(seconds_between(t0, t1) * 1e3);
      const auto from = std::max(t0, count_from_);
      const auto to = std::min(t1, stop_at_);
      if (to > from && t1 > t0) work_ += seconds_between(from, to) / seconds_between(t0, t1);
    }
    if (t1 < stop_at_) return ask();
    if (in_flight_ == 0) {
      {
        std::lock_guard<std::mutex> guard(samples_->lock);
        samples_->latency_ms.insert(samples_->latency_ms.end(), latencies_.begin(), latencies_.end());
        samples_->in_window += latencies_.size();
        samples_->work_in_window += work_;
        samples_->failed += failed_;
        if (samples_->first_failure.empty()) samples_->first_failure = first_failure_;
      }
      done_->set_value();
      quit();
    }
  }

  caf::actor broker_;
  int window_;
  bench_clock::time_point count_from_;
  bench_clock::time_point stop_at_;
  window_samples* samples_;
  std::promise<void>* done_;
  int in_flight_ = 0;
  std::vector<double> latencies_;
  double work_ = 0;
  std::size_t failed_ = 0;
  std::string first_failure_;
};

std::size_t ready_registers(caf::scoped_actor& self, const caf::actor& broker) {
  std::size_t ready = 0;
  self->request(broker, std::chrono::seconds(5), stats_atom::value)
      .receive(
          [&](const broker::broker_stats& stats) {
            for (const auto& r : stats.registers)
              if (r.inn == firm && r.availability == broker::register_availability::ready) ++ready;
          },
          [](const caf::error&) {});
  return ready;
}

// ---------------------------------------------------------------- one point

/// CAF's own settings given on the command line (e.g. --scheduler.max-threads=1).
std::vector<std::string> caf_options;

void run_point(const std::string& emulator_program, const point& p, const run_lengths& lengths) {
  emulator::raise_open_file_limit();
  temp_dir shm("/dev/shm");
  const auto t_provision = bench_clock::now();
  provision(shm.path(), p.registers);
  emulator_process emulator(emulator_program, shm.path(), p);
  note("  provisioned and started " + std::to_string(p.registers) + " devices in " +
       std::to_string(seconds_between(t_provision, bench_clock::now())) + " s");

  line_io io;
  caf::actor_system_config config;
  add_farm_message_types(config);
  if (auto error = config.parse(caf_options)) throw std::runtime_error("bad CAF option: " + to_string(error));
  std::optional<caf::actor_system> system;
  system.emplace(config);
  {
    caf::scoped_actor self{*system};
    broker_options broker_opts;
    broker_opts.limits.max_waiting = 100'000;
    auto broker = caf::actor_cast<caf::actor>(spawn_broker(*system, broker_opts));
    const long rss_before = rss_kb();

    group_options group;
    group.name = "bench";
    for (int k = 1; k <= p.registers; ++k)
      group.registers.push_back(
          {"", (shm.path() / emulator::emulator_farm::device_name(k)).string(), 115200, {}, p.level});
    group.link.byte_timeout = milliseconds(p.byte_ms);
    auto farm_group = spawn_group(*system, io, group);
    self->send(broker, join_group_atom::value, farm_group);

    const auto t_up = bench_clock::now();
    const auto up_limit = t_up + std::chrono::seconds(60);
    while (ready_registers(self, broker) < static_cast<std::size_t>(p.registers)) {
      if (bench_clock::now() > up_limit) throw std::runtime_error("registers not ready within 60 s");
      std::this_thread::sleep_for(milliseconds(50));
    }
    const double up_seconds = seconds_between(t_up, bench_clock::now());
    const long rss_ready = rss_kb();

    // The run: N receipts in flight from up to 8 client actors.
    window_samples samples;
    const int clients = std::min(p.registers, 8);
    std::vector<std::promise<void>> done(static_cast<std::size_t>(clients));
    const auto start = bench_clock::now();
    const auto count_from = start + lengths.warm_up;
    const auto stop_at = count_from + lengths.measured;
    for (int c = 0; c < clients; ++c) {
      const int window = p.registers / clients + (c < p.registers % clients ? 1 : 0);
      system->spawn<client_actor>(broker, window, count_from, stop_at, &samples, &done[static_cast<std::size_t>(c)]);
    }
    std::this_thread::sleep_until(count_from);
    const double cpu0 = self_cpu_seconds();
    const double emu_cpu0 = emulator.cpu_seconds();
    const auto commands0 = emulator_commands(shm.path());
    const double load0 = load_average();
    std::this_thread::sleep_until(stop_at);
    const double cpu1 = self_cpu_seconds();
    const double emu_cpu1 = emulator.cpu_seconds();
    const auto commands1 = emulator_commands(shm.path());
    const long rss_loaded = rss_kb();
    const long emulator_rss = emulator.rss_kb();
    for (auto& d : done) {
      if (d.get_future().wait_for(std::chrono::seconds(100)) != std::future_status::ready)
        throw std::runtime_error("clients did not finish within 100 s of the window's end");
    }

    const double window_s = std::chrono::duration<double>(lengths.measured).count();
    const double receipts = samples.work_in_window;
    const double rate = receipts / window_s;
    const std::vector<param> params{num("registers", p.registers), num("device_time_ms", p.device_ms),
                                    num("byte_timeout_ms", p.byte_ms), low_level_param(p), num("load1", load0)};
    report("farm_receipts", params, rate, "receipts/s");
    if (p.device_ms > 0)
      report("farm_efficiency", params, 100.0 * rate / (p.registers * 1000.0 / p.device_ms), "%");
    report("farm_latency_p50", params, percentile(samples.latency_ms, 50), "ms");
    report("farm_latency_p90", params, percentile(samples.latency_ms, 90), "ms");
    report("farm_latency_p99", params, percentile(samples.latency_ms, 99), "ms");
    report("farm_latency_p99_9", params, percentile(samples.latency_ms, 99.9), "ms");
    if (receipts > 0) {
      report("farm_server_cpu_per_receipt", params, (cpu1 - cpu0) / receipts * 1e3, "ms");
      report("farm_emulator_cpu_per_receipt", params, (emu_cpu1 - emu_cpu0) / receipts * 1e3, "ms");
      report("farm_commands_per_receipt", params, static_cast<double>(commands1 - commands0) / receipts, "commands");
    }
    report("farm_server_rss_per_register", params, static_cast<double>(rss_ready - rss_before) / p.registers, "kB");
    report("farm_server_rss_per_register_loaded", params,
           static_cast<double>(rss_loaded - rss_before) / p.registers, "kB");
    report("farm_server_rss", params, static_cast<double>(rss_loaded), "kB");
    report("farm_emulator_rss_per_register", params, static_cast<double>(emulator_rss) / p.registers, "kB");
    report("farm_registers_up", params, up_seconds, "s");
    report("farm_failed", params, static_cast<double>(samples.failed), "receipts");
    note("  N=" + std::to_string(p.registers) + " device " + std::to_string(p.device_ms) + " ms byte " +
         std::to_string(p.byte_ms) + " ms " + std::string(shtrih::low_level_name(p.level)) +
         ": " + std::to_string(rate) + " receipts/s, p50 " +
         std::to_string(percentile(samples.latency_ms, 50)) + " ms, p99 " +
         std::to_string(percentile(samples.latency_ms, 99)) + " ms, failed " + std::to_string(samples.failed) +
         (samples.first_failure.empty() ? "" : " (" + samples.first_failure + ")"));

    self->send_exit(broker, caf::exit_reason::user_shutdown);
    self->send_exit(farm_group, caf::exit_reason::user_shutdown);
  }
  system->await_all_actors_done();
  system.reset();
  io.stop();
}


std::string default_emulator() {
  // build/bench/bench_farm -> build/apps/kkt-emulator
  const auto self = std::filesystem::read_symlink("/proc/self/exe");
  return (self.parent_path().parent_path() / "apps" / "kkt-emulator").string();
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const bool quick = quick_mode(argc, argv);
    std::string emulator_program = default_emulator();
    std::vector<point> points;
    shtrih::low_level level = shtrih::low_level::packet;
    for (int i = 1; i < argc; ++i) {
      const std::string arg = argv[i];
      if (arg == "--emulator" && i + 1 < argc) emulator_program = argv[++i];
      else if (arg == "--protocol" && i + 1 < argc) level = parse_low_level(argv[++i]);
      else if (arg == "--only" && i + 1 < argc) points.push_back(parse_point(argv[++i]));
      else if (arg.rfind("--scheduler.", 0) == 0 || arg.rfind("--work-stealing.", 0) == 0) caf_options.push_back(arg);
      else if (arg != "--quick") throw std::invalid_argument("unknown argument " + arg);
    }
    if (points.empty()) {
      // The scaling table on the packet level with the protocol's own 50 ms byte timeout
      // (it only drops a packet cut short; nothing waits for it on a clean line), the
      // 32-register point, then the standard level for comparison: its quiet periods make
      // the byte timeout the pace, so it runs with 1 and 2 ms.
      for (int device_ms : {0, 1000})
        for (int n : {1, 8, 64, 512, 1000}) points.push_back({n, device_ms, 50});
      points.push_back({32, 0, 50});
      for (auto standard : {point{32, 0, 1}, point{64, 1000, 2}}) {
        standard.level = shtrih::low_level::standard;
        standard.level_named = true;
        points.push_back(standard);
      }
    }
    for (auto& p : points)  // --protocol holds for every point that names no level, wherever it stood
      if (!p.level_named) p.level = level;
    bool ok = true;
    for (const auto& p : points) {
      run_lengths lengths;
      if (p.device_ms == 0) lengths = quick ? run_lengths{milliseconds(500), milliseconds(1500)}
                                            : run_lengths{milliseconds(2000), milliseconds(8000)};
      else lengths = quick ? run_lengths{milliseconds(1500), milliseconds(3000)}
                           : run_lengths{milliseconds(3000), milliseconds(12000)};
      note("bench_farm: N=" + std::to_string(p.registers) + " device_ms=" + std::to_string(p.device_ms) +
           " byte_ms=" + std::to_string(p.byte_ms) + " protocol=" + std::string(shtrih::low_level_name(p.level)));
      ok = run_forked("bench_farm: N=" + std::to_string(p.registers), [&] { run_point(emulator_program, p, lengths); }) &&
           ok;
    }
    return ok ? 0 : 1;
  } catch (const std::exception& e) {
    std::cerr << "bench_farm: " << e.what() << std::endl;
    return 1;
  }
}
