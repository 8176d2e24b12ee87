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
// The baseline (first in a default run, or alone with --baseline N): a bare cpp-httplib
// server (bare-http-server) and whitespirit with N registers at device time 0, each under
// N keep-alive connections posting receipts and then asking GET /v1/ping, loaded by our
// own generator and by wrk; the ratios whitespirit/bare are issue 16's HTTP targets.
//
// Usage: bench_http [--quick] [--whitespirit PATH] [--emulator PATH] [--protocol standard|packet] [--journal disk|memory]
//                   [--baseline N] [--only N:DEVICE_MS:BYTE_MS[:standard|packet][:xK] ...]

#include <fcntl.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
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

namespace {

using namespace ws;
using namespace ws::bench;

/// A child process running `args` (a path, or a name looked up on PATH) that dies with
/// this one: its pid and the reading end of a pipe from its standard output. Its
/// standard error goes to `log` when one is named, else stays this process's.
struct piped_child {
  pid_t pid = -1;
  emulator::unique_fd out;
};

piped_child spawn_piped(std::vector<std::string> args, const std::filesystem::path& log = {}) {
  int out[2];
  if (::pipe2(out, O_CLOEXEC) != 0) throw std::system_error(errno, std::generic_category(), "pipe");
  emulator::unique_fd read_end(out[0]);
  const emulator::unique_fd write_end(out[1]);
  child_streams streams;
  streams.out = write_end.get();
  streams.err_log = log;
  const pid_t pid = spawn_child(std::move(args), streams);
  return {pid, std::move(read_end)};
}

/// A server as a child process (whitespirit, or the bare baseline server); its standard
/// output comes back through a pipe so the benchmark learns the port it listens on, its
/// standard error goes to `log`.
class server_process {
 public:
  server_process(std::vector<std::string> args, const std::filesystem::path& log) : name_(args.at(0)) {
    piped_child child = spawn_piped(std::move(args), log);
    pid_ = child.pid;
    out_ = std::move(child.out);
    port_ = read_port(log);
  }
  ~server_process() {
    if (pid_ > 0 && !stop_child(pid_, milliseconds(15000)))
      note("bench_http: " + name_ + " did not stop within 15 s of SIGTERM; killed");
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
    throw std::runtime_error(name_ + " did not say where it listens within 90 s (its log: " + log.string() + ")");
  }

  std::string name_;
  pid_t pid_ = -1;
  emulator::unique_fd out_;
  int port_ = 0;
};

/// whitespirit reading `config_file`, speaking `level` to its registers.
std::unique_ptr<server_process> start_whitespirit(const std::string& program, const std::filesystem::path& config_file,
                                                  shtrih::low_level level, const std::filesystem::path& log) {
  return std::make_unique<server_process>(
      std::vector<std::string>{program, "--config-file=" + config_file.string(),
                               "--link.protocol=" + std::string(shtrih::low_level_name(level))},
      log);
}

/// Where whitespirit keeps its journal: "disk" (a folder under /tmp, on the disk, as a
/// deployment has it: every receipt pays the journal's fsync) or "memory" (":memory:", the
/// journal without the disk, for comparison). --journal disk|memory.
std::string journal_mode = "disk";

/// What the idle farm costs (the registers' status polls, timers, the journal's upkeep):
/// whitespirit's and the emulator's CPU over `window` with every register ready and no
/// request, in % of one core.
void report_idle_cpu(const point& p, pid_t server_pid, const emulator_process& emulator, milliseconds window) {
  const double load0 = load_average();
  const double cpu0 = process_cpu_seconds(server_pid);
  const double emu_cpu0 = emulator.cpu_seconds();
  std::this_thread::sleep_for(window);
  const double seconds = std::chrono::duration<double>(window).count();
  const std::vector<param> params{num("registers", p.registers), num("device_time_ms", p.device_ms),
                                  num("byte_timeout_ms", p.byte_ms), low_level_param(p), str("journal", journal_mode),
                                  num("load1", load0)};
  report("http_server_idle_cpu", params, 100.0 * (process_cpu_seconds(server_pid) - cpu0) / seconds, "% of a core");
  report("http_emulator_idle_cpu", params, 100.0 * (emulator.cpu_seconds() - emu_cpu0) / seconds, "% of a core");
}

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
  const auto server_child =
      start_whitespirit(server_program, shm.path() / "whitespirit.ini", p.level, shm.path() / "whitespirit.log");
  const server_process& server = *server_child;
  if (!await_registers(server.port(), p.registers, std::chrono::seconds(60)))
    throw std::runtime_error("whitespirit did not list every register with an open shift within 60 s");
  const long rss_ready = process_rss_kb(server.pid());
  // Two of the registers' 5 s status polls (register.poll-interval) in the idle window;
  // 2 s in a --quick run (its warm-up is shorter).
  const auto idle_window = lengths.warm_up < milliseconds(3000) ? milliseconds(2000) : milliseconds(10000);
  if (p.device_ms > 0) report_idle_cpu(p, server.pid(), emulator, idle_window);
  note("  registers ready, load starting");  // bench/profile.sh waits for this line

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


// ---- the baseline: whitespirit against a bare cpp-httplib server, in one run ----

/// One closed-loop measurement: answers per second and what each answer cost.
struct load_result {
  double rate = 0;           ///< answers/s inside the window
  double p50_ms = 0;
  double p99_ms = 0;
  double server_cpu_ms = 0;  ///< the server process's CPU per answer
  double client_cpu_ms = 0;  ///< the load generator's CPU per answer
  std::size_t failed = 0;
  std::string first_failure;
  double load1 = 0;
};

/// Our own load generator: `connections` keep-alive clients in this process.
load_result own_load(int port, pid_t server, int connections, http_request what, const run_lengths& lengths) {
  load_samples samples;
  const auto count_from = bench_clock::now() + lengths.warm_up;
  const auto stop_at = count_from + lengths.measured;
  std::vector<std::thread> threads;
  for (int c = 0; c < connections; ++c)
    threads.emplace_back([&] { connection_loop(port, count_from, stop_at, samples, what); });
  std::this_thread::sleep_until(count_from);
  load_result r;
  r.load1 = load_average();
  const double server0 = process_cpu_seconds(server);
  const double client0 = self_cpu_seconds();
  std::this_thread::sleep_until(stop_at);
  const double server1 = process_cpu_seconds(server);
  const double client1 = self_cpu_seconds();
  for (auto& t : threads) t.join();
  r.rate = samples.work / std::chrono::duration<double>(lengths.measured).count();
  r.p50_ms = percentile(samples.latency_ms, 50);
  r.p99_ms = percentile(samples.latency_ms, 99);
  if (samples.work > 0) {
    r.server_cpu_ms = (server1 - server0) / samples.work * 1e3;
    r.client_cpu_ms = (client1 - client0) / samples.work * 1e3;
  }
  r.failed = samples.failed;
  r.first_failure = samples.first_failure;
  return r;
}

/// A wrk duration or latency ("812.00us", "1.23ms", "2.01s") in milliseconds.
double wrk_milliseconds(const std::string& text) {
  std::size_t used = 0;
  const double value = std::stod(text, &used);
  const std::string unit = text.substr(used);
  if (unit == "us") return value / 1e3;
  if (unit == "s") return value * 1e3;
  if (unit == "m") return value * 60e3;
  return value;  // ms
}

/// Debian's wrk (2 threads, `connections` connections) for the measured window, after
/// our own load warmed the server: its requests/s, latency percentiles, non-2xx answers
/// and its own CPU; nullopt when wrk is not installed.
std::optional<load_result> wrk_load(int port, pid_t server, int connections, http_request what,
                                    const run_lengths& lengths, const std::filesystem::path& dir) {
  if (std::system("command -v wrk > /dev/null 2>&1") != 0) return std::nullopt;
  const auto script = dir / "post_receipt.lua";
  {
    std::ofstream lua(script);
    std::string body = receipt_body;
    for (auto& c : body)
      if (c == '\n') c = ' ';
    lua << "wrk.method = \"POST\"\nwrk.headers[\"Content-Type\"] = \"application/json\"\nwrk.body = [==[" << body
        << "]==]\n";
  }
  const std::string url = "http://127.0.0.1:" + std::to_string(port) +
                          (what == http_request::receipt ? "/v1/receipts?wait4free=30" : ping_path);
  const auto seconds = std::max<long>(1, std::chrono::duration_cast<std::chrono::seconds>(lengths.measured).count());
  std::vector<std::string> args{"wrk", "-t2", "-c" + std::to_string(connections), "-d" + std::to_string(seconds) + "s",
                                "--latency"};
  if (what == http_request::receipt) args.insert(args.end(), {"-s", script.string()});
  args.push_back(url);

  load_result r;
  r.load1 = load_average();
  const double server0 = process_cpu_seconds(server);
  const piped_child child = spawn_piped(std::move(args));
  std::string text;
  char buffer[4096];
  for (ssize_t n; (n = ::read(child.out.get(), buffer, sizeof buffer)) > 0;)
    text.append(buffer, static_cast<std::size_t>(n));
  int status = 0;
  rusage usage{};
  ::wait4(child.pid, &status, 0, &usage);
  const double server1 = process_cpu_seconds(server);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) throw std::runtime_error("wrk failed: " + text);

  std::smatch m;
  if (!std::regex_search(text, m, std::regex("Requests/sec:\\s+([0-9.]+)")))
    throw std::runtime_error("wrk said no Requests/sec: " + text);
  r.rate = std::stod(m[1]);
  if (std::regex_search(text, m, std::regex("\\s50%\\s+([0-9.]+[a-z]+)"))) r.p50_ms = wrk_milliseconds(m[1]);
  if (std::regex_search(text, m, std::regex("\\s99%\\s+([0-9.]+[a-z]+)"))) r.p99_ms = wrk_milliseconds(m[1]);
  if (std::regex_search(text, m, std::regex("Non-2xx or 3xx responses:\\s+([0-9]+)"))) {
    r.failed = std::stoul(m[1]);
    r.first_failure = "non-2xx answers";
  }
  const double answers = r.rate * static_cast<double>(seconds);
  if (answers > 0) {
    r.server_cpu_ms = (server1 - server0) / answers * 1e3;
    r.client_cpu_ms = cpu_seconds_of(usage) / answers * 1e3;
  }
  return r;
}

void report_load(const std::string& server, const std::string& request, const std::string& client, int connections,
                 const load_result& r) {
  const std::vector<param> params{str("server", server), str("request", request), str("client", client),
                                  num("connections", connections), num("load1", r.load1)};
  report("http_baseline_rate", params, r.rate, "requests/s");
  report("http_baseline_latency_p50", params, r.p50_ms, "ms");
  report("http_baseline_latency_p99", params, r.p99_ms, "ms");
  report("http_baseline_server_cpu_per_request", params, r.server_cpu_ms, "ms");
  report("http_baseline_client_cpu_per_request", params, r.client_cpu_ms, "ms");
  report("http_baseline_failed", params, static_cast<double>(r.failed), "requests");
  note("  " + server + " " + request + " (" + client + "): " + std::to_string(r.rate) + "/s, p50 " +
       std::to_string(r.p50_ms) + " ms, server " + std::to_string(r.server_cpu_ms) + " ms/request, client " +
       std::to_string(r.client_cpu_ms) + " ms/request, failed " + std::to_string(r.failed) +
       (r.first_failure.empty() ? "" : " (" + r.first_failure + ")"));
}

/// The four rates (POST and GET, each server) with one client.
struct baseline_rates {
  load_result bare_post, bare_get, farm_post, farm_ping;
};

/// The targets of issue 16 as ratios measured in the same run: whitespirit's receipts
/// (N registers, device time 0) over the bare server's POSTs, its ping over the bare GET.
void report_ratios(const std::string& client, int registers, const baseline_rates& r) {
  const std::vector<param> params{str("client", client), num("registers", registers), num("connections", registers)};
  if (r.bare_post.rate > 0) report("http_receipts_vs_bare_post", params, r.farm_post.rate / r.bare_post.rate, "ratio");
  if (r.bare_get.rate > 0) report("http_ping_vs_bare_get", params, r.farm_ping.rate / r.bare_get.rate, "ratio");
}

/// The baseline point: a bare cpp-httplib server (bare-http-server, the same handler
/// thread count) and whitespirit with `registers` registers at device time 0, each loaded
/// with `registers` keep-alive connections, POST then GET, by our own load generator and
/// then by wrk.
void run_baseline(const std::string& server_program, const std::string& emulator_program,
                  const std::string& bare_program, int registers, const run_lengths& lengths) {
  emulator::raise_open_file_limit();
  temp_dir shm("/dev/shm");
  const int threads = registers + 8;  // as run_point gives whitespirit
  const std::size_t receipt_answer_bytes = 1400;  // a one-row receipt's answer is 1.3-1.5 kB
  baseline_rates own, outside;
  bool wrk_ran = false;
  {
    server_process bare({bare_program, std::to_string(threads), std::to_string(receipt_answer_bytes)},
                        shm.path() / "bare.log");
    own.bare_post = own_load(bare.port(), bare.pid(), registers, http_request::receipt, lengths);
    report_load("bare", "post", "own", registers, own.bare_post);
    own.bare_get = own_load(bare.port(), bare.pid(), registers, http_request::ping, lengths);
    report_load("bare", "get", "own", registers, own.bare_get);
    if (auto post = wrk_load(bare.port(), bare.pid(), registers, http_request::receipt, lengths, shm.path())) {
      wrk_ran = true;
      outside.bare_post = *post;
      report_load("bare", "post", "wrk", registers, outside.bare_post);
      outside.bare_get = *wrk_load(bare.port(), bare.pid(), registers, http_request::ping, lengths, shm.path());
      report_load("bare", "get", "wrk", registers, outside.bare_get);
    } else {
      note("  wrk is not installed (scripts/install-deps.sh installs it): only our own load generator");
    }
  }
  point p{registers, 0, 50};
  provision(shm.path(), p.registers);
  emulator_process emulator(emulator_program, shm.path(), p);
  temp_dir journal_dir("/tmp");
  write_config(shm.path() / "whitespirit.ini", shm.path(), p, threads,
               journal_mode == "disk" ? (journal_dir.path() / "journal.db").string() : ":memory:");
  const auto farm = start_whitespirit(server_program, shm.path() / "whitespirit.ini", p.level,
                                      shm.path() / "whitespirit.log");
  if (!await_registers(farm->port(), p.registers, std::chrono::seconds(60)))
    throw std::runtime_error("whitespirit did not list every register with an open shift within 60 s");
  own.farm_post = own_load(farm->port(), farm->pid(), registers, http_request::receipt, lengths);
  report_load("whitespirit", "post", "own", registers, own.farm_post);
  own.farm_ping = own_load(farm->port(), farm->pid(), registers, http_request::ping, lengths);
  report_load("whitespirit", "get", "own", registers, own.farm_ping);
  report_ratios("own", registers, own);
  if (wrk_ran) {
    outside.farm_post = *wrk_load(farm->port(), farm->pid(), registers, http_request::receipt, lengths, shm.path());
    report_load("whitespirit", "post", "wrk", registers, outside.farm_post);
    outside.farm_ping = *wrk_load(farm->port(), farm->pid(), registers, http_request::ping, lengths, shm.path());
    report_load("whitespirit", "get", "wrk", registers, outside.farm_ping);
    report_ratios("wrk", registers, outside);
  }
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const bool quick = quick_mode(argc, argv);
    const auto build = std::filesystem::read_symlink("/proc/self/exe").parent_path().parent_path();
    std::string server_program = (build / "apps" / "whitespirit").string();
    std::string emulator_program = (build / "apps" / "kkt-emulator").string();
    std::string bare_program = (build / "bench" / "bare-http-server").string();
    std::vector<point> points;
    std::optional<int> baseline_registers;  // --baseline N; the default run compares at 32
    shtrih::low_level level = shtrih::low_level::packet;
    for (int i = 1; i < argc; ++i) {
      const std::string arg = argv[i];
      if (arg == "--whitespirit" && i + 1 < argc) server_program = argv[++i];
      else if (arg == "--protocol" && i + 1 < argc) level = parse_low_level(argv[++i]);
      else if (arg == "--emulator" && i + 1 < argc) emulator_program = argv[++i];
      else if (arg == "--only" && i + 1 < argc) points.push_back(parse_point(argv[++i]));
      else if (arg == "--journal" && i + 1 < argc) journal_mode = argv[++i];
      else if (arg == "--baseline" && i + 1 < argc) baseline_registers = std::stoi(argv[++i]);
      else if (arg != "--quick") throw std::invalid_argument("unknown argument " + arg);
    }
    const bool default_run = points.empty() && !baseline_registers;
    if (default_run) baseline_registers = 32;
    bool ok = true;
    if (baseline_registers) {
      const run_lengths lengths = quick ? run_lengths{milliseconds(500), milliseconds(1500)}
                                        : run_lengths{milliseconds(2000), milliseconds(8000)};
      note("bench_http: baseline, " + std::to_string(*baseline_registers) + " registers and connections");
      ok = run_forked("bench_http: baseline",
                      [&] { run_baseline(server_program, emulator_program, bare_program, *baseline_registers, lengths); });
    }
    if (default_run) {
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
