#pragma once
// FF4Eh "Запись блока данных прошивки ФР на SD карту" (driver-commands.xml, code 0xFF4E
// "FS write SD card data block"): one 128-byte block of a firmware file written to the
// register's SD card. Request (137 bytes with the code): system administrator's password
// 4, firmware file 1 (0 loader, 1 firmware), block number 2, block data 128; reply: ERR.
// The reference says nothing more: not where numbering starts, not how a file shorter
// than whole blocks ends, no command that reads the card back or installs what it holds.

#include <array>
#include <cstdint>

#include "protocol/shtrih/commands_common.hpp"

namespace ws::shtrih {

/// The "Файл прошивки" byte of FF4Eh.
enum class firmware_file : std::uint8_t {
  loader = 0,    ///< "Загрузчик"
  firmware = 1,  ///< "Прошивка"
};

/// The size of every FF4Eh data block.
inline constexpr std::size_t firmware_block_size = 128;

struct firmware_block_request {
  static constexpr command_code code{0xFF4E};
  std::uint32_t password = default_admin_password;
  /// The raw byte: a device may be sent (and must refuse) a value the reference lacks.
  std::uint8_t file = static_cast<std::uint8_t>(firmware_file::firmware);
  std::uint16_t block_number = 0;
  std::array<std::uint8_t, firmware_block_size> data{};

  bytes encode() const;
  static firmware_block_request decode(const bytes& payload);
  auto fields() const { return std::tie(password, file, block_number, data); }
};
using firmware_block_reply = empty_reply<0xFF4E>;

}  // namespace ws::shtrih
