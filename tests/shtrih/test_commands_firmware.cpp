// FF4Eh "Запись блока данных прошивки ФР на SD карту" (driver-commands.xml): password 4,
// firmware file 1 (0 loader, 1 firmware), block number 2, data block 128; reply ERR only.

#include <catch2/catch.hpp>

#include "protocol/shtrih/commands_firmware.hpp"
#include "protocol/shtrih/errors.hpp"
#include "test_commands_support.hpp"

using namespace ws;
using namespace ws::shtrih;
using ws::shtrih::testing::check_codec;

TEST_CASE("FF4Eh carries password file block number and 128 data bytes", "[shtrih][commands][firmware]") {
  firmware_block_request block;
  block.file = static_cast<std::uint8_t>(firmware_file::loader);
  block.block_number = 0x0102;
  for (std::size_t i = 0; i < block.data.size(); ++i) block.data[i] = static_cast<std::uint8_t>(i);
  // FF 4E | password 1E 00 00 00 | file 00 | block 02 01 | 00 01 02 ... 7F.
  bytes expected{0xFF, 0x4E, 0x1E, 0x00, 0x00, 0x00, 0x00, 0x02, 0x01};
  for (std::size_t i = 0; i < 128; ++i) expected.push_back(static_cast<std::uint8_t>(i));
  REQUIRE(expected.size() == 137);  // the reference's "Длина сообщения: 137 байт"
  check_codec(block, expected);
  check_codec(firmware_block_reply{}, bytes{0xFF, 0x4E, 0x00});
  CHECK(firmware_block_request::code.is_fn_command());
  CHECK_FALSE(creates_fiscal_document(firmware_block_request::code));
}

TEST_CASE("FF4Eh defaults to the firmware file and refuses a longer block", "[shtrih][commands][firmware]") {
  const firmware_block_request block;
  const bytes wire = block.encode();
  CHECK(wire[6] == 0x01);  // "1 – Прошивка"
  bytes longer = wire;
  longer.push_back(0xAA);
  CHECK_THROWS_AS(firmware_block_request::decode(longer), format_error);
}

TEST_CASE("a file is cut into 128-byte blocks from 0 and its last block padded with FFh", "[shtrih][commands][firmware]") {
  CHECK(firmware_block_count(0) == 0);
  CHECK(firmware_block_count(1) == 1);
  CHECK(firmware_block_count(128) == 1);
  CHECK(firmware_block_count(1000) == 8);
  CHECK(firmware_block_count(128 * max_firmware_blocks) == 0x10000);
  bytes file(1000);
  for (std::size_t i = 0; i < file.size(); ++i) file[i] = static_cast<std::uint8_t>(i * 7);
  const auto first = firmware_block_of(firmware_file::firmware, file, 0);
  CHECK(first.block_number == 0);
  CHECK(first.file == 1);
  CHECK(first.data[1] == 7);
  const auto last = firmware_block_of(firmware_file::loader, file, 7);
  CHECK(last.block_number == 7);
  CHECK(last.file == 0);
  CHECK(last.data[0] == file[896]);
  CHECK(last.data[103] == file[999]);
  CHECK(last.data[104] == 0xFF);
  CHECK(last.data[127] == 0xFF);
  CHECK_THROWS_AS(firmware_block_of(firmware_file::firmware, file, 8), std::out_of_range);
}
