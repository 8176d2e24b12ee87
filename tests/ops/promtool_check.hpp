#pragma once
// `promtool check metrics` (Debian's prometheus package) on an exposition: what a real
// Prometheus accepts, and its lint (naming conventions, help texts, units).

#include <cstdio>
#include <string>

#include "tests/support/temp_dir.hpp"

namespace ws::test {

struct promtool_result {
  int exit_code = -1;
  std::string output;
};

inline promtool_result promtool_check_metrics(const std::string& exposition) {
  temp_dir dir;
  const auto file = (dir.path() / "metrics.txt").string();
  if (FILE* out = std::fopen(file.c_str(), "w")) {
    std::fwrite(exposition.data(), 1, exposition.size(), out);
    std::fclose(out);
  }
  promtool_result result;
  const std::string command = "promtool check metrics < '" + file + "' 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return result;
  char buffer[4096];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) result.output.append(buffer, n);
  const int status = ::pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

}  // namespace ws::test
