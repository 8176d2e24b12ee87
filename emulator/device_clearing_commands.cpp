// Wiping data: the KKT's registers (27h general clearing) and a debug FN's archive
// (FF07h reset FN state). Neither makes a fiscal document.
#include "emulator/device_model.hpp"

namespace ws::emulator {

namespace device_error = shtrih::device_error;

/// 27h "Общее гашение". The reference gives its frame (system administrator's password)
/// and the error 2Ch "Обнулённая касса (повторное гашение невозможно)"; it names no
/// mode for it. The emulator takes it only between shifts (mode 4): zeroing what an open
/// shift has taken would leave its Z report without its figures. In an open shift it
/// answers 73h "Команда не поддерживается в данном режиме" (3Ch "Смена открыта" is no
/// longer issued: kkt-protocol-2.0, note 2 to the error table), with a receipt open 4Ah.
command_answer kkt_device::impl::general_clearing(const bytes& c) {
  const auto req = shtrih::general_clearing_request::decode(c);
  const auto op = operator_for(req.password);
  if (!op || !is_system_admin(*op)) return error_answer(req.code, device_error::wrong_password);
  if (receipt) return error_answer(req.code, device_error::receipt_open);
  if (pending || date_to_confirm || fn.state().shift_open) return error_answer(req.code, device_error::not_in_mode);
  if (registers.cleared()) return error_answer(req.code, device_error::already_cleared);
  registers = kkt_registers{};
  registers_changed = true;
  return reply_answer(shtrih::general_clearing_reply{}.encode());
}

/// FF07h "Сброс состояния ФН" (the FN's debug command 60h, fn-1.2-description 7.7):
/// request code 16h wipes the archive and puts the FN back in "ready for fiscalisation".
command_answer kkt_device::impl::fn_reset(const bytes& c) {
  const auto req = shtrih::fn_reset_request::decode(c);
  const auto op = operator_for(req.password);
  if (!op || !is_system_admin(*op)) return error_answer(req.code, device_error::wrong_password);
  // The reference names no error for a serial FN given a debug command. A serial FN has
  // none of them, so it answers as to any command it does not have: 01h "Неизвестная
  // команда" ("команда с таким кодом не найдена", fn-commands' FN error table). A
  // request code other than 16h, the only one the reference gives, is "unknown
  // parameters": 01h as well.
  if (!fn.state().debug || req.request_code != shtrih::fn_reset_code::full_archive_wipe)
    return error_answer(req.code, fn_error::bad_command);
  // A document under way (a receipt open, an FN document begun) ends first: 02h.
  if (receipt || pending) return error_answer(req.code, fn_error::wrong_state);
  fn.reset_to_configured(now());
  persist_if_changed();  // the blank state first: a kill before the files go leaves the old FN whole
  fn.discard_archive();
  pending_tlvs.clear();
  tlv_reading = false;
  tlv_being_read.clear();
  tlv_read_offset = 0;
  tlv_read_rest_of_current = 0;
  return reply_answer(shtrih::fn_reset_reply{}.encode());
}

}  // namespace ws::emulator
