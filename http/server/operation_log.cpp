#include "http/server/operation_log.hpp"

#include <chrono>
#include <ctime>

namespace ws::http::server {

namespace {

std::string utc_now() {
  const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm parts{};
  ::gmtime_r(&now, &parts);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
  return text;
}

}  // namespace

void operation_log::record(const std::string& serial, const std::string& operation, int status,
                           const std::string& detail) {
  if (serial.empty()) return;
  std::string line = utc_now() + " " + operation + " -> " + std::to_string(status);
  if (!detail.empty()) line += " " + detail;
  std::lock_guard<std::mutex> lock(mutex_);
  if (status < 200 || status > 299) last_failure_[serial] = line;
  auto& lines = lines_[serial];
  lines.push_back(std::move(line));
  while (lines.size() > limit_) lines.pop_front();
}

std::string operation_log::text(const std::string& serial, std::size_t max_bytes) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = lines_.find(serial);
  if (it == lines_.end()) return {};
  std::string out;
  std::size_t size = 0;
  auto first = it->second.end();
  while (first != it->second.begin()) {
    const auto previous = std::prev(first);
    if (size + previous->size() + 1 > max_bytes) break;
    size += previous->size() + 1;
    first = previous;
  }
  for (auto line = first; line != it->second.end(); ++line) out += *line + "\n";
  return out;
}

std::string operation_log::last_failure(const std::string& serial) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = last_failure_.find(serial);
  return it == last_failure_.end() ? std::string{} : it->second;
}

}  // namespace ws::http::server
