#include "http/server/receipt_page_cache.hpp"

namespace ws::http::server {

std::optional<std::string> receipt_page_cache::find(const std::string& link) const {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto found = pages_.find(link);
  if (found == pages_.end()) return std::nullopt;
  return found->second;
}

void receipt_page_cache::keep(const std::string& link, std::string page) {
  if (capacity_ == 0) return;
  std::lock_guard<std::mutex> lock(mutex_);
  if (!pages_.emplace(link, std::move(page)).second) return;
  order_.push_back(link);
  while (pages_.size() > capacity_) {
    pages_.erase(order_.front());
    order_.pop_front();
  }
}

}  // namespace ws::http::server
