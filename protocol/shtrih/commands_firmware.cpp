#include "protocol/shtrih/commands_firmware.hpp"

#include <algorithm>

namespace ws::shtrih {

bytes firmware_block_request::encode() const {
  bytes out = wire::begin_request(code);
  wire::write_uint(out, password, 4);
  wire::write_uint(out, file, 1);
  wire::write_uint(out, block_number, 2);
  out.insert(out.end(), data.begin(), data.end());
  return out;
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
