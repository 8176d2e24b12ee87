#pragma once
// What every benchmark shares: a steady clock, sample statistics (median, p90, p99),
// the one-JSON-line-per-result output, and process facts read from /proc (RSS, open fds).
// Results go to stdout; progress and notes go to stderr so stdout stays machine-readable.

#include <dirent.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

namespace ws::bench {

using bench_clock = std::chrono::steady_clock;

/// Seconds between two steady-clock points, as a double (for rates).
inline double seconds_between(bench_clock::time_point from, bench_clock::time_point to) {
  return std::chrono::duration<double>(to - from).count();
}

/// Nearest-rank percentile of `samples` (0 < p <= 100); sorts a copy.
inline double percentile(std::vector<double> samples, double p) {
  if (samples.empty()) return 0;
  std::sort(samples.begin(), samples.end());
  auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(samples.size())));
  rank = std::clamp<std::size_t>(rank, 1, samples.size());
  return samples[rank - 1];
}
inline double median(std::vector<double> samples) { return percentile(std::move(samples), 50); }

/// A parameter value for the JSON line: already JSON (a number or a quoted string).
struct param {
  std::string key;
  std::string json_value;
};
inline param num(const std::string& key, double v) {
  std::ostringstream s;
  s << v;
  return {key, s.str()};
}
inline param str(const std::string& key, const std::string& v) { return {key, "\"" + v + "\""}; }

/// Prints one result: {"name":..., "params":{...}, "value":..., "unit":...}.
/// Names and strings here are plain ASCII chosen by the benchmarks, so no escaping.
inline void report(const std::string& name, const std::vector<param>& params, double value,
                   const std::string& unit) {
  std::ostringstream line;
  line.precision(6);
  line << "{\"name\":\"" << name << "\",\"params\":{";
  for (std::size_t i = 0; i < params.size(); ++i)
    line << (i ? "," : "") << "\"" << params[i].key << "\":" << params[i].json_value;
  line << "},\"value\":" << value << ",\"unit\":\"" << unit << "\"}\n";
  std::cout << line.str() << std::flush;
}

inline void note(const std::string& text) { std::cerr << text << std::endl; }

/// VmRSS of this process in kB, from /proc/self/status.
inline long rss_kb() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  return -1;
}

/// Number of descriptors this process holds open.
inline long open_fds() {
  long count = 0;
  for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd")) {
    (void)entry;
    ++count;
  }
  return count - 1;  // the directory_iterator's own descriptor
}

/// Total size of the regular files under `dir`.
inline std::uintmax_t folder_bytes(const std::filesystem::path& dir) {
  std::uintmax_t total = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir))
    if (entry.is_regular_file()) total += entry.file_size();
  return total;
}

/// A new empty folder PARENT/wsb-XXXXXX (PARENT /tmp unless told; short: pty symlinks and
/// sockets live there), removed with everything in it at the end.
class temp_dir {
 public:
  explicit temp_dir(const std::string& parent = "/tmp") {
    std::string pattern = parent + "/wsb-XXXXXX";
    if (::mkdtemp(pattern.data()) == nullptr) throw std::system_error(errno, std::generic_category(), "mkdtemp");
    path_ = pattern;
  }
  ~temp_dir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

/// True when the command line holds `--quick`.
inline bool quick_mode(int argc, char** argv) {
  for (int i = 1; i < argc; ++i)
    if (std::string(argv[i]) == "--quick") return true;
  return false;
}

/// Keeps the optimiser from dropping a computed value.
template <class T>
inline void keep(const T& value) {
  asm volatile("" : : "g"(&value) : "memory");
}

}  // namespace ws::bench
