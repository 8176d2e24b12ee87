#pragma once
// The register's SD card as FF4Eh "Запись блока данных прошивки ФР на SD карту" sees it:
// one file per kind of firmware file (the command's "Файл прошивки": 0 loader, 1
// firmware), `sd-loader.bin` and `sd-firmware.bin` in the device's state folder. A block
// is written in place at block number × 128 (numbering from 0: the reference gives no
// first number, and 0 puts the first block at the file's start); a block past the end
// lengthens the file, a gap left before it reads as zero bytes. The reference has no
// command that checks, installs or reads back what the card holds: the emulator keeps
// the bytes, and tests read them through kkt_device::sd_card_file.

#include <array>
#include <cstdint>
#include <filesystem>

#include "protocol/common/bytes.hpp"
#include "protocol/shtrih/commands_firmware.hpp"

namespace ws::emulator {

class sd_card {
 public:
  /// `dir`: the device's state folder; `durable`: fsync each block before the reply.
  sd_card(std::filesystem::path dir, bool durable);

  /// Writes one block; throws std::system_error when the file cannot be written.
  void write_block(shtrih::firmware_file file, std::uint16_t block_number,
                   const std::array<std::uint8_t, shtrih::firmware_block_size>& data) const;
  /// What the card holds for `file` (empty when nothing was written).
  bytes contents(shtrih::firmware_file file) const;
  std::filesystem::path path_of(shtrih::firmware_file file) const;

 private:
  std::filesystem::path dir_;
  bool durable_;
};

}  // namespace ws::emulator
