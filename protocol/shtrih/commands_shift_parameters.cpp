#include "protocol/shtrih/commands_shift_parameters.hpp"

#include <string>

namespace ws::shtrih {

bytes shift_parameters_reply::encode() const {
  bytes out = wire::begin_reply(code);
  byte_writer(out).u8(shift_open ? 1 : 0).u16(shift_number).u16(receipt_number);
  return out;
}

shift_parameters_reply shift_parameters_reply::decode(const bytes& payload) {
  byte_reader in = wire::open_reply(payload, code);
  shift_parameters_reply r;
  if (in.remaining() >= 5) {
    const std::uint8_t state = in.u8();
    if (state > 1) throw format_error("FF40h: shift state " + std::to_string(state));
    r.shift_open = state == 1;
  }
  r.shift_number = in.u16();
  r.receipt_number = in.u16();
  return r;
}

}  // namespace ws::shtrih
