#include "protocol/shtrih/commands_clearing.hpp"

namespace ws::shtrih {

bytes fn_reset_request::encode() const {
  bytes out = wire::begin_request(code);
  wire::write_uint(out, password, 4);
  wire::write_uint(out, request_code, 1);
  return out;
}

fn_reset_request fn_reset_request::decode(const bytes& payload) {
  byte_reader in = wire::open_request(payload, code);
  fn_reset_request r;
  r.password = in.u32();
  r.request_code = in.u8();
  wire::expect_end(in);
  return r;
}

}  // namespace ws::shtrih
