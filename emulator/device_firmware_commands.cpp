// FF4Eh "Запись блока данных прошивки ФР на SD карту": a block of a loader or firmware
// file written to the SD card (sd_card.hpp). Nothing is installed or checked: the
// reference gives the device nothing more to do with the blocks.
#include "emulator/device_model.hpp"

namespace ws::emulator {

namespace device_error = shtrih::device_error;

/// The reference names no error for FF4Eh. A password that is not the system
/// administrator's gets 4Fh "Неверный пароль" as every other command of that password; a
/// file byte other than 0 (loader) or 1 (firmware) 33h "Некорректные параметры в команде"
/// (kkt-protocol-2.0, error table). The reference puts FF4Eh in no mode table, so the
/// emulator takes it in any mode.
command_answer kkt_device::impl::write_firmware_block(const bytes& c) {
  const auto req = shtrih::firmware_block_request::decode(c);
  const auto op = operator_for(req.password);
  if (!op || !is_system_admin(*op)) return error_answer(req.code, device_error::wrong_password);
  if (req.file != static_cast<std::uint8_t>(shtrih::firmware_file::loader) &&
      req.file != static_cast<std::uint8_t>(shtrih::firmware_file::firmware))
    return error_answer(req.code, device_error::bad_parameters);
  card.write_block(static_cast<shtrih::firmware_file>(req.file), req.block_number, req.data);
  return reply_answer(shtrih::firmware_block_reply{}.encode());
}

}  // namespace ws::emulator
