#pragma once
// GET /v1/cashmachines/{kkt_sn}/log. A Shtrih-M register keeps no log the host can read,
// so the log a farm user gets is the front's own: one line per operation the front ran on
// that register (time, operation, HTTP status, FD number or error), newest last, bounded
// per register so a busy register cannot grow it without limit. Thread-safe.

#include <cstddef>
#include <deque>
#include <map>
#include <mutex>
#include <string>

namespace ws::http::server {

class operation_log {
 public:
  explicit operation_log(std::size_t lines_per_register = 500) : limit_(lines_per_register) {}

  /// Appends "<UTC time> <operation> -> <status> <detail>" for register `serial`.
  void record(const std::string& serial, const std::string& operation, int status, const std::string& detail);
  /// The register's log as text, one line per entry; at most the last `max_bytes`
  /// bytes (cut at a line start).
  std::string text(const std::string& serial, std::size_t max_bytes) const;
  /// The register's latest failed operation (status other than 2xx), empty if none.
  std::string last_failure(const std::string& serial) const;

 private:
  std::size_t limit_;
  mutable std::mutex mutex_;
  std::map<std::string, std::deque<std::string>> lines_;
  std::map<std::string, std::string> last_failure_;
};

}  // namespace ws::http::server
