#include "protocol/shtrih/commands_receipt.hpp"

namespace ws::shtrih {

namespace {

// FF46h marks "not given" with all ones, so a real value must stay below it.
void write_optional_money(bytes& out, const std::optional<std::uint64_t>& value, const char* what) {
  if (value && *value >= max_money) throw format_error(std::string(what) + " does not fit in 5 bytes");
  wire::write_uint(out, value.value_or(max_money), 5);
}

std::optional<std::uint64_t> read_optional_money(byte_reader& in) {
  const std::uint64_t raw = in.uint_le(5);
  if (raw == max_money) return std::nullopt;
  return raw;
}

}  // namespace

bytes open_receipt_request::encode() const {
  bytes out = wire::begin_request(code);
  byte_writer(out).u32(password).u8(static_cast<std::uint8_t>(type));
  return out;
}

open_receipt_request open_receipt_request::decode(const bytes& payload) {
  byte_reader in = wire::open_request(payload, code);
  open_receipt_request r;
  r.password = in.u32();
  r.type = static_cast<receipt_type>(in.u8());
  wire::expect_end(in);
  return r;
}

bytes position_request::encode() const {
  bytes out = wire::begin_request(code);
  byte_writer w(out);
  w.u32(password).u8(static_cast<std::uint8_t>(operation)).uint_le(quantity, 6).uint_le(price, 5);
  write_optional_money(out, amount, "position amount");
  write_optional_money(out, vat_sum, "position VAT sum");
  w.u8(static_cast<std::uint8_t>(vat)).u8(department).u8(payment_method).u8(payment_object);
  wire::write_text_rest(out, name, max_name_bytes);
  return out;
}

position_request position_request::decode(const bytes& payload) {
  byte_reader in = wire::open_request(payload, code);
  position_request r;
  r.password = in.u32();
  r.operation = static_cast<settlement_sign>(in.u8());
  r.quantity = in.uint_le(6);
  r.price = in.uint_le(5);
  r.amount = read_optional_money(in);
  r.vat_sum = read_optional_money(in);
  r.vat = static_cast<vat_code>(in.u8());
  r.department = in.u8();
  r.payment_method = in.u8();
  r.payment_object = in.u8();
  r.name = wire::read_text_rest(in, max_name_bytes);
  return r;
}

bytes close_receipt_request::encode() const {
  bytes out = wire::begin_request(code);
  byte_writer w(out);
  w.u32(password);
  for (std::uint64_t sum : payments) w.uint_le(sum, 5);
  w.u8(rounding);
  for (std::uint64_t sum : vat_sums) w.uint_le(sum, 5);
  w.u8(taxation_system);
  wire::write_text_rest(out, text, max_text_bytes);
  return out;
}

close_receipt_request close_receipt_request::decode(const bytes& payload) {
  byte_reader in = wire::open_request(payload, code);
  close_receipt_request r;
  r.password = in.u32();
  for (std::uint64_t& sum : r.payments) sum = in.uint_le(5);
  r.rounding = in.u8();
  for (std::uint64_t& sum : r.vat_sums) sum = in.uint_le(5);
  r.taxation_system = in.u8();
  r.text = wire::read_text_rest(in, max_text_bytes);
  return r;
}

bytes close_receipt_reply::encode() const {
  bytes out = wire::begin_reply(code);
  byte_writer(out).uint_le(change, 5).u32(document_number).u32(fiscal_sign);
  wire::write_fn_date_time(out, date_time);
  return out;
}

close_receipt_reply close_receipt_reply::decode(const bytes& payload) {
  byte_reader in = wire::open_reply(payload, code);
  close_receipt_reply r;
  r.change = in.uint_le(5);
  r.document_number = in.u32();
  r.fiscal_sign = in.u32();
  r.date_time = wire::read_fn_date_time(in);
  return r;
}

}  // namespace ws::shtrih
