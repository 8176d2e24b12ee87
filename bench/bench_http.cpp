// End to end over HTTP: our own load generator (one keep-alive httplib::Client per
// connection thread, a closed loop: each thread sends the next receipt as soon as the
// last is answered) -> the `whitespirit` program as a child process, configured with a
// file listing N registers -> N emulated registers on ptys in a kkt-emulator child.
//
// Per point: N device states made ready (registered to INN 7704211201, shift open) in a
// /dev/shm folder, kkt-emulator started on it, whitespirit started with registers=[...]
// on their pty symlinks and link.byte-timeout = the emulator's; then N connections (one
// per register, or K per register with `:xK`) POST /v1/receipts?wait4free=30 with a
// one-row receipt for a warm-up and
// a measured window. Reports receipts/s (work inside the window, as bench_farm),
// latency p50/p90/p99/p99.9 of the answers inside it, whitespirit's CPU seconds per
// receipt and its VmRSS (total and per register), and efficiency at device time > 0.
// --protocol picks the low level (default packet), given to whitespirit as
// --link.protocol; every result line names it in its "low_level" parameter.
//
// Usage: bench_http [--quick] [--whitespirit PATH] [--emulator PATH] [--protocol standard|packet] [--journal disk|memory]
//                   [--only N:DEVICE_MS:BYTE_MS[:standard|packet][:xK] ...]

#include <poll.h>

#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <mutex>
#include <optional>
#include <regex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "bench/bench_common.hpp"
#include "bench/farm_support.hpp"
#include "bench/http_load.hpp"
#include "tests/support/die_with_parent.hpp"

namespace {

using namespace ws;
using namespace ws::bench;

/// whitespirit as a child process reading a config file; its standard output comes back
/// through a pipe so the benchmark learns the port it listens on.
class server_process {
 public:
  server_process(const std::string& program, const std::filesystem::path& config_file, shtrih::low_level level,
                 const std::filesystem::path& log) {
    int out[2];
    if (::pipe(out) != 0) throw std::system_error(errno, std::generic_category(), "pipe");
    const pid_t parent_pid = ::getpid();
    pid_ = ::fork();
    if (pid_ < 0) throw std::system_error(errno, std::generic_category(), "fork");
    if (pid_ == 0) {
      ws::test::die_with_parent(parent_pid);
      ::dup2(out[1], 1);
      ::close(out[0]);
      ::close(out[1]);
      if (std::freopen(log.c_str(), "w", stderr) == nullptr) ::_exit(126);
      std::string arg = "--config-file=" + config_file.string();
      std::string protocol = "--link.protocol=" + std::string(shtrih::low_level_name(level));
      std::string prog = program;
      char* argv[] = {prog.data(), arg.data(), protocol.data(), nullptr};
      ::execv(argv[0], argv);
      ::_exit(127);
    }
    ::close(out[1]);
    out_ = emulator::unique_fd(out[0]);
    port_ = read_port(log);
  }
  ~server_process() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    int status = 0;
    for (int i = 0; i < 1500; ++i) {
      if (::waitpid(pid_, &status, WNOHANG) == pid_) return;
      std::this_thread::sleep_for(milliseconds(10));
    }
    note("bench_http: whitespirit did not stop within 15 s of SIGTERM; killed");
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, &status, 0);
  }
  server_process(const server_process&) = delete;
  server_process& operator=(const server_process&) = delete;

  int port() const { return port_; }
  pid_t pid() const { return pid_; }

 private:
  /// Reads standard output until "listening on http://HOST:PORT" (at most 90 s).
  int read_port(const std::filesystem::path& log) {
    const auto limit = bench_clock::now() + std::chrono::seconds(90);
    std::string text;
    const std::regex listening("listening on http://[^:\\s]+:([0-9]+)");
    while (bench_clock::now() < limit) {
      pollfd p{out_.get(), POLLIN, 0};
      if (::poll(&p, 1, 100) > 0) {
        char buffer[4096];
        const ssize_t n = ::read(out_.get(), buffer, sizeof buffer);
        if (n <= 0) break;
        text.append(buffer, static_cast<std::size_t>(n));
        std::smatch m;
        if (std::regex_search(text, m, listening)) return std::stoi(m[1]);
      }
    }
    throw std::runtime_error("whitespirit did not say where it listens within 90 s (its log: " + log.string() + ")");
  }

  pid_t pid_ = -1;
  emulator::unique_fd out_;
  int port_ = 0;
};

/// Where whitespirit keeps its journal: "disk" (a folder under /tmp, on the disk, as a
/// deployment has it: every receipt pays the journal's fsync) or "memory" (":memory:", the
/// journal without the disk, for comparison). --journal disk|memory.
std::string journal_mode = "disk";

void write_config(const std::filesystem::path& file, const std::filesystem::path& dir, const point& p, int threads,
                  const std::string& journal_path) {
  std::ofstream out(file);
  out << "registers=[";
  for (int k = 1; k <= p.registers; ++k)
    out << (k > 1 ? ",\n  " : "") << "{port=\"" << (dir / emulator::emulator_farm::device_name(k)).string() << "\"}";
  out << "]\n\n[http]\nhost=\"127.0.0.1\"\nport=0\nthreads=" << threads
      << "\nkeep-alive-timeout=5s\njob-timeout=30s\n\n[broker]\nmax-waiting=100000\n\n[link]\nbyte-timeout="
      << p.byte_ms << "ms\n\n[secrets]\nmysecret=\"bench\"\n\n[journal]\npath=\"" << journal_path << "\"\n";
}

void run_point(const std::string& server_program, const std::string& emulator_program, const point& p,
               const run_lengths& lengths) {
  emulator::raise_open_file_limit();
  temp_dir shm("/dev/shm");
  provision(shm.path(), p.registers);
  emulator_process emulator(emulator_program, shm.path(), p);
  const int connections = p.registers * p.connections_per_register;
  temp_dir journal_dir("/tmp");
  write_config(shm.path() / "whitespirit.ini", shm.path(), p, connections + 8,
               journal_mode == "disk" ? (journal_dir.path() / "journal.db").string() : ":memory:");
  server_process server(server_program, shm.path() / "whitespirit.ini", p.level, shm.path() / "whitespirit.log");
  if (!await_registers(server.port(), p.registers, std::chrono::seconds(60)))
    throw std::runtime_error("whitespirit did not list every register with an open shift within 60 s");
  const long rss_ready = process_rss_kb(server.pid());

  load_samples samples;
  const auto start = bench_clock::now();
  const auto count_from = start + lengths.warm_up;
  const auto stop_at = count_from + lengths.measured;
  std::vector<std::thread> threads;
  for (int c = 0; c < connections; ++c)
    threads.emplace_back([&] { connection_loop(server.port(), count_from, stop_at, samples); });
  std::this_thread::sleep_until(count_from);
  const double load0 = load_average();
  const double cpu0 = process_cpu_seconds(server.pid());
  const double emu_cpu0 = emulator.cpu_seconds();
  std::this_thread::sleep_until(stop_at);
  const double cpu1 = process_cpu_seconds(server.pid());
  const double emu_cpu1 = emulator.cpu_seconds();
  const long rss_loaded = process_rss_kb(server.pid());
  for (auto& t : threads) t.join();

  const double window_s = std::chrono::duration<double>(lengths.measured).count();
  const double rate = samples.work / window_s;
  const std::vector<param> params{num("registers", p.registers), num("device_time_ms", p.device_ms),
                                  num("byte_timeout_ms", p.byte_ms), low_level_param(p),
                                  num("connections", connections), str("journal", journal_mode), num("load1", load0)};
  report("http_receipts", params, rate, "receipts/s");
  if (p.device_ms > 0) report("http_efficiency", params, 100.0 * rate / (p.registers * 1000.0 / p.device_ms), "%");
  report("http_latency_p50", params, percentile(samples.latency_ms, 50), "ms");
  report("http_latency_p90", params, percentile(samples.latency_ms, 90), "ms");
  report("http_latency_p99", params, percentile(samples.latency_ms, 99), "ms");
  report("http_latency_p99_9", params, percentile(samples.latency_ms, 99.9), "ms");
  if (samples.work > 0) {
    report("http_server_cpu_per_receipt", params, (cpu1 - cpu0) / samples.work * 1e3, "ms");
    report("http_emulator_cpu_per_receipt", params, (emu_cpu1 - emu_cpu0) / samples.work * 1e3, "ms");
  }
  report("http_server_rss", params, static_cast<double>(rss_loaded), "kB");
  report("http_server_rss_per_register", params, static_cast<double>(rss_ready) / p.registers, "kB");
  report("http_failed", params, static_cast<double>(samples.failed), "requests");
  if (samples.failed != 0) {  // keep the server's log for a look at why
    const std::filesystem::path kept = "/tmp/bench_http-whitespirit-" + std::to_string(p.registers) + ".log";
    std::error_code ignored;
    std::filesystem::copy_file(shm.path() / "whitespirit.log", kept, std::filesystem::copy_options::overwrite_existing,
                               ignored);
    note("  whitespirit's log kept in " + kept.string());
  }
  note("  N=" + std::to_string(p.registers) + " device " + std::to_string(p.device_ms) + " ms byte " +
       std::to_string(p.byte_ms) + " ms " + std::string(shtrih::low_level_name(p.level)) + ": " +
       std::to_string(rate) + " receipts/s, p50 " +
       std::to_string(percentile(samples.latency_ms, 50)) + " ms, p99 " +
       std::to_string(percentile(samples.latency_ms, 99)) + " ms, failed " + std::to_string(samples.failed) +
       (samples.first_failure.empty() ? "" : " (" + samples.first_failure + ")"));
}


}  // namespace

int main(int argc, char** argv) {
  try {
    const bool quick = quick_mode(argc, argv);
    const auto build = std::filesystem::read_symlink("/proc/self/exe").parent_path().parent_path();
    std::string server_program = (build / "apps" / "whitespirit").string();
    std::string emulator_program = (build / "apps" / "kkt-emulator").string();
    std::vector<point> points;
    shtrih::low_level level = shtrih::low_level::packet;
    for (int i = 1; i < argc; ++i) {
      const std::string arg = argv[i];
      if (arg == "--whitespirit" && i + 1 < argc) server_program = argv[++i];
      else if (arg == "--protocol" && i + 1 < argc) level = parse_low_level(argv[++i]);
      else if (arg == "--emulator" && i + 1 < argc) emulator_program = argv[++i];
      else if (arg == "--only" && i + 1 < argc) points.push_back(parse_point(argv[++i]));
      else if (arg == "--journal" && i + 1 < argc) journal_mode = argv[++i];
      else if (arg != "--quick") throw std::invalid_argument("unknown argument " + arg);
    }
    if (points.empty()) {
      // The packet level with the protocol's 50 ms byte timeout (see bench_farm), then the
      // standard level's best case for comparison.
      points = {{8, 0, 50}, {32, 0, 50}, {64, 0, 50}, {64, 1000, 50}, {512, 1000, 50}, {1000, 1000, 50}};
      point queued{32, 0, 50};  // two connections per register: one waits while one is answered
      queued.connections_per_register = 2;
      points.push_back(queued);
      point standard{32, 0, 1};
      standard.level = shtrih::low_level::standard;
      standard.level_named = true;
      points.push_back(standard);
    }
    for (auto& p : points)  // --protocol holds for every point that names no level, wherever it stood
      if (!p.level_named) p.level = level;
    bool ok = true;
    for (const auto& p : points) {
      run_lengths lengths = p.device_ms == 0
                                ? (quick ? run_lengths{milliseconds(500), milliseconds(1500)}
                                         : run_lengths{milliseconds(2000), milliseconds(8000)})
                                : (quick ? run_lengths{milliseconds(1500), milliseconds(3000)}
                                         : run_lengths{milliseconds(3000), milliseconds(12000)});
      note("bench_http: N=" + std::to_string(p.registers) + " device_ms=" + std::to_string(p.device_ms) +
           " byte_ms=" + std::to_string(p.byte_ms) + " protocol=" + std::string(shtrih::low_level_name(p.level)));
      ok = run_forked("bench_http: N=" + std::to_string(p.registers),
                      [&] { run_point(server_program, emulator_program, p, lengths); }) &&
           ok;
    }
    return ok ? 0 : 1;
  } catch (const std::exception& e) {
    std::cerr << "bench_http: " << e.what() << std::endl;
    return 1;
  }
}
