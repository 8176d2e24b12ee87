// Routes each command to its handler and holds the rules several handlers share: the
// mode byte, passwords, FN refusals seen through classic commands, and "sign, then print".
#include "emulator/device_model.hpp"

namespace ws::emulator {

using shtrih::command_code;
namespace device_error = shtrih::device_error;

shtrih::date wire_date(device_time t) {
  const civil_time c = civil_time::from(t);
  return shtrih::date{static_cast<std::uint8_t>(c.day), static_cast<std::uint8_t>(c.month),
                      static_cast<std::uint8_t>(c.year % 100)};
}

shtrih::time_of_day wire_time(device_time t) {
  const civil_time c = civil_time::from(t);
  return shtrih::time_of_day{static_cast<std::uint8_t>(c.hour), static_cast<std::uint8_t>(c.minute),
                             static_cast<std::uint8_t>(c.second)};
}

shtrih::fn_date_time wire_fn_date_time(std::int64_t seconds) {
  const device_time t = from_unix_seconds(seconds);
  const civil_time c = civil_time::from(t);
  return shtrih::fn_date_time{wire_date(t), static_cast<std::uint8_t>(c.hour), static_cast<std::uint8_t>(c.minute)};
}

namespace {

/// FF40h from the FN's state: the shift (open or the last closed one) and its last
/// receipt's number, which stay those of a closed shift until the next one opens.
command_answer shift_parameters_answer(const fn_state& s) {
  if (s.phase == fn_phase::configured) return error_answer(shtrih::cmd::fn_shift_parameters, fn_error::wrong_state);
  shtrih::shift_parameters_reply r;
  r.shift_open = s.shift_open;
  r.shift_number = s.shift_number;
  r.receipt_number = s.receipts_in_shift;
  return reply_answer(r.encode());
}

}  // namespace

command_answer kkt_device::impl::execute(const bytes& command) {
  command_code code;
  try {
    code = command_code::peek(command);
  } catch (const format_error&) {
    return error_answer(command_code{0}, device_error::not_supported);
  }
  command_answer answer;
  try {
    fn.exchange_with_ofd(now());
    try {
      answer = route(code, command);
    } catch (const format_error&) {
      // A malformed request: wrong length or a field out of its format.
      answer = error_answer(code, code.is_fn_command() ? fn_error::bad_command : device_error::bad_parameters);
    }
    persist_if_changed();  // before the reply leaves: a signed document is never lost
  } catch (const std::exception&) {
    // The device could not keep its state (disk full, I/O error): report a failure.
    answer = error_answer(code, code.is_fn_command() ? fn_error::fn_failure : 0x39);
  }
  return answer;
}

command_answer kkt_device::impl::route(command_code code, const bytes& c) {
  switch (code.value()) {
    case 0x10: return short_status(c);
    case 0x11: return full_status(c);
    case 0x13: return beep(c);
    case 0x21: return set_time(c);
    case 0x22: return set_date(c);
    case 0x23: return confirm_date(c);
    case 0x27: return general_clearing(c);
    case 0x40: return x_report(c);
    case 0x41: return z_report(c);
    case 0x80: return legacy_sale(c);
    case 0x85: return legacy_close_receipt(c);
    case 0x88: return cancel_receipt(c);
    case 0x8D: return open_receipt_command(c);
    case 0xB0: return continue_print(c);
    case 0xE0: return open_shift(c);
    case 0xFC: return device_type(c);
    case 0xFF01: return fn_status(c);
    case 0xFF02: return fn_number(c);
    case 0xFF03: return fn_expiry(c);
    case 0xFF04: return fn_version(c);
    case 0xFF05: return begin_registration(c);
    case 0xFF06: return registration_report(c);
    case 0xFF07: return fn_reset(c);
    case 0xFF0A: return find_document(c);
    case 0xFF0B: return fn_open_shift(c);
    case 0xFF0C: return write_tlv(c);
    case 0xFF34: return reregistration_report(c);
    case 0xFF35: return begin_fn_document(c, code, pending_kind::correction);
    case 0xFF36: return correction_v1(c);
    case 0xFF37: return begin_fn_document(c, code, pending_kind::settlement);
    case 0xFF38: return settlement_report(c);
    case 0xFF39: return ofd_exchange_status(c);
    case 0xFF3A: return begin_read_document(c);
    case 0xFF3B: return read_document_block(c);
    case 0xFF3C: return ofd_ticket(c);
    case 0xFF3D: return begin_fn_document(c, code, pending_kind::fn_close);
    case 0xFF3E: return close_fn(c);
    case 0xFF3F: return unticketed_count(c);
    case 0xFF40: {
      const auto req = shtrih::shift_parameters_request::decode(c);
      const auto op = operator_for(req.password);
      if (!op || !is_system_admin(*op)) return error_answer(req.code, device_error::wrong_password);
      return shift_parameters_answer(fn.state());
    }
    case 0xFF41: return begin_fn_document(c, code, pending_kind::shift_open);
    case 0xFF42: return begin_fn_document(c, code, pending_kind::shift_close);
    case 0xFF43: return fn_close_shift(c);
    case 0xFF45: return close_receipt(c);
    case 0xFF46: return position(c);
    case 0xFF4A: return correction(c);
    case 0xFF4E: return write_firmware_block(c);
    case 0xFF4D: return position_tlv(c);
    case 0xFEF3: {
      shtrih::reboot_request::decode(c);
      power_cycle();
      return command_answer{{}, {}, true};
    }
    default:
      return error_answer(code, code.is_fn_command() ? fn_error::bad_command : device_error::not_supported);
  }
}

std::uint8_t kkt_device::impl::mode() const {
  using shtrih::kkt_mode;
  if (date_to_confirm) return shtrih::make_mode(kkt_mode::waiting_date_confirmation);
  if (receipt) {
    // Settlement sign 1..4 -> receipt type 0 sale, 2 sale return, 1 buy, 3 buy return.
    static constexpr std::uint8_t type_of_sign[] = {0, 0, 2, 1, 3};
    return shtrih::make_mode(kkt_mode::document_open, type_of_sign[receipt->settlement_sign()]);
  }
  if (fn.state().shift_open)
    return shtrih::make_mode(fn.shift_expired(now()) ? kkt_mode::shift_expired : kkt_mode::shift_open);
  return shtrih::make_mode(kkt_mode::shift_closed);
}

std::optional<std::uint8_t> kkt_device::impl::operator_for(std::uint32_t password) {
  // Factory passwords: operator N (1..28 cashiers, 29 administrator, 30 system
  // administrator) has password N.
  if (password >= 1 && password <= 30) return static_cast<std::uint8_t>(password);
  return std::nullopt;
}

std::uint8_t kkt_device::impl::classic_error_for_fn(std::uint8_t fn_error_code) const {
  if (fn_error_code == fn_error::wrong_state && fn.state().phase == fn_phase::configured)
    return device_error::not_fiscalized;
  return device_error::not_in_mode;
}

const registration_data& kkt_device::impl::registration() const {
  static const registration_data none;
  return fn.state().registration ? *fn.state().registration : none;
}

shift_summary kkt_device::impl::summary() const {
  const fn_state& s = fn.state();
  shift_summary out;
  out.shift_number = s.shift_number;
  out.documents_in_shift = s.shift_open ? s.last_document - s.shift_first_document + 2 : 0;  // with this one
  out.receipts_in_shift = s.receipts_in_shift;
  out.unsent_count = static_cast<std::uint32_t>(fn.unticketed_count());
  if (const auto first = fn.first_unticketed()) {
    out.first_unsent_number = first->number;
    out.first_unsent_time = first->time;
  }
  return out;
}

command_answer kkt_device::impl::print_answer(command_code code, bytes ok_reply, unsigned lines) {
  const auto printed = printer.print(lines);
  command_answer answer{std::move(ok_reply), printed.busy, false};
  if (!printed.completed) answer.reply = shtrih::error_reply(code, device_error::no_receipt_paper);
  return answer;
}

fiscal_document kkt_device::impl::commit_begun(document_draft draft) {
  pending.reset();
  pending_tlvs.clear();
  return fn.commit(std::move(draft), now());
}

}  // namespace ws::emulator
