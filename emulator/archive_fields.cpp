#include "emulator/archive_fields.hpp"

#include "emulator/device_model.hpp"
#include "protocol/ffd/tags.hpp"

namespace ws::emulator {

bytes archive_fields(const fiscal_document& doc) {
  bytes out;
  shtrih::wire::write_fn_date_time(out, wire_fn_date_time(doc.time));
  byte_writer w(out);
  w.u32(doc.number).u32(doc.fiscal_sign);
  switch (static_cast<ffd::form_code>(doc.type)) {
    case ffd::form_code::receipt:
    case ffd::form_code::correction_receipt:
      w.u8(doc.operation).uint_le(doc.total & 0xFFFF'FFFFULL, 4);
      break;
    case ffd::form_code::shift_open:
    case ffd::form_code::shift_close:
      w.u16(doc.shift_number).u8(0);
      break;
    case ffd::form_code::fn_close:
      w.u16(doc.shift_number);
      break;
    case ffd::form_code::registration:
    case ffd::form_code::re_registration: {
      const registration_data reg = doc.registration.value_or(registration_data{});
      w.text_fixed(reg.inn + std::string(12, ' '), 12).text_fixed(reg.rnm + std::string(20, ' '), 20);
      w.u8(reg.taxation_systems).u8(reg.work_modes);
      if (doc.type == static_cast<std::uint16_t>(ffd::form_code::re_registration)) w.u8(doc.operation);
      break;
    }
    case ffd::form_code::settlement_report:
      w.u32(doc.unsent_count);
      if (doc.unsent_count != 0) {
        shtrih::wire::write_fn_date(out, wire_date(from_unix_seconds(doc.first_unsent_time)));
      } else {
        out.insert(out.end(), {0, 0, 0});
      }
      break;
    default:
      break;
  }
  return out;
}

}  // namespace ws::emulator
