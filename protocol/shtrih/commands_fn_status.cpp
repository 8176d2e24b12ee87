#include "protocol/shtrih/commands_fn_status.hpp"

namespace ws::shtrih {

namespace {
constexpr std::size_t fn_number_bytes = 16;
constexpr std::size_t fn_version_bytes = 16;
}  // namespace

bytes fn_status_reply::encode() const {
  bytes out = wire::begin_reply(code);
  out.insert(out.end(), {phase, current_document, static_cast<std::uint8_t>(document_data_received),
                         static_cast<std::uint8_t>(shift_open), warning_flags});
  wire::write_fn_date_time(out, date_time);
  wire::write_text_fixed(out, fn_number, fn_number_bytes);
  wire::write_uint(out, last_document_number, 4);
  return out;
}

fn_status_reply fn_status_reply::decode(const bytes& payload) {
  byte_reader in = wire::open_reply(payload, code);
  fn_status_reply r;
  r.phase = in.u8();
  r.current_document = in.u8();
  r.document_data_received = in.u8() != 0;
  r.shift_open = in.u8() != 0;
  r.warning_flags = in.u8();
  r.date_time = wire::read_fn_date_time(in);
  r.fn_number = wire::read_text_fixed(in, fn_number_bytes);
  r.last_document_number = in.u32();
  return r;
}

bytes fn_number_reply::encode() const {
  bytes out = wire::begin_reply(code);
  wire::write_text_fixed(out, fn_number, fn_number_bytes);
  return out;
}

fn_number_reply fn_number_reply::decode(const bytes& payload) {
  byte_reader in = wire::open_reply(payload, code);
  fn_number_reply r;
  r.fn_number = wire::read_text_fixed(in, fn_number_bytes);
  return r;
}

bytes fn_expiry_reply::encode() const {
  bytes out = wire::begin_reply(code);
  wire::write_fn_date(out, expiry);
  return out;
}

fn_expiry_reply fn_expiry_reply::decode(const bytes& payload) {
  byte_reader in = wire::open_reply(payload, code);
  fn_expiry_reply r;
  r.expiry = wire::read_fn_date(in);
  return r;
}

bytes fn_version_reply::encode() const {
  bytes out = wire::begin_reply(code);
  wire::write_text_fixed(out, version, fn_version_bytes);
  out.push_back(release ? 1 : 0);
  return out;
}

fn_version_reply fn_version_reply::decode(const bytes& payload) {
  byte_reader in = wire::open_reply(payload, code);
  fn_version_reply r;
  r.version = wire::read_text_fixed(in, fn_version_bytes);
  r.release = in.u8() != 0;
  return r;
}

bytes ofd_exchange_status_reply::encode() const {
  bytes out = wire::begin_reply(code);
  byte_writer(out).u8(status).u8(reading_message ? 1 : 0).u16(queue_size).u32(first_document_number);
  wire::write_fn_date_time(out, first_document_time);
  return out;
}

ofd_exchange_status_reply ofd_exchange_status_reply::decode(const bytes& payload) {
  byte_reader in = wire::open_reply(payload, code);
  ofd_exchange_status_reply r;
  r.status = in.u8();
  r.reading_message = in.u8() != 0;
  r.queue_size = in.u16();
  r.first_document_number = in.u32();
  r.first_document_time = wire::read_fn_date_time(in);
  return r;
}

bytes unticketed_count_reply::encode() const {
  bytes out = wire::begin_reply(code);
  wire::write_uint(out, count, 2);
  return out;
}

unticketed_count_reply unticketed_count_reply::decode(const bytes& payload) {
  byte_reader in = wire::open_reply(payload, code);
  unticketed_count_reply r;
  r.count = static_cast<std::uint32_t>(in.uint_le(in.remaining() >= 4 ? 4 : 2));
  return r;
}

}  // namespace ws::shtrih
