#pragma once
// What the farm benchmarks (bench_farm, bench_http, bench_cluster) share: the devices'
// state made ready in advance (registered, shift open), child processes (started to die
// with this one, stopped with a grace period), the kkt-emulator program as one, and
// process facts of a child (VmRSS, CPU seconds) and of this process (CPU seconds).

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <functional>
#include <iostream>
#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include "bench/bench_common.hpp"
#include "emulator/emulator_farm.hpp"
#include "emulator/kkt_device.hpp"
#include "emulator/pty_port.hpp"
#include "protocol/shtrih/commands.hpp"
#include "protocol/shtrih/low_level.hpp"
#include "tests/support/die_with_parent.hpp"

namespace ws::bench {

using std::chrono::milliseconds;

/// The INN the benchmark devices are registered to (valid check digits).
inline const std::string bench_firm = "7704211201";

struct point {
  int registers = 1;
  int device_ms = 0;  ///< print time per document
  int byte_ms = 2;    ///< the link's byte timeout, both sides
  /// The low level the farm speaks to the registers (the emulator answers either).
  shtrih::low_level level = shtrih::low_level::packet;
  bool level_named = false;  ///< the point named its level (--protocol leaves it alone)
  /// bench_http: client connections per register. 1 = a closed loop of one receipt per
  /// register; 2 keeps a receipt waiting for every register while another is answered.
  int connections_per_register = 1;
};

/// The value of `--protocol`: standard or packet.
inline shtrih::low_level parse_low_level(const std::string& text) {
  const auto level = shtrih::low_level_from_name(text);
  if (!level) throw std::invalid_argument("--protocol wants standard or packet, not " + text);
  return *level;
}

/// The value of `--only`: N:DEVICE_MS:BYTE_MS, then optionally the level (standard or
/// packet) and, for bench_http, the connections per register (`x2`): 32:0:50:packet:x2.
inline point parse_point(const std::string& text) {
  std::vector<std::string> fields;
  for (std::size_t from = 0;;) {
    const auto colon = text.find(':', from);
    fields.push_back(text.substr(from, colon - from));
    if (colon == std::string::npos) break;
    from = colon + 1;
  }
  const auto bad = [&] {
    return std::invalid_argument("--only wants N:DEVICE_MS:BYTE_MS[:standard|packet][:xK], not " + text);
  };
  if (fields.size() < 3 || fields.size() > 5) throw bad();
  point p;
  try {
    p.registers = std::stoi(fields[0]);
    p.device_ms = std::stoi(fields[1]);
    p.byte_ms = std::stoi(fields[2]);
    for (std::size_t i = 3; i < fields.size(); ++i) {
      if (!fields[i].empty() && fields[i][0] == 'x') {
        p.connections_per_register = std::stoi(fields[i].substr(1));
      } else {
        p.level = parse_low_level(fields[i]);
        p.level_named = true;
      }
    }
  } catch (const std::logic_error&) {
    throw bad();
  }
  if (p.registers < 1 || p.device_ms < 0 || p.byte_ms < 1 || p.connections_per_register < 1) throw bad();
  return p;
}

/// The point's low level as a JSON parameter: "low_level":"packet".
inline param low_level_param(const point& p) {
  return str("low_level", std::string(shtrih::low_level_name(p.level)));
}

struct run_lengths {
  milliseconds warm_up;
  milliseconds measured;
};

// ---------------------------------------------------------------- the devices

template <class Request>
inline void must_succeed(emulator::kkt_device& device, const Request& request) {
  const bytes reply = device.execute(request.encode()).reply;
  const auto header = shtrih::parse_reply_header(reply);
  if (header.error != 0)
    throw std::runtime_error("provisioning: command " + std::to_string(header.code.value()) + " failed with error " +
                             std::to_string(header.error));
}

/// Makes device k's state where emulator_farm will look for it: registered, shift open,
/// serial number serial_base + k - 1 (farms that share a cluster need distinct ones).
inline void provision(const std::filesystem::path& dir, int count, std::uint64_t serial_base = 1) {
  for (int k = 1; k <= count; ++k) {
    emulator::device_settings settings;
    settings.serial_number = emulator::emulator_farm::serial_number(serial_base, k);
    settings.durable = false;
    emulator::kkt_device device(settings, dir / "state" / emulator::emulator_farm::device_name(k));
    must_succeed(device, shtrih::begin_registration_request{});
    shtrih::registration_request registration;
    registration.params.inn = bench_firm;
    registration.params.registration_number = "0000000001012345";
    registration.params.taxation_systems = shtrih::taxation::osn;
    registration.params.work_mode = 0;
    must_succeed(device, registration);
    must_succeed(device, shtrih::open_shift_request{});
  }
}

/// VmRSS of process `pid` in kB (-1 when it cannot be read).
inline long process_rss_kb(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  return -1;
}

/// User + system CPU seconds process `pid` used so far (fields 14 and 15 of its stat).
inline double process_cpu_seconds(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  const auto close = text.rfind(')');  // the command name may hold spaces
  if (close == std::string::npos) return 0;
  std::istringstream fields(text.substr(close + 2));
  std::string field;
  double ticks = 0;
  for (int i = 3; i <= 15 && fields >> field; ++i)  // field 3 is the state
    if (i == 14 || i == 15) ticks += std::stod(field);
  return ticks / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

/// The 1-minute load average.
inline double load_average() {
  std::ifstream l("/proc/loadavg");
  double v = 0;
  l >> v;
  return v;
}

/// Where a child's standard output and error go (descriptors opened with O_CLOEXEC, so
/// the child keeps only what it is given here).
struct child_streams {
  int out = -1;                   ///< its standard output (-1: this process's)
  std::filesystem::path err_log;  ///< a file for its standard error (empty: see err_to_out)
  bool err_to_out = false;        ///< its standard error goes where `out` goes
};

/// Starts `args` (args[0] a path, or a name looked up on PATH) as a child that dies with
/// this process.
inline pid_t spawn_child(std::vector<std::string> args, const child_streams& streams) {
  const pid_t parent_pid = ::getpid();
  const pid_t pid = ::fork();
  if (pid < 0) throw std::system_error(errno, std::generic_category(), "fork");
  if (pid == 0) {
    ws::test::die_with_parent(parent_pid);
    if (streams.out >= 0) ::dup2(streams.out, 1);
    if (streams.err_to_out) ::dup2(1, 2);
    else if (!streams.err_log.empty() && std::freopen(streams.err_log.c_str(), "w", stderr) == nullptr) ::_exit(126);
    std::vector<char*> argv;
    for (auto& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    ::execvp(argv[0], argv.data());
    ::_exit(127);
  }
  return pid;
}

/// A new file for a child's output (closed on exec; the child gets it through dup2).
inline emulator::unique_fd open_log(const std::filesystem::path& log) {
  emulator::unique_fd fd(::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
  if (!fd) throw std::system_error(errno, std::generic_category(), "open " + log.string());
  return fd;
}

/// Asks child `pid` to stop (SIGTERM) and reaps it; kills it if it is not gone within
/// `grace`. False when it had to be killed.
inline bool stop_child(pid_t pid, milliseconds grace) {
  ::kill(pid, SIGTERM);
  int status = 0;
  const auto until = std::chrono::steady_clock::now() + grace;
  while (std::chrono::steady_clock::now() < until) {
    if (::waitpid(pid, &status, WNOHANG) == pid) return true;
    std::this_thread::sleep_for(milliseconds(10));
  }
  ::kill(pid, SIGKILL);
  ::waitpid(pid, &status, 0);
  return false;
}

/// The kkt-emulator program as a child process, stopped with SIGTERM.
class emulator_process {
 public:
  emulator_process(const std::string& program, const std::filesystem::path& dir, const point& p) {
    std::vector<std::string> args{program,
                                  "--count",
                                  std::to_string(p.registers),
                                  "--dir",
                                  dir.string(),
                                  "--print-ms-per-doc",
                                  std::to_string(p.device_ms),
                                  "--byte-timeout-ms",
                                  std::to_string(p.byte_ms),
                                  "--threads",
                                  "2"};
    const std::string log = (dir / "emulator.log").string();
    const auto file = open_log(log);
    child_streams streams;
    streams.out = file.get();  // its standard error stays this process's
    pid_ = spawn_child(std::move(args), streams);
    const auto limit = bench_clock::now() + std::chrono::seconds(60);
    const auto last = dir / emulator::emulator_farm::device_name(p.registers);
    while (!std::filesystem::exists(last)) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        throw std::runtime_error("kkt-emulator exited at start (see its log " + log + ")");
      }
      if (bench_clock::now() > limit) throw std::runtime_error("kkt-emulator did not start in 60 s");
      std::this_thread::sleep_for(milliseconds(20));
    }
  }
  ~emulator_process() {
    if (pid_ > 0) stop_child(pid_, milliseconds(5000));
  }
  emulator_process(const emulator_process&) = delete;
  emulator_process& operator=(const emulator_process&) = delete;

  long rss_kb() const { return process_rss_kb(pid_); }
  double cpu_seconds() const { return process_cpu_seconds(pid_); }
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
};

/// Commands the emulator's devices executed so far, summed over all devices (the control
/// socket's `status all`: "commands=N" per device; the reply ends with a line "ok").
inline std::uint64_t emulator_commands(const std::filesystem::path& dir) {
  const std::string path = (dir / "control.sock").string();
  emulator::unique_fd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::snprintf(address.sun_path, sizeof address.sun_path, "%s", path.c_str());
  if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0)
    throw std::system_error(errno, std::generic_category(), "connect " + path);
  const std::string query = "status all\n";
  if (::write(fd.get(), query.data(), query.size()) != static_cast<ssize_t>(query.size()))
    throw std::runtime_error("control socket write failed");
  std::string reply;
  char buffer[65536];
  while (reply.size() < 3 || (reply.compare(reply.size() - 3, 3, "ok\n") != 0 && reply.find("error:") == std::string::npos)) {
    const ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
    if (n <= 0) throw std::runtime_error("control socket closed");
    reply.append(buffer, static_cast<std::size_t>(n));
  }
  std::uint64_t total = 0;
  for (auto at = reply.find("commands="); at != std::string::npos; at = reply.find("commands=", at + 9))
    total += std::stoull(reply.substr(at + 9));
  return total;
}

/// User + system CPU seconds of a resource usage report.
inline double cpu_seconds_of(const rusage& usage) {
  auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

inline double self_cpu_seconds() {
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  return cpu_seconds_of(usage);
}

/// Runs one benchmark point in a forked child that dies with this process, so each point
/// starts from a clean process (threads, file descriptors, CAF's singletons); false when
/// it failed. `label` prefixes the failure's line on standard error.
inline bool run_forked(const std::string& label, const std::function<void()>& point_body) {
  std::cout.flush();
  const pid_t parent_pid = ::getpid();
  const pid_t child = ::fork();
  if (child < 0) throw std::system_error(errno, std::generic_category(), "fork");
  if (child == 0) {
    ws::test::die_with_parent(parent_pid);
    int code = 0;
    try {
      point_body();
    } catch (const std::exception& e) {
      std::cerr << label << ": " << e.what() << std::endl;
      code = 1;
    }
    std::cout.flush();
    ::_exit(code);
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

}  // namespace ws::bench
