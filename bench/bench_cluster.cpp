// The farm across processes: one front `whitespirit` (REST API, journal, broker; no
// registers of its own) and K node `whitespirit`s, each with its own `kkt-emulator` child
// holding its N registers, all on 127.0.0.1 over plain TCP (cluster.insecure). The load is
// bench_http's: one keep-alive connection per register posting receipts back to back to
// the front (a closed loop), counted inside a measured window.
//
// Two kinds of point:
//  - scale K:N:DEVICE_MS: throughput, efficiency (÷ K·N / device time), latency p50/p99,
//    and the CPU per receipt of each process (/proc/PID/stat utime + stime over the
//    window): the front, every node, every emulator, and this load generator; also the
//    whole machine's busy share over the window (/proc/stat), to tell when the cores are
//    the limit.
//  - latency N: what a remote register adds against a local one at device time 0. One
//    emulator with 2N registers made alike; first a standalone whitespirit drives N of
//    them (local), then a front and one node drive the other N (remote); N connections
//    each time.
//    Reports p50/p99 of both and their differences, and the front's CPU per receipt with
//    every register remote.
// Each point runs in a forked child (fresh heap, its processes die with it).
//
// Usage: bench_cluster [--quick] [--whitespirit PATH] [--emulator PATH] [--keep-logs DIR]
//                      [--only scale:K:N:DEVICE_MS | --only latency:N ...]

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <functional>
#include <map>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "bench/bench_common.hpp"
#include "bench/farm_support.hpp"
#include "bench/http_load.hpp"

namespace {

using namespace ws;
using namespace ws::bench;

constexpr int byte_timeout_ms = 50;  ///< the protocol's, on the packet level (see bench_http)

/// --keep-logs DIR: where every process's log is copied when a point ends (empty: nowhere).
std::filesystem::path kept_logs;

/// Copies the logs of the point's folder to kept_logs/<point>-<name>.log.
void keep_logs(const std::filesystem::path& dir, const std::string& point_name) {
  if (kept_logs.empty()) return;
  std::filesystem::create_directories(kept_logs);
  std::error_code ignored;
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    if (entry.path().extension() == ".log")
      std::filesystem::copy_file(entry.path(), kept_logs / (point_name + "-" + entry.path().filename().string()),
                                 std::filesystem::copy_options::overwrite_existing, ignored);
}

/// A child program with its standard output and error in a log file, which the benchmark
/// reads for the lines the program prints when it is up.
class logged_process {
 public:
  logged_process(std::vector<std::string> args, std::filesystem::path log) : log_(std::move(log)) {
    child_streams streams;
    const auto file = open_log(log_);
    streams.out = file.get();
    streams.err_to_out = true;
    pid_ = spawn_child(std::move(args), streams);
  }
  ~logged_process() {
    if (pid_ > 0 && !stop_child(pid_, milliseconds(15000)))
      note("bench_cluster: " + log_.filename().string() + " did not stop within 15 s of SIGTERM; killed");
  }
  logged_process(const logged_process&) = delete;
  logged_process& operator=(const logged_process&) = delete;

  pid_t pid() const { return pid_; }
  double cpu_seconds() const { return process_cpu_seconds(pid_); }

  /// The first group of `pattern` once the log holds it (at most `limit`).
  std::string await(const std::string& pattern, std::chrono::seconds limit) const {
    const std::regex wanted(pattern);
    const auto until = bench_clock::now() + limit;
    while (bench_clock::now() < until) {
      std::ifstream in(log_);
      const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      std::smatch m;
      if (std::regex_search(text, m, wanted)) return m.size() > 1 ? m[1].str() : m[0].str();
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        throw std::runtime_error(log_.filename().string() + " exited at start (its log: " + log_.string() + ")");
      }
      std::this_thread::sleep_for(milliseconds(50));
    }
    throw std::runtime_error(log_.filename().string() + " did not print /" + pattern + "/ in time (its log: " +
                             log_.string() + ")");
  }

 private:
  mutable pid_t pid_ = -1;
  std::filesystem::path log_;
};

/// Busy and total jiffies of the whole machine (/proc/stat's cpu line).
struct machine_ticks {
  double busy = 0;
  double total = 0;
};

machine_ticks read_machine_ticks() {
  std::ifstream stat("/proc/stat");
  std::string cpu;
  stat >> cpu;
  machine_ticks t;
  double value = 0;
  for (int i = 0; i < 8 && stat >> value; ++i) {  // user nice system idle iowait irq softirq steal
    t.total += value;
    if (i != 3 && i != 4) t.busy += value;
  }
  return t;
}

/// `count` registers of the emulator in `dir`, from its device `first` on.
std::string registers_list(const std::filesystem::path& dir, int count, int first = 1) {
  std::ostringstream out;
  out << "registers=[";
  for (int k = first; k < first + count; ++k)
    out << (k > first ? ",\n  " : "") << "{port=\"" << (dir / emulator::emulator_farm::device_name(k)).string() << "\"}";
  out << "]\n\n";
  return out.str();
}

std::string server_sections(const std::filesystem::path& dir, int threads) {
  std::ostringstream out;
  out << "[http]\nhost=\"127.0.0.1\"\nport=0\nthreads=" << threads
      << "\nkeep-alive-timeout=5s\njob-timeout=30s\n\n[broker]\nmax-waiting=100000\n\n[secrets]\nmysecret=\"bench\"\n\n"
      << "[journal]\npath=\"" << (dir / "journal.db").string() << "\"\n\n";
  return out.str();
}

std::string link_section() {
  return "[link]\nprotocol=\"packet\"\nbyte-timeout=" + std::to_string(byte_timeout_ms) + "ms\n\n";
}

/// The front: REST API and broker, registers only on its nodes.
std::unique_ptr<logged_process> start_front(const std::string& program, const std::filesystem::path& dir,
                                            int connections, std::uint16_t& http_port, std::uint16_t& cluster_port) {
  const auto config = dir / "front.ini";
  std::ofstream(config) << server_sections(dir, connections + 8) << link_section()
                        << "[cluster]\nrole=\"front\"\nname=\"front\"\nlisten=\"127.0.0.1:0\"\ninsecure=true\n\n"
                        << "[embedded]\ndir=\"" << (dir / "front").string() << "\"\n";
  auto front = std::make_unique<logged_process>(
      std::vector<std::string>{program, "--config-file=" + config.string()}, dir / "front.log");
  cluster_port = static_cast<std::uint16_t>(std::stoi(front->await("cluster listening on 127\\.0\\.0\\.1:([0-9]+)", std::chrono::seconds(60))));
  http_port = static_cast<std::uint16_t>(std::stoi(front->await("listening on http://127\\.0\\.0\\.1:([0-9]+)", std::chrono::seconds(60))));
  return front;
}

/// A node driving `registers` registers of the emulator in `farm_dir` (from its device
/// `first` on), joined to the front.
std::unique_ptr<logged_process> start_node(const std::string& program, const std::filesystem::path& dir,
                                           const std::filesystem::path& farm_dir, int registers,
                                           const std::string& name, std::uint16_t cluster_port, int first = 1) {
  const auto config = dir / (name + ".ini");
  std::ofstream(config) << registers_list(farm_dir, registers, first) << link_section() << "[cluster]\nrole=\"node\"\nname=\""
                        << name << "\"\nfronts=[\"127.0.0.1:" << cluster_port << "\"]\ninsecure=true\n";
  auto node = std::make_unique<logged_process>(std::vector<std::string>{program, "--config-file=" + config.string()},
                                               dir / (name + ".log"));
  node->await("cluster: joined front", std::chrono::seconds(60));
  return node;
}

struct measured_window {
  double rate = 0;
  double work = 0;
  std::vector<double> latency_ms;
  std::size_t failed = 0;
  std::string first_failure;
  std::vector<double> cpu_seconds;  ///< of each watched process over the window
  double client_cpu_seconds = 0;
  double machine_busy_percent = 0;
  double load1 = 0;
};

/// CPU seconds a watched process used so far.
using cpu_reader = std::function<double()>;

/// `connections` closed-loop connections to the server on `http_port`; CPU of `watched`.
measured_window measure(int http_port, int connections, const std::vector<cpu_reader>& watched,
                        const run_lengths& lengths) {
  load_samples samples;
  const auto start = bench_clock::now();
  const auto count_from = start + lengths.warm_up;
  const auto stop_at = count_from + lengths.measured;
  std::vector<std::thread> threads;
  for (int c = 0; c < connections; ++c)
    threads.emplace_back([&] { connection_loop(http_port, count_from, stop_at, samples); });
  std::this_thread::sleep_until(count_from);
  measured_window w;
  w.load1 = load_average();
  std::vector<double> cpu0;
  for (const auto& cpu : watched) cpu0.push_back(cpu());
  const double self0 = self_cpu_seconds();
  const auto machine0 = read_machine_ticks();
  std::this_thread::sleep_until(stop_at);
  for (std::size_t i = 0; i < watched.size(); ++i) w.cpu_seconds.push_back(watched[i]() - cpu0[i]);
  const auto machine1 = read_machine_ticks();
  w.client_cpu_seconds = self_cpu_seconds() - self0;
  for (auto& t : threads) t.join();
  const double total = machine1.total - machine0.total;
  w.machine_busy_percent = total > 0 ? 100.0 * (machine1.busy - machine0.busy) / total : 0;
  w.work = samples.work;
  w.rate = samples.work / std::chrono::duration<double>(lengths.measured).count();
  w.latency_ms = std::move(samples.latency_ms);
  w.failed = samples.failed;
  w.first_failure = std::move(samples.first_failure);
  return w;
}

void report_cpu(const std::string& name, const std::vector<param>& params, const std::string& process,
                double cpu_seconds, double work) {
  if (work <= 0) return;
  auto with_process = params;
  with_process.push_back(str("process", process));
  report(name, with_process, cpu_seconds / work * 1e3, "ms");
}

// ---------------------------------------------------------------- scale K:N:DEVICE_MS

struct scale_point {
  int nodes = 1;
  int registers_per_node = 100;
  int device_ms = 1000;
};

void run_scale(const std::string& server_program, const std::string& emulator_program, const scale_point& s,
               const run_lengths& lengths) {
  emulator::raise_open_file_limit();
  temp_dir shm("/dev/shm");
  std::vector<std::unique_ptr<emulator_process>> emulators;
  point p;
  p.registers = s.registers_per_node;
  p.device_ms = s.device_ms;
  p.byte_ms = byte_timeout_ms;
  for (int k = 1; k <= s.nodes; ++k) {
    const auto farm_dir = shm.path() / ("farm-" + std::to_string(k));
    std::filesystem::create_directories(farm_dir);
    provision(farm_dir, s.registers_per_node, static_cast<std::uint64_t>(k) * 10000 + 1);
    emulators.push_back(std::make_unique<emulator_process>(emulator_program, farm_dir, p));
  }
  const int connections = s.nodes * s.registers_per_node;
  std::uint16_t http_port = 0;
  std::uint16_t cluster_port = 0;
  auto front = start_front(server_program, shm.path(), connections, http_port, cluster_port);
  std::vector<std::unique_ptr<logged_process>> nodes;
  for (int k = 1; k <= s.nodes; ++k)
    nodes.push_back(start_node(server_program, shm.path(), shm.path() / ("farm-" + std::to_string(k)),
                               s.registers_per_node, "node-" + std::to_string(k), cluster_port));
  if (!await_registers(http_port, connections, std::chrono::seconds(90)))
    throw std::runtime_error("the front did not list every register with an open shift within 90 s");

  // CPU of: the front, node 1..K, emulator 1..K.
  std::vector<cpu_reader> watched{[&] { return front->cpu_seconds(); }};
  for (const auto& n : nodes) watched.push_back([&n] { return n->cpu_seconds(); });
  for (const auto& e : emulators) watched.push_back([&e] { return e->cpu_seconds(); });
  const auto w = measure(http_port, connections, watched, lengths);

  const std::vector<param> params{num("nodes", s.nodes), num("registers_per_node", s.registers_per_node),
                                  num("device_time_ms", s.device_ms), num("byte_timeout_ms", byte_timeout_ms),
                                  str("low_level", "packet"), num("connections", connections), num("load1", w.load1)};
  report("cluster_receipts", params, w.rate, "receipts/s");
  if (s.device_ms > 0)
    report("cluster_efficiency", params, 100.0 * w.rate / (connections * 1000.0 / s.device_ms), "%");
  report("cluster_latency_p50", params, percentile(w.latency_ms, 50), "ms");
  report("cluster_latency_p99", params, percentile(w.latency_ms, 99), "ms");
  report_cpu("cluster_cpu_per_receipt", params, "front", w.cpu_seconds[0], w.work);
  double nodes_cpu = 0;
  for (int k = 1; k <= s.nodes; ++k) {
    report_cpu("cluster_cpu_per_receipt", params, "node-" + std::to_string(k), w.cpu_seconds[static_cast<std::size_t>(k)],
               w.work);
    nodes_cpu += w.cpu_seconds[static_cast<std::size_t>(k)];
  }
  report_cpu("cluster_cpu_per_receipt", params, "nodes", nodes_cpu, w.work);
  double emulators_cpu = 0;
  for (int k = 1; k <= s.nodes; ++k) {
    const double cpu = w.cpu_seconds[static_cast<std::size_t>(s.nodes + k)];
    report_cpu("cluster_cpu_per_receipt", params, "emulator-" + std::to_string(k), cpu, w.work);
    emulators_cpu += cpu;
  }
  report_cpu("cluster_cpu_per_receipt", params, "emulators", emulators_cpu, w.work);
  report_cpu("cluster_cpu_per_receipt", params, "load_generator", w.client_cpu_seconds, w.work);
  report("cluster_machine_busy", params, w.machine_busy_percent, "%");
  report("cluster_failed", params, static_cast<double>(w.failed), "requests");
  front.reset();
  nodes.clear();
  keep_logs(shm.path(), "scale-" + std::to_string(s.nodes) + "x" + std::to_string(s.registers_per_node));
  note("  K=" + std::to_string(s.nodes) + " x " + std::to_string(s.registers_per_node) + " at " +
       std::to_string(s.device_ms) + " ms: " + std::to_string(w.rate) + " receipts/s, p50 " +
       std::to_string(percentile(w.latency_ms, 50)) + " ms, p99 " + std::to_string(percentile(w.latency_ms, 99)) +
       " ms, machine busy " + std::to_string(w.machine_busy_percent) + " %, failed " + std::to_string(w.failed) +
       (w.first_failure.empty() ? "" : " (" + w.first_failure + ")"));
}

// ---------------------------------------------------------------- latency N

void run_latency(const std::string& server_program, const std::string& emulator_program, int registers,
                 const run_lengths& lengths) {
  emulator::raise_open_file_limit();
  temp_dir shm("/dev/shm");
  point p;
  // Devices 1..N for the local run, N+1..2N for the remote one: each run starts on devices
  // as fresh as the other's (a device's archive grows by thousands of receipts per run).
  p.registers = 2 * registers;
  p.device_ms = 0;
  p.byte_ms = byte_timeout_ms;
  const auto farm_dir = shm.path() / "farm";
  std::filesystem::create_directories(farm_dir);
  provision(farm_dir, 2 * registers);
  emulator_process emulator(emulator_program, farm_dir, p);
  const std::vector<param> base{num("registers", registers), num("device_time_ms", 0),
                                num("byte_timeout_ms", byte_timeout_ms), str("low_level", "packet"),
                                num("connections", registers)};
  auto with = [&](std::vector<param> params, const std::string& placement, double load1) {
    params.push_back(str("placement", placement));
    params.push_back(num("load1", load1));
    return params;
  };

  measured_window local;
  {
    const auto config = shm.path() / "standalone.ini";
    std::ofstream(config) << registers_list(farm_dir, registers) << server_sections(shm.path(), registers + 8)
                          << link_section();
    logged_process standalone({server_program, "--config-file=" + config.string()}, shm.path() / "standalone.log");
    const int http_port = std::stoi(standalone.await("listening on http://127\\.0\\.0\\.1:([0-9]+)", std::chrono::seconds(60)));
    if (!await_registers(http_port, registers, std::chrono::seconds(60)))
      throw std::runtime_error("the standalone server did not list its registers within 60 s");
    local = measure(http_port, registers, {[&] { return standalone.cpu_seconds(); }}, lengths);
    const auto params = with(base, "local", local.load1);
    report("cluster_receipts", params, local.rate, "receipts/s");
    report("cluster_latency_p50", params, percentile(local.latency_ms, 50), "ms");
    report("cluster_latency_p99", params, percentile(local.latency_ms, 99), "ms");
    report_cpu("cluster_cpu_per_receipt", params, "standalone", local.cpu_seconds[0], local.work);
    report("cluster_failed", params, static_cast<double>(local.failed), "requests");
  }
  std::filesystem::remove(shm.path() / "journal.db");
  measured_window remote;
  {
    std::uint16_t http_port = 0;
    std::uint16_t cluster_port = 0;
    auto front = start_front(server_program, shm.path(), registers, http_port, cluster_port);
    auto node = start_node(server_program, shm.path(), farm_dir, registers, "node-1", cluster_port, registers + 1);
    if (!await_registers(http_port, registers, std::chrono::seconds(60)))
      throw std::runtime_error("the front did not list the node's registers within 60 s");
    remote = measure(http_port, registers, {[&] { return front->cpu_seconds(); }, [&] { return node->cpu_seconds(); }},
                     lengths);
    const auto params = with(base, "remote", remote.load1);
    report("cluster_receipts", params, remote.rate, "receipts/s");
    report("cluster_latency_p50", params, percentile(remote.latency_ms, 50), "ms");
    report("cluster_latency_p99", params, percentile(remote.latency_ms, 99), "ms");
    report_cpu("cluster_cpu_per_receipt", params, "front", remote.cpu_seconds[0], remote.work);
    report_cpu("cluster_cpu_per_receipt", params, "node-1", remote.cpu_seconds[1], remote.work);
    report("cluster_failed", params, static_cast<double>(remote.failed), "requests");
  }
  keep_logs(shm.path(), "latency-" + std::to_string(registers));
  const auto params = with(base, "remote-local", remote.load1);
  report("cluster_remote_added_p50", params,
         percentile(remote.latency_ms, 50) - percentile(local.latency_ms, 50), "ms");
  report("cluster_remote_added_p99", params,
         percentile(remote.latency_ms, 99) - percentile(local.latency_ms, 99), "ms");
  note("  latency N=" + std::to_string(registers) + ": local p50 " + std::to_string(percentile(local.latency_ms, 50)) +
       " p99 " + std::to_string(percentile(local.latency_ms, 99)) + " ms; remote p50 " +
       std::to_string(percentile(remote.latency_ms, 50)) + " p99 " + std::to_string(percentile(remote.latency_ms, 99)) +
       " ms");
}

// ---------------------------------------------------------------- the points

struct cluster_point {
  bool latency = false;
  scale_point scale;
  int latency_registers = 1;
};

cluster_point parse_cluster_point(const std::string& text) {
  std::vector<int> numbers;
  std::string kind = text.substr(0, text.find(':'));
  for (std::size_t from = text.find(':'); from != std::string::npos;) {
    const auto next = text.find(':', from + 1);
    numbers.push_back(std::stoi(text.substr(from + 1, next - from - 1)));
    from = next;
  }
  cluster_point c;
  if (kind == "scale" && numbers.size() == 3) {
    c.scale = {numbers[0], numbers[1], numbers[2]};
  } else if (kind == "latency" && numbers.size() == 1) {
    c.latency = true;
    c.latency_registers = numbers[0];
  } else {
    throw std::invalid_argument("--only wants scale:K:N:DEVICE_MS or latency:N, not " + text);
  }
  return c;
}


}  // namespace

int main(int argc, char** argv) {
  try {
    const bool quick = quick_mode(argc, argv);
    const auto build = std::filesystem::read_symlink("/proc/self/exe").parent_path().parent_path();
    std::string server_program = (build / "apps" / "whitespirit").string();
    std::string emulator_program = (build / "apps" / "kkt-emulator").string();
    std::vector<cluster_point> points;
    for (int i = 1; i < argc; ++i) {
      const std::string arg = argv[i];
      if (arg == "--whitespirit" && i + 1 < argc) server_program = argv[++i];
      else if (arg == "--emulator" && i + 1 < argc) emulator_program = argv[++i];
      else if (arg == "--only" && i + 1 < argc) points.push_back(parse_cluster_point(argv[++i]));
      else if (arg == "--keep-logs" && i + 1 < argc) kept_logs = argv[++i];
      else if (arg != "--quick") throw std::invalid_argument("unknown argument " + arg);
    }
    if (points.empty()) {
      for (const char* text : {"latency:1", "latency:8", "scale:1:100:1000", "scale:2:100:1000", "scale:4:100:1000"})
        points.push_back(parse_cluster_point(text));
    }
    bool ok = true;
    for (const auto& c : points) {
      const bool slow = !c.latency && c.scale.device_ms > 0;
      const run_lengths lengths = slow ? (quick ? run_lengths{milliseconds(2000), milliseconds(4000)}
                                                : run_lengths{milliseconds(4000), milliseconds(12000)})
                                       : (quick ? run_lengths{milliseconds(500), milliseconds(1500)}
                                                : run_lengths{milliseconds(2000), milliseconds(8000)});
      note(c.latency ? "bench_cluster: latency N=" + std::to_string(c.latency_registers)
                     : "bench_cluster: K=" + std::to_string(c.scale.nodes) + " N=" +
                           std::to_string(c.scale.registers_per_node) + " device_ms=" +
                           std::to_string(c.scale.device_ms));
      ok = run_forked("bench_cluster",
                      [&] {
                        if (c.latency)
                          run_latency(server_program, emulator_program, c.latency_registers, lengths);
                        else
                          run_scale(server_program, emulator_program, c.scale, lengths);
                      }) &&
           ok;
    }
    return ok ? 0 : 1;
  } catch (const std::exception& e) {
    std::cerr << "bench_cluster: " << e.what() << std::endl;
    return 1;
  }
}
