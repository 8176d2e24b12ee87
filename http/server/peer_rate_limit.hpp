#pragma once
// A request rate per client address (a token bucket each): the public receipt page asks a
// register's FN for every page it has not shown yet, so one client must not be able to
// keep the farm's lines busy with it. Thread-safe; integer arithmetic.

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

namespace ws::http::server {

class peer_rate_limit {
 public:
  using clock = std::chrono::steady_clock;

  /// `per_second` requests a second from one address, up to `burst` at once; 0: no limit.
  peer_rate_limit(std::uint32_t per_second, std::uint32_t burst);

  /// Whether `peer` may make one more request at `now`; when not, `retry_after_seconds`
  /// is how long until it may.
  bool allow(const std::string& peer, clock::time_point now, int& retry_after_seconds);

 private:
  struct bucket {
    std::int64_t milli_tokens = 0;  ///< thousandths of a request
    clock::time_point refilled;
  };
  /// Drops the addresses whose bucket is full again (they would start full anyway).
  void forget_rested(clock::time_point now);

  std::uint32_t per_second_;
  std::int64_t capacity_milli_;
  std::mutex mutex_;
  std::unordered_map<std::string, bucket> buckets_;
};

}  // namespace ws::http::server
