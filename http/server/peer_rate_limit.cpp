#include "http/server/peer_rate_limit.hpp"

#include <algorithm>

namespace ws::http::server {

namespace {
constexpr std::size_t addresses_before_cleanup = 4096;
}

peer_rate_limit::peer_rate_limit(std::uint32_t per_second, std::uint32_t burst)
    : per_second_(per_second), capacity_milli_(std::int64_t{std::max<std::uint32_t>(burst, 1)} * 1000) {}

bool peer_rate_limit::allow(const std::string& peer, clock::time_point now, int& retry_after_seconds) {
  if (per_second_ == 0) return true;
  std::lock_guard<std::mutex> lock(mutex_);
  if (buckets_.size() >= addresses_before_cleanup) forget_rested(now);
  auto [entry, fresh] = buckets_.try_emplace(peer);
  bucket& b = entry->second;
  if (fresh) {
    b.milli_tokens = capacity_milli_;
  } else {
    // per_second requests a second = per_second thousandths of a request a millisecond
    const auto elapsed_ms = std::chrono::duration_cast<std::chrono::milliseconds>(now - b.refilled).count();
    b.milli_tokens = std::min(capacity_milli_, b.milli_tokens + std::max<std::int64_t>(elapsed_ms, 0) * per_second_);
  }
  b.refilled = now;
  if (b.milli_tokens >= 1000) {
    b.milli_tokens -= 1000;
    return true;
  }
  const std::int64_t missing_ms = (1000 - b.milli_tokens + per_second_ - 1) / per_second_;
  retry_after_seconds = static_cast<int>(std::max<std::int64_t>(1, (missing_ms + 999) / 1000));
  return false;
}

void peer_rate_limit::forget_rested(clock::time_point now) {
  for (auto it = buckets_.begin(); it != buckets_.end();) {
    const auto elapsed_ms = std::chrono::duration_cast<std::chrono::milliseconds>(now - it->second.refilled).count();
    if (it->second.milli_tokens + elapsed_ms * per_second_ >= capacity_milli_)
      it = buckets_.erase(it);
    else
      ++it;
  }
}

}  // namespace ws::http::server
