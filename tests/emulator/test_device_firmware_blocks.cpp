// FF4Eh "Запись блока данных прошивки ФР на SD карту" on the emulated register: blocks
// of 128 bytes land at block number × 128 in the SD card's file of their kind (loader
// or firmware), kept across a restart; a wrong password or file kind writes nothing.

#include <catch2/catch.hpp>

#include "protocol/shtrih/commands_firmware.hpp"
#include "tests/emulator/device_fixture.hpp"

using namespace ws;
using namespace ws::emulator;
using namespace ws::emulator::testing;

namespace {

shtrih::firmware_block_request block_of(shtrih::firmware_file file, std::uint16_t number, std::uint8_t fill) {
  shtrih::firmware_block_request block;
  block.file = static_cast<std::uint8_t>(file);
  block.block_number = number;
  block.data.fill(fill);
  return block;
}

}  // namespace

TEST_CASE("FF4Eh blocks are kept on the SD card per file kind at their offsets", "[emulator][firmware]") {
  device_fixture fx("firmware-blocks");
  CHECK(fx.error_of(block_of(shtrih::firmware_file::firmware, 0, 0x11)) == 0);
  CHECK(fx.error_of(block_of(shtrih::firmware_file::firmware, 2, 0x33)) == 0);
  CHECK(fx.error_of(block_of(shtrih::firmware_file::firmware, 1, 0x22)) == 0);
  CHECK(fx.error_of(block_of(shtrih::firmware_file::loader, 0, 0x44)) == 0);

  bytes firmware(128, 0x11);
  firmware.insert(firmware.end(), 128, 0x22);
  firmware.insert(firmware.end(), 128, 0x33);
  CHECK(fx.device->sd_card_file(shtrih::firmware_file::firmware) == firmware);
  CHECK(fx.device->sd_card_file(shtrih::firmware_file::loader) == bytes(128, 0x44));
  CHECK(std::filesystem::exists(fx.folder.path() / "sd-firmware.bin"));
  CHECK(std::filesystem::exists(fx.folder.path() / "sd-loader.bin"));

  // A block written again replaces its bytes; the card survives a restart.
  CHECK(fx.error_of(block_of(shtrih::firmware_file::firmware, 1, 0x55)) == 0);
  fx.reopen();
  const auto kept = fx.device->sd_card_file(shtrih::firmware_file::firmware);
  REQUIRE(kept.size() == 384);
  CHECK(kept[127] == 0x11);
  CHECK(kept[128] == 0x55);
  CHECK(kept[256] == 0x33);
}

TEST_CASE("FF4Eh refuses a wrong password and an unknown file kind writing nothing", "[emulator][firmware]") {
  device_fixture fx("firmware-refusals");
  auto cashier = block_of(shtrih::firmware_file::firmware, 0, 0x11);
  cashier.password = shtrih::default_operator_password;
  CHECK(fx.error_of(cashier) == shtrih::device_error::wrong_password);
  auto unknown = block_of(shtrih::firmware_file::firmware, 0, 0x11);
  unknown.file = 2;
  CHECK(fx.error_of(unknown) == shtrih::device_error::bad_parameters);
  CHECK(fx.device->sd_card_file(shtrih::firmware_file::firmware).empty());
  CHECK(fx.device->sd_card_file(shtrih::firmware_file::loader).empty());
  // A block of another length is a malformed request.
  bytes short_block = block_of(shtrih::firmware_file::firmware, 0, 0x11).encode();
  short_block.pop_back();
  CHECK(shtrih::parse_reply_header(fx.device->execute(short_block).reply).error != 0);
  CHECK(fx.device->sd_card_file(shtrih::firmware_file::firmware).empty());
}
