#pragma once
// Running the whitespirit program as a child in tests: start it, read the port it
// serves on, and take the README's receipt, the one a user would post first.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "tests/support/child_process.hpp"

namespace ws::test {

/// Starts whitespirit through sh so that its standard error joins standard output in the
/// pipe the test reads; `exec` keeps the pid, so terminating the child signals the program.
inline std::unique_ptr<child_process> start_whitespirit(const std::vector<std::string>& args) {
  std::vector<std::string> all{"-c", "exec \"$0\" \"$@\" 2>&1", WS_WHITESPIRIT_PATH};
  all.insert(all.end(), args.begin(), args.end());
  return std::make_unique<child_process>("/bin/sh", all);
}

/// The port of the `whitespirit: listening on http://127.0.0.1:PORT` line, once it is complete.
inline std::optional<std::uint16_t> listening_port(child_process& child, std::chrono::milliseconds limit) {
  const std::string prefix = "whitespirit: listening on http://127.0.0.1:";
  const auto deadline = std::chrono::steady_clock::now() + limit;
  if (!child.wait_for_output(prefix, limit)) return std::nullopt;
  const auto at = child.output().find(prefix) + prefix.size();
  while (child.output().find('\n', at) == std::string::npos) {
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    child.wait_for_output("\x01never printed\x01", std::chrono::milliseconds(50));  // reads what has come
  }
  const std::string digits = child.output().substr(at, child.output().find('\n', at) - at);
  return static_cast<std::uint16_t>(std::stoul(digits));
}

/// The receipt body of the README's "API with curl" section, exactly as written there
/// (empty if the README lost it).
inline std::string readme_receipt() {
  const auto readme = std::filesystem::path(__FILE__).parent_path().parent_path().parent_path() / "README.md";
  std::ifstream in(readme);
  std::stringstream text;
  text << in.rdbuf();
  const std::string all = text.str();
  const std::string begin = "cat > receipt.json <<'JSON'\n";
  const auto from = all.find(begin);
  if (from == std::string::npos) return {};
  const auto body = from + begin.size();
  const auto end = all.find("\nJSON\n", body);
  return end == std::string::npos ? std::string{} : all.substr(body, end - body + 1);
}

}  // namespace ws::test
