#include "protocol/shtrih/commands_shift.hpp"

namespace ws::shtrih {

bytes fn_open_shift_reply::encode() const {
  bytes out = wire::begin_reply(code);
  byte_writer(out).u16(shift_number).u32(document_number).u32(fiscal_sign);
  return out;
}

fn_open_shift_reply fn_open_shift_reply::decode(const bytes& payload) {
  byte_reader in = wire::open_reply(payload, code);
  fn_open_shift_reply r;
  r.shift_number = in.u16();
  r.document_number = in.u32();
  r.fiscal_sign = in.u32();
  return r;
}

bytes fn_close_shift_reply::encode() const {
  bytes out = wire::begin_reply(code);
  byte_writer(out).u16(shift_number).u32(document_number).u32(fiscal_sign);
  if (date_time) wire::write_fn_date_time(out, *date_time);
  return out;
}

fn_close_shift_reply fn_close_shift_reply::decode(const bytes& payload) {
  byte_reader in = wire::open_reply(payload, code);
  fn_close_shift_reply r;
  r.shift_number = in.u16();
  r.document_number = in.u32();
  r.fiscal_sign = in.u32();
  if (in.remaining() >= 5) r.date_time = wire::read_fn_date_time(in);
  return r;
}

}  // namespace ws::shtrih
