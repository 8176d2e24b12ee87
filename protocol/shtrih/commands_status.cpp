#include "protocol/shtrih/commands_status.hpp"

namespace ws::shtrih {

namespace {
constexpr std::size_t max_device_name_bytes = 250;
}

bytes device_type_request::encode() const { return wire::begin_request(code); }

device_type_request device_type_request::decode(const bytes& payload) {
  wire::expect_end(wire::open_request(payload, code));
  return {};
}

bytes device_type_reply::encode() const {
  bytes out = wire::begin_reply(code);
  out.insert(out.end(), {type, subtype, protocol_version, protocol_subversion, model, language});
  wire::write_text_rest(out, name, max_device_name_bytes);
  return out;
}

device_type_reply device_type_reply::decode(const bytes& payload) {
  byte_reader in = wire::open_reply(payload, code);
  device_type_reply r;
  r.type = in.u8();
  r.subtype = in.u8();
  r.protocol_version = in.u8();
  r.protocol_subversion = in.u8();
  r.model = in.u8();
  r.language = in.u8();
  r.name = wire::read_text_rest(in, max_device_name_bytes);
  return r;
}

bytes short_status_reply::encode() const {
  bytes out = wire::begin_reply(code);
  byte_writer w(out);
  w.u8(operator_number).u16(flags).u8(mode).u8(submode);
  w.u8(static_cast<std::uint8_t>(receipt_operations & 0xFF));
  w.u8(battery_voltage).u8(supply_voltage).u8(fm_error).u8(eklz_error);
  w.u8(static_cast<std::uint8_t>(receipt_operations >> 8));
  w.uint_le(0, 3);  // reserved
  if (last_print_result) w.u8(*last_print_result);
  return out;
}

short_status_reply short_status_reply::decode(const bytes& payload) {
  byte_reader in = wire::open_reply(payload, code);
  short_status_reply r;
  r.operator_number = in.u8();
  r.flags = in.u16();
  r.mode = in.u8();
  r.submode = in.u8();
  const std::uint8_t operations_low = in.u8();
  r.battery_voltage = in.u8();
  r.supply_voltage = in.u8();
  r.fm_error = in.u8();
  r.eklz_error = in.u8();
  r.receipt_operations = static_cast<std::uint16_t>(operations_low | (in.u8() << 8));
  in.uint_le(3);  // reserved
  if (!in.at_end()) r.last_print_result = in.u8();
  return r;
}

bytes full_status_reply::encode() const {
  bytes out = wire::begin_reply(code);
  byte_writer w(out);
  w.u8(operator_number);
  wire::write_text_fixed(out, firmware_version, 2);
  w.u16(firmware_build);
  wire::write_date(out, firmware_date);
  w.u8(hall_number).u16(document_number).u16(flags).u8(mode).u8(submode).u8(port);
  wire::write_text_fixed(out, fm_firmware_version, 2);
  w.u16(fm_firmware_build);
  wire::write_date(out, fm_firmware_date);
  wire::write_date(out, current_date);
  wire::write_time(out, current_time);
  w.u8(fm_flags).u32(serial_number_low).u16(last_closed_shift).u16(free_fm_records);
  w.u8(registrations).u8(registrations_left).uint_le(inn, 6);
  if (fm_flags_high.has_value() != fm_mode.has_value() || (serial_number_high && !fm_mode))
    throw format_error("full status tail: FM flags and mode go together, before the serial high word");
  if (fm_mode) w.u8(*fm_flags_high).u8(*fm_mode);
  if (serial_number_high) w.u16(*serial_number_high);
  return out;
}

full_status_reply full_status_reply::decode(const bytes& payload) {
  byte_reader in = wire::open_reply(payload, code);
  full_status_reply r;
  r.operator_number = in.u8();
  r.firmware_version = wire::read_text_fixed(in, 2);
  r.firmware_build = in.u16();
  r.firmware_date = wire::read_date(in);
  r.hall_number = in.u8();
  r.document_number = in.u16();
  r.flags = in.u16();
  r.mode = in.u8();
  r.submode = in.u8();
  r.port = in.u8();
  r.fm_firmware_version = wire::read_text_fixed(in, 2);
  r.fm_firmware_build = in.u16();
  r.fm_firmware_date = wire::read_date(in);
  r.current_date = wire::read_date(in);
  r.current_time = wire::read_time(in);
  r.fm_flags = in.u8();
  r.serial_number_low = in.u32();
  r.last_closed_shift = in.u16();
  r.free_fm_records = in.u16();
  r.registrations = in.u8();
  r.registrations_left = in.u8();
  r.inn = in.uint_le(6);
  if (in.remaining() >= 2) {
    r.fm_flags_high = in.u8();
    r.fm_mode = in.u8();
  }
  if (in.remaining() >= 2) r.serial_number_high = in.u16();
  return r;
}

}  // namespace ws::shtrih
