#include "protocol/shtrih/commands_correction.hpp"

namespace ws::shtrih {

bytes correction_request::encode() const {
  bytes out = wire::begin_request(code);
  byte_writer w(out);
  w.u32(password).u8(correction_type).u8(static_cast<std::uint8_t>(sign));
  for (std::uint64_t sum : {total, cash, electronic, prepayment, postpayment, counter_provision}) w.uint_le(sum, 5);
  for (std::uint64_t sum : vat_sums) w.uint_le(sum, 5);
  w.u8(taxation_system);
  return out;
}

correction_request correction_request::decode(const bytes& payload) {
  byte_reader in = wire::open_request(payload, code);
  correction_request r;
  r.password = in.u32();
  r.correction_type = in.u8();
  r.sign = static_cast<settlement_sign>(in.u8());
  for (std::uint64_t* sum : {&r.total, &r.cash, &r.electronic, &r.prepayment, &r.postpayment, &r.counter_provision})
    *sum = in.uint_le(5);
  for (std::uint64_t& sum : r.vat_sums) sum = in.uint_le(5);
  r.taxation_system = in.u8();
  wire::expect_end(in);
  return r;
}

bytes correction_v1_request::encode() const {
  bytes out = wire::begin_request(code);
  byte_writer(out).u32(password).uint_le(total, 5).u8(static_cast<std::uint8_t>(sign));
  return out;
}

correction_v1_request correction_v1_request::decode(const bytes& payload) {
  byte_reader in = wire::open_request(payload, code);
  correction_v1_request r;
  r.password = in.u32();
  r.total = in.uint_le(5);
  r.sign = static_cast<settlement_sign>(in.u8());
  wire::expect_end(in);
  return r;
}

}  // namespace ws::shtrih
