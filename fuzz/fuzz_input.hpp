#pragma once
// Reads a fuzzer's input as a stream of small decisions (sizes, delays, choices) and
// payload bytes. Past the end every read gives zero, so any input is a whole script.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "protocol/common/bytes.hpp"

namespace ws::fuzz {

class input {
 public:
  input(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}

  bool empty() const { return pos_ >= size_; }
  std::size_t left() const { return size_ - pos_; }

  std::uint8_t byte() { return empty() ? 0 : data_[pos_++]; }

  /// Up to `n` bytes (fewer at the end).
  bytes take(std::size_t n) {
    n = std::min(n, left());
    bytes out(data_ + pos_, data_ + pos_ + n);
    pos_ += n;
    return out;
  }

  std::string rest_text() {
    std::string out(reinterpret_cast<const char*>(data_ + pos_), left());
    pos_ = size_;
    return out;
  }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t pos_ = 0;
};

/// Stops the fuzzer with a message libFuzzer records as a crash.
[[noreturn]] inline void fail(const char* what) {
  std::fprintf(stderr, "fuzz invariant broken: %s\n", what);
  std::abort();
}

}  // namespace ws::fuzz
