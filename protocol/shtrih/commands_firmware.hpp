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

/// The most blocks one file can take: the block number is 2 bytes (0 to FFFFh).
inline constexpr std::size_t max_firmware_blocks = 0x10000;

/// The byte a file's last block is padded with. The reference does not say how a file
/// that is not a whole number of 128-byte blocks ends on the card; FFh is the value of
/// erased flash memory, so the padding programs no byte that the file does not have.
inline constexpr std::uint8_t firmware_padding = 0xFF;

/// How many FF4Eh blocks a file of `size` bytes takes (the last one padded).
constexpr std::size_t firmware_block_count(std::size_t size) {
  return (size + firmware_block_size - 1) / firmware_block_size;
}

/// Block `number` (from 0) of `content` as an FF4Eh request for `file`: bytes
/// number × 128 onwards, the last block padded with firmware_padding. Throws
/// std::out_of_range for a block past the end or a number beyond 2 bytes.
firmware_block_request firmware_block_of(firmware_file file, const bytes& content, std::size_t number,
                                         std::uint32_t password = default_admin_password);

}  // namespace ws::shtrih
