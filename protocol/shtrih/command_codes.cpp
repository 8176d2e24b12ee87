#include "protocol/shtrih/command_codes.hpp"

namespace ws::shtrih {

// Out of line on purpose: inlined into callers with constant buffers, GCC's -O2 bounds
// analysis reports false positives inside byte_reader.

void command_code::write(bytes& out) const {
  if (is_two_byte()) out.push_back(static_cast<byte_t>(value_ >> 8));
  out.push_back(static_cast<byte_t>(value_ & 0xFF));
}

command_code command_code::read(byte_reader& in) {
  const std::uint8_t first = in.u8();
  if (!is_prefix(first)) return command_code{first};
  return command_code{static_cast<std::uint16_t>((first << 8) | in.u8())};
}

command_code command_code::peek(const bytes& payload) {
  byte_reader in(payload);
  return read(in);
}

}  // namespace ws::shtrih
