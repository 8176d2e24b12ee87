#include "protocol/shtrih/commands_service.hpp"

namespace ws::shtrih {

bytes set_time_request::encode() const {
  bytes out = wire::begin_request(code);
  wire::write_uint(out, password, 4);
  wire::write_time(out, time);
  return out;
}

set_time_request set_time_request::decode(const bytes& payload) {
  byte_reader in = wire::open_request(payload, code);
  set_time_request r;
  r.password = in.u32();
  r.time = wire::read_time(in);
  wire::expect_end(in);
  return r;
}

}  // namespace ws::shtrih
