#include "protocol/shtrih/commands_firmware.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace ws::shtrih {

bytes firmware_block_request::encode() const {
  bytes out = wire::begin_request(code);
  wire::write_uint(out, password, 4);
  wire::write_uint(out, file, 1);
  wire::write_uint(out, block_number, 2);
  out.insert(out.end(), data.begin(), data.end());
  return out;
}

firmware_block_request firmware_block_of(firmware_file file, const bytes& content, std::size_t number,
                                         std::uint32_t password) {
  if (number >= firmware_block_count(content.size()) || number >= max_firmware_blocks)
    throw std::out_of_range("firmware block " + std::to_string(number) + " is past the file's end");
  firmware_block_request block;
  block.password = password;
  block.file = static_cast<std::uint8_t>(file);
  block.block_number = static_cast<std::uint16_t>(number);
  block.data.fill(firmware_padding);
  const auto begin = content.begin() + static_cast<std::ptrdiff_t>(number * firmware_block_size);
  const auto length = std::min(firmware_block_size, content.size() - number * firmware_block_size);
  std::copy(begin, begin + static_cast<std::ptrdiff_t>(length), block.data.begin());
  return block;
}

firmware_block_request firmware_block_request::decode(const bytes& payload) {
  byte_reader in = wire::open_request(payload, code);
  firmware_block_request r;
  r.password = in.u32();
  r.file = in.u8();
  r.block_number = in.u16();
  const bytes block = in.raw(firmware_block_size);
  std::copy(block.begin(), block.end(), r.data.begin());
  wire::expect_end(in);
  return r;
}

}  // namespace ws::shtrih
