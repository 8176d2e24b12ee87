// Status, identification, clock, and reading the FN archive: commands that print nothing.
#include <algorithm>

#include "emulator/archive_fields.hpp"
#include "emulator/device_model.hpp"

namespace ws::emulator {

using shtrih::command_code;
namespace device_error = shtrih::device_error;

namespace {

constexpr std::size_t max_tlv_block = 250;  // keeps the FF3Bh reply inside one frame

std::uint64_t digits_value(const std::string& text, std::uint64_t limit) {
  std::uint64_t v = 0;
  for (char c : text)
    if (c >= '0' && c <= '9') v = (v * 10 + static_cast<std::uint64_t>(c - '0')) % limit;
  return v;
}

}  // namespace

command_answer kkt_device::impl::short_status(const bytes& c) {
  const auto req = shtrih::short_status_request::decode(c);
  const auto op = operator_for(req.password);
  if (!op) return error_answer(req.code, device_error::wrong_password);
  shtrih::short_status_reply r;
  r.operator_number = *op;
  r.flags = shtrih::kkt_flag::decimal_point | shtrih::kkt_flag::receipt_lever_down;
  if (printer.paper_present()) r.flags |= shtrih::kkt_flag::receipt_roll | shtrih::kkt_flag::receipt_paper;
  r.mode = mode();
  r.submode = submode();
  r.receipt_operations = receipt ? static_cast<std::uint16_t>(receipt->positions().size()) : 0;
  r.battery_voltage = 0x9A;
  r.supply_voltage = 0xB4;
  r.last_print_result = submode() == 2 ? 1 : 0;
  return reply_answer(r.encode());
}

command_answer kkt_device::impl::full_status(const bytes& c) {
  const auto req = shtrih::full_status_request::decode(c);
  const auto op = operator_for(req.password);
  if (!op) return error_answer(req.code, device_error::wrong_password);
  const fn_state& s = fn.state();
  const std::uint64_t serial = digits_value(settings.serial_number, std::uint64_t{1} << 48);
  shtrih::full_status_reply r;
  r.operator_number = *op;
  r.firmware_version = kkt_firmware::status_version;
  r.firmware_build = kkt_firmware::build;
  r.firmware_date = shtrih::date{15, 1, 26};
  r.document_number = static_cast<std::uint16_t>(s.last_document);
  r.flags = shtrih::kkt_flag::decimal_point | shtrih::kkt_flag::receipt_lever_down;
  if (printer.paper_present()) r.flags |= shtrih::kkt_flag::receipt_roll | shtrih::kkt_flag::receipt_paper;
  r.mode = mode();
  r.submode = submode();
  r.fm_firmware_version = kkt_firmware::status_version;
  r.fm_firmware_build = kkt_firmware::build;
  r.fm_firmware_date = shtrih::date{15, 1, 26};
  r.current_date = wire_date(now());
  r.current_time = wire_time(now());
  r.fm_flags = 0x01 | (s.shift_open ? 0x40 : 0) | (fn.shift_expired(now()) ? 0x80 : 0);
  r.serial_number_low = static_cast<std::uint32_t>(serial);
  r.last_closed_shift = s.shift_open ? static_cast<std::uint16_t>(s.shift_number - 1) : s.shift_number;
  r.free_fm_records = 1000;
  r.registrations = static_cast<std::uint8_t>(s.registrations);
  r.registrations_left = static_cast<std::uint8_t>(30 - std::min<int>(s.registrations, 30));
  r.inn = s.registration ? digits_value(s.registration->inn, std::uint64_t{1} << 48) : 0xFFFF'FFFF'FFFFULL;
  r.fm_flags_high = 0;
  r.fm_mode = 4;  // normal fiscal memory state
  r.serial_number_high = static_cast<std::uint16_t>(serial >> 32);
  return reply_answer(r.encode());
}

command_answer kkt_device::impl::device_type(const bytes& c) {
  shtrih::device_type_request::decode(c);
  shtrih::device_type_reply r;
  r.type = 0;
  r.subtype = 0;
  r.protocol_version = kkt_firmware::protocol_version;
  r.protocol_subversion = kkt_firmware::protocol_subversion;
  r.model = kkt_firmware::model_number;
  r.language = 0;
  r.name = kkt_firmware::model_name;
  return reply_answer(r.encode());
}

command_answer kkt_device::impl::beep(const bytes& c) {
  const auto req = shtrih::beep_request::decode(c);
  const auto op = operator_for(req.password);
  if (!op) return error_answer(req.code, device_error::wrong_password);
  return reply_answer(shtrih::beep_reply{*op}.encode());
}

command_answer kkt_device::impl::set_time(const bytes& c) {
  const auto req = shtrih::set_time_request::decode(c);
  const auto op = operator_for(req.password);
  if (!op || !is_system_admin(*op)) return error_answer(req.code, device_error::wrong_password);
  if (receipt) return error_answer(req.code, device_error::receipt_open);
  if (!shtrih::is_valid(req.time)) return error_answer(req.code, device_error::bad_parameters);
  clock.set_time_of_day(req.time.hour, req.time.minute, req.time.second);
  clock_changed = true;
  return reply_answer(shtrih::set_time_reply{}.encode());
}

command_answer kkt_device::impl::set_date(const bytes& c) {
  const auto req = shtrih::set_date_request::decode(c);
  const auto op = operator_for(req.password);
  if (!op || !is_system_admin(*op)) return error_answer(req.code, device_error::wrong_password);
  if (receipt) return error_answer(req.code, device_error::receipt_open);
  if (!shtrih::is_valid(req.day)) return error_answer(req.code, device_error::bad_date);
  date_to_confirm = req.day;  // takes effect with 23h carrying the same date
  return reply_answer(shtrih::set_date_reply{}.encode());
}

command_answer kkt_device::impl::confirm_date(const bytes& c) {
  const auto req = shtrih::confirm_date_request::decode(c);
  const auto op = operator_for(req.password);
  if (!op || !is_system_admin(*op)) return error_answer(req.code, device_error::wrong_password);
  if (!date_to_confirm) return error_answer(req.code, device_error::not_in_mode);
  if (req.day != *date_to_confirm) {
    date_to_confirm.reset();
    return error_answer(req.code, 0x7C);  // the date does not match the one being set
  }
  clock.set_date(2000 + req.day.year, req.day.month, req.day.day);
  clock_changed = true;
  date_to_confirm.reset();
  return reply_answer(shtrih::confirm_date_reply{}.encode());
}

command_answer kkt_device::impl::fn_status(const bytes& c) {
  const auto req = shtrih::fn_status_request::decode(c);
  const auto op = operator_for(req.password);
  if (!op || !is_system_admin(*op)) return error_answer(req.code, device_error::wrong_password);
  const fn_state& s = fn.state();
  shtrih::fn_status_reply r;
  r.phase = static_cast<std::uint8_t>(s.phase);
  if (receipt) {
    r.current_document = shtrih::fn_document::receipt;
    r.document_data_received = !receipt->positions().empty();
  } else if (pending) {
    switch (pending->kind) {
      case pending_kind::registration:
        r.current_document = pending->report_type == 0   ? shtrih::fn_document::registration
                             : pending->report_type == 1 ? shtrih::fn_document::reregistration_fn_replaced
                                                         : shtrih::fn_document::reregistration;
        break;
      case pending_kind::shift_open: r.current_document = shtrih::fn_document::shift_open; break;
      case pending_kind::shift_close: r.current_document = shtrih::fn_document::shift_close; break;
      case pending_kind::correction: r.current_document = shtrih::fn_document::correction_receipt; break;
      case pending_kind::settlement: r.current_document = shtrih::fn_document::settlement_report; break;
      case pending_kind::fn_close: r.current_document = shtrih::fn_document::fn_close; break;
    }
    r.document_data_received = !pending_tlvs.empty();
  }
  r.shift_open = s.shift_open;
  const std::int64_t t = unix_seconds(now());
  if (t > s.expires_at - 3 * 86400) r.warning_flags |= 0x01;   // replace the FN urgently
  if (t > s.expires_at - 30 * 86400) r.warning_flags |= 0x02;  // FN resource ends in 30 days
  if (fn.ofd_wait_exhausted(now())) r.warning_flags |= 0x08;   // OFD answer overdue
  r.date_time = wire_fn_date_time(s.last_document != 0 ? s.last_document_time : unix_seconds(now()));
  r.fn_number = s.serial;
  r.last_document_number = s.last_document;
  return reply_answer(r.encode());
}

command_answer kkt_device::impl::fn_number(const bytes& c) {
  const auto req = shtrih::fn_number_request::decode(c);
  const auto op = operator_for(req.password);
  if (!op || !is_system_admin(*op)) return error_answer(req.code, device_error::wrong_password);
  return reply_answer(shtrih::fn_number_reply{fn.state().serial}.encode());
}

command_answer kkt_device::impl::fn_expiry(const bytes& c) {
  const auto req = shtrih::fn_expiry_request::decode(c);
  const auto op = operator_for(req.password);
  if (!op || !is_system_admin(*op)) return error_answer(req.code, device_error::wrong_password);
  return reply_answer(shtrih::fn_expiry_reply{wire_date(from_unix_seconds(fn.state().expires_at))}.encode());
}

command_answer kkt_device::impl::fn_version(const bytes& c) {
  const auto req = shtrih::fn_version_request::decode(c);
  const auto op = operator_for(req.password);
  if (!op || !is_system_admin(*op)) return error_answer(req.code, device_error::wrong_password);
  return reply_answer(shtrih::fn_version_reply{kkt_firmware::fn_version, !fn.state().debug}.encode());
}

command_answer kkt_device::impl::ofd_exchange_status(const bytes& c) {
  const auto req = shtrih::ofd_exchange_status_request::decode(c);
  const auto op = operator_for(req.password);
  if (!op || !is_system_admin(*op)) return error_answer(req.code, device_error::wrong_password);
  shtrih::ofd_exchange_status_reply r;
  const bool queued = fn.unticketed_count() != 0;
  if (fn.ofd().online()) r.status |= shtrih::ofd_exchange::connected;
  if (queued) r.status |= shtrih::ofd_exchange::has_message;
  if (queued && fn.ofd().online()) r.status |= shtrih::ofd_exchange::waiting_ticket;
  r.queue_size = static_cast<std::uint16_t>(std::min<std::size_t>(fn.unticketed_count(), 0xFFFF));
  if (const auto first = fn.first_unticketed()) {
    r.first_document_number = first->number;
    r.first_document_time = wire_fn_date_time(first->time);
  } else {
    r.first_document_time = shtrih::fn_date_time{shtrih::date{1, 1, 0}, 0, 0};
  }
  return reply_answer(r.encode());
}

command_answer kkt_device::impl::unticketed_count(const bytes& c) {
  const auto req = shtrih::unticketed_count_request::decode(c);
  const auto op = operator_for(req.password);
  if (!op || !is_system_admin(*op)) return error_answer(req.code, device_error::wrong_password);
  return reply_answer(shtrih::unticketed_count_reply{static_cast<std::uint32_t>(fn.unticketed_count())}.encode());
}

command_answer kkt_device::impl::find_document(const bytes& c) {
  const auto req = shtrih::find_document_request::decode(c);
  const auto op = operator_for(req.password);
  if (!op || !is_system_admin(*op)) return error_answer(req.code, device_error::wrong_password);
  if (fn.state().phase == fn_phase::configured) return error_answer(req.code, fn_error::wrong_state);
  const auto doc = fn.find(req.document_number);
  if (!doc) return error_answer(req.code, fn_error::no_data);
  shtrih::find_document_reply r;
  r.document_type = static_cast<std::uint8_t>(doc->type);
  r.ticket_received = doc->number <= fn.state().last_ticketed;
  r.data = archive_fields(*doc);
  return reply_answer(r.encode());
}

command_answer kkt_device::impl::begin_read_document(const bytes& c) {
  const auto req = shtrih::begin_read_document_request::decode(c);
  const auto op = operator_for(req.password);
  if (!op || !is_system_admin(*op)) return error_answer(req.code, device_error::wrong_password);
  if (fn.state().phase == fn_phase::configured) return error_answer(req.code, fn_error::wrong_state);
  const auto doc = fn.find(req.document_number);
  if (!doc) return error_answer(req.code, fn_error::no_data);
  // Reading goes over the document's content: the TLVs inside its STLV.
  tlv_being_read.assign(doc->tlv.begin() + 4, doc->tlv.end());
  tlv_read_offset = 0;
  tlv_read_rest_of_current = 0;
  tlv_reading = true;
  shtrih::begin_read_document_reply r;
  r.document_type = doc->type;
  r.length = static_cast<std::uint16_t>(tlv_being_read.size());
  return reply_answer(r.encode());
}

command_answer kkt_device::impl::read_document_block(const bytes& c) {
  const auto req = shtrih::read_document_block_request::decode(c);
  const auto op = operator_for(req.password);
  if (!op || !is_system_admin(*op)) return error_answer(req.code, device_error::wrong_password);
  if (!tlv_reading) return error_answer(req.code, fn_error::wrong_state);
  if (tlv_read_offset >= tlv_being_read.size()) {
    tlv_reading = false;
    return error_answer(req.code, fn_error::no_data);
  }
  // One top-level TLV per block, as the FN gives them; a TLV longer than a frame holds
  // comes in several blocks.
  const std::size_t left = tlv_being_read.size() - tlv_read_offset;
  if (tlv_read_rest_of_current == 0) {
    tlv_read_rest_of_current = left;
    if (left >= 4) {
      const std::size_t value_length =
          tlv_being_read[tlv_read_offset + 2] | (std::size_t{tlv_being_read[tlv_read_offset + 3]} << 8);
      tlv_read_rest_of_current = std::min(left, 4 + value_length);
    }
  }
  const std::size_t size = std::min(tlv_read_rest_of_current, max_tlv_block);
  tlv_read_rest_of_current -= size;
  shtrih::read_document_block_reply r;
  r.tlv.assign(tlv_being_read.begin() + static_cast<std::ptrdiff_t>(tlv_read_offset),
               tlv_being_read.begin() + static_cast<std::ptrdiff_t>(tlv_read_offset + size));
  tlv_read_offset += size;
  return reply_answer(r.encode());
}

command_answer kkt_device::impl::ofd_ticket(const bytes& c) {
  const auto req = shtrih::ofd_ticket_request::decode(c);
  const auto op = operator_for(req.password);
  if (!op || !is_system_admin(*op)) return error_answer(req.code, device_error::wrong_password);
  if (fn.state().phase == fn_phase::configured) return error_answer(req.code, fn_error::wrong_state);
  const auto ticket = fn.ticket(req.document_number);
  if (!ticket) return error_answer(req.code, fn_error::no_data);
  return reply_answer(shtrih::ofd_ticket_reply{*ticket}.encode());
}

}  // namespace ws::emulator
