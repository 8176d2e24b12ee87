#pragma once
// Byte buffers and little-endian field access shared by the Shtrih-M protocol and the
// FFD TLV code. Both formats are little-endian with fixed-width unsigned integers of
// 1..8 bytes (money in 5 bytes, quantities in 6), so one reader/writer serves both.

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace ws {

using byte_t = std::uint8_t;
using bytes = std::vector<byte_t>;

/// Thrown when a buffer is shorter than its format says, or a field does not fit.
struct format_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// Appends fixed-width little-endian fields to a byte buffer.
class byte_writer {
 public:
  explicit byte_writer(bytes& out) : out_(out) {}

  /// Writes the low `width` bytes of `value`; throws if `value` needs more.
  byte_writer& uint_le(std::uint64_t value, std::size_t width) {
    if (width < 8 && (value >> (8 * width)) != 0)
      throw format_error("value " + std::to_string(value) + " does not fit in " +
                         std::to_string(width) + " bytes");
    for (std::size_t i = 0; i < width; ++i) out_.push_back(static_cast<byte_t>(value >> (8 * i)));
    return *this;
  }
  byte_writer& u8(std::uint8_t v) { return uint_le(v, 1); }
  byte_writer& u16(std::uint16_t v) { return uint_le(v, 2); }
  byte_writer& u32(std::uint32_t v) { return uint_le(v, 4); }
  byte_writer& raw(const bytes& data) {
    out_.insert(out_.end(), data.begin(), data.end());
    return *this;
  }
  byte_writer& text(std::string_view s) {
    out_.insert(out_.end(), s.begin(), s.end());
    return *this;
  }
  /// Text padded with zero bytes (or cut) to exactly `width` bytes.
  byte_writer& text_fixed(std::string_view s, std::size_t width) {
    for (std::size_t i = 0; i < width; ++i) out_.push_back(i < s.size() ? static_cast<byte_t>(s[i]) : 0);
    return *this;
  }

 private:
  bytes& out_;
};

/// Reads fixed-width little-endian fields from a byte range; throws format_error on
/// a short buffer instead of reading past its end.
class byte_reader {
 public:
  byte_reader(const byte_t* data, std::size_t size) : data_(data), size_(size) {}
  explicit byte_reader(const bytes& b) : byte_reader(b.data(), b.size()) {}

  std::uint64_t uint_le(std::size_t width) {
    need(width);
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < width; ++i) v |= std::uint64_t{data_[pos_ + i]} << (8 * i);
    pos_ += width;
    return v;
  }
  std::uint8_t u8() { return static_cast<std::uint8_t>(uint_le(1)); }
  std::uint16_t u16() { return static_cast<std::uint16_t>(uint_le(2)); }
  std::uint32_t u32() { return static_cast<std::uint32_t>(uint_le(4)); }
  bytes raw(std::size_t n) {
    need(n);
    bytes out(data_ + pos_, data_ + pos_ + n);
    pos_ += n;
    return out;
  }
  /// Text of exactly `n` bytes with trailing zero bytes dropped.
  std::string text(std::size_t n) {
    need(n);
    std::string s(reinterpret_cast<const char*>(data_ + pos_), n);
    pos_ += n;
    while (!s.empty() && s.back() == '\0') s.pop_back();
    return s;
  }
  std::string rest_text() { return text(remaining()); }
  bytes rest() { return raw(remaining()); }
  std::size_t remaining() const { return size_ - pos_; }
  bool at_end() const { return pos_ == size_; }

 private:
  void need(std::size_t n) const {
    if (n > size_ - pos_)
      throw format_error("need " + std::to_string(n) + " bytes at offset " + std::to_string(pos_) +
                         ", have " + std::to_string(size_ - pos_));
  }
  const byte_t* data_;
  std::size_t size_;
  std::size_t pos_ = 0;
};

}  // namespace ws
