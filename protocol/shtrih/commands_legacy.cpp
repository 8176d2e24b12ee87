#include "protocol/shtrih/commands_legacy.hpp"

namespace ws::shtrih {

namespace {

// The classic text field is 40 bytes, or longer on models that allow it (up to what the
// one-byte frame length leaves).
constexpr std::size_t max_text_bytes = 200;

void write_text(bytes& out, const std::string& utf8, std::size_t min_width) {
  const std::size_t start = out.size();
  wire::write_text_rest(out, utf8, max_text_bytes);
  const std::size_t written = out.size() - start;
  if (written < min_width) out.insert(out.end(), min_width - written, 0);
}

std::string read_text(byte_reader& in, std::size_t min_width) {
  if (in.remaining() < min_width) throw format_error("text field shorter than 40 bytes");
  return wire::read_text_rest(in, max_text_bytes);
}

void write_taxes(byte_writer& w, const tax_groups& taxes) {
  for (std::uint8_t t : taxes) w.u8(t);
}

void read_taxes(byte_reader& in, tax_groups& taxes) {
  for (std::uint8_t& t : taxes) t = in.u8();
}

}  // namespace

bytes legacy_sale_request::encode() const {
  bytes out = wire::begin_request(code);
  byte_writer w(out);
  w.u32(password).uint_le(quantity, 5).uint_le(price, 5).u8(department);
  write_taxes(w, taxes);
  write_text(out, text, min_text_bytes);
  return out;
}

legacy_sale_request legacy_sale_request::decode(const bytes& payload) {
  byte_reader in = wire::open_request(payload, code);
  legacy_sale_request r;
  r.password = in.u32();
  r.quantity = in.uint_le(5);
  r.price = in.uint_le(5);
  r.department = in.u8();
  read_taxes(in, r.taxes);
  r.text = read_text(in, min_text_bytes);
  return r;
}

bytes legacy_close_receipt_request::encode() const {
  bytes out = wire::begin_request(code);
  byte_writer w(out);
  w.u32(password);
  for (std::uint64_t sum : payments) w.uint_le(sum, 5);
  w.u16(static_cast<std::uint16_t>(discount));  // two's complement, little-endian
  write_taxes(w, taxes);
  write_text(out, text, min_text_bytes);
  return out;
}

legacy_close_receipt_request legacy_close_receipt_request::decode(const bytes& payload) {
  byte_reader in = wire::open_request(payload, code);
  legacy_close_receipt_request r;
  r.password = in.u32();
  for (std::uint64_t& sum : r.payments) sum = in.uint_le(5);
  r.discount = static_cast<std::int16_t>(in.u16());
  read_taxes(in, r.taxes);
  r.text = read_text(in, min_text_bytes);
  return r;
}

bytes legacy_close_receipt_reply::encode() const {
  bytes out = wire::begin_reply(code);
  byte_writer(out).u8(operator_number).uint_le(change, 5);
  return out;
}

legacy_close_receipt_reply legacy_close_receipt_reply::decode(const bytes& payload) {
  byte_reader in = wire::open_reply(payload, code);
  legacy_close_receipt_reply r;
  r.operator_number = in.u8();
  r.change = in.uint_le(5);
  return r;
}

}  // namespace ws::shtrih
