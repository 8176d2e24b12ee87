#pragma once
// The receipt pages a front has shown, by their link (fn, i, fp): a fiscal document never
// changes once the FN signed it, so a page shown once is shown again without asking the
// register. Only pages of receipts found are kept (a number not in the FN yet may be
// there tomorrow). Bounded: the oldest page goes first. Thread-safe.

#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace ws::http::server {

class receipt_page_cache {
 public:
  explicit receipt_page_cache(std::size_t capacity) : capacity_(capacity) {}

  std::optional<std::string> find(const std::string& link) const;
  void keep(const std::string& link, std::string page);

 private:
  std::size_t capacity_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::string> pages_;
  std::deque<std::string> order_;  ///< links, oldest first
};

}  // namespace ws::http::server
