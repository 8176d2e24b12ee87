// Device type (FCh), short status (10h), full status (11h) and the mode/submode bytes.
// Layouts from kkt-protocol-2.0: "Получить тип устройства", "Короткий запрос состояния
// ККТ", "Запрос состояния ККТ", appendix 1.

#include <catch2/catch.hpp>

#include "protocol/shtrih/commands.hpp"
#include "test_commands_support.hpp"

using namespace ws;
using namespace ws::shtrih;
using ws::shtrih::testing::check_codec;

TEST_CASE("FCh device type", "[shtrih][commands][status]") {
  // Request: just the code, no password.
  check_codec(device_type_request{}, bytes{0xFC});
  CHECK_THROWS_AS(device_type_request::decode(bytes{0xFC, 0x00}), format_error);

  // Reply: FC ERR | type 00 | subtype 00 | protocol 01 | subversion 05 | model FA (250)
  // | language 00 | name "ШТРИХ" in CP1251: Ш D8, Т D2, Р D0, И C8, Х D5.
  device_type_reply reply;
  reply.type = 0;
  reply.subtype = 0;
  reply.protocol_version = 1;
  reply.protocol_subversion = 5;
  reply.model = 250;
  reply.language = 0;
  reply.name = "ШТРИХ";
  check_codec(reply, bytes{0xFC, 0x00, 0x00, 0x00, 0x01, 0x05, 0xFA, 0x00, 0xD8, 0xD2, 0xD0, 0xC8, 0xD5}, 8);
}

TEST_CASE("10h short status", "[shtrih][commands][status]") {
  // Request: 10 | operator password 1 as 4 bytes LE.
  check_codec(short_status_request{}, bytes{0x10, 0x01, 0x00, 0x00, 0x00});
  short_status_request admin;
  admin.password = 30;
  check_codec(admin, bytes{0x10, 0x1E, 0x00, 0x00, 0x00});

  // Reply: 10 00 | operator 1E | flags C2 02 (bits 1, 6, 7, 9) | mode 28 (document open,
  // sale return) | submode 00 | operations low 03 | battery 9B | supply B4 | FM error 00
  // | EKLZ error 00 | operations high 01 (259 in all) | reserved 00 00 00 | last print 00.
  short_status_reply reply;
  reply.operator_number = 30;
  reply.flags = kkt_flag::receipt_roll | kkt_flag::journal_paper | kkt_flag::receipt_paper |
                kkt_flag::receipt_lever_down;
  reply.mode = 0x28;
  reply.submode = 0;
  reply.receipt_operations = 259;
  reply.battery_voltage = 0x9B;
  reply.supply_voltage = 0xB4;
  reply.last_print_result = 0;
  const bytes wire{0x10, 0x00, 0x1E, 0xC2, 0x02, 0x28, 0x00, 0x03, 0x9B, 0xB4,
                   0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00};
  check_codec(reply, wire, 16);

  // Models without the last print result send 16 bytes.
  reply.last_print_result.reset();
  check_codec(reply, bytes(wire.begin(), wire.end() - 1));
}

TEST_CASE("11h full status", "[shtrih][commands][status]") {
  check_codec(full_status_request{}, bytes{0x11, 0x01, 0x00, 0x00, 0x00});

  full_status_reply reply;
  reply.operator_number = 30;
  reply.firmware_version = "10";
  reply.firmware_build = 12345;
  reply.firmware_date = date{15, 3, 24};
  reply.hall_number = 1;
  reply.document_number = 1111;
  reply.flags = 0x02C2;
  reply.mode = 0x04;
  reply.submode = 0;
  reply.port = 128;
  reply.fm_firmware_version = "10";
  reply.fm_firmware_build = 0x0102;
  reply.fm_firmware_date = date{1, 1, 20};
  reply.current_date = date{23, 11, 26};
  reply.current_time = time_of_day{14, 5, 9};
  reply.fm_flags = 0x01;
  reply.serial_number_low = 12345678;
  reply.last_closed_shift = 17;
  reply.free_fm_records = 2100;
  reply.registrations = 1;
  reply.registrations_left = 15;
  reply.inn = 7701234567;
  reply.fm_flags_high = 0x80;
  reply.fm_mode = 0x04;
  reply.serial_number_high = 1;

  // 11 00 | operator 1E | version "10" 31 30 | build 12345 39 30 | date 15.03.24 0F 03 18
  // | hall 01 | document 1111 57 04 | flags C2 02 | mode 04 | submode 00 | port 80
  // | FM version 31 30 | FM build 02 01 | FM date 01 01 14 | date 23.11.26 17 0B 1A
  // | time 14:05:09 0E 05 09 | FM flags 01 | serial low 12345678 4E 61 BC 00
  // | last shift 17 11 00 | free records 2100 34 08 | registrations 01 | left 0F
  // | INN 7701234567 = 0x1CB078387: 87 83 07 CB 01 00 (48 bytes so far)
  // | FM flags high 80 | FM mode 04 (50) | serial high 01 00 (52).
  const bytes wire{0x11, 0x00, 0x1E, 0x31, 0x30, 0x39, 0x30, 0x0F, 0x03, 0x18, 0x01, 0x57, 0x04,
                   0xC2, 0x02, 0x04, 0x00, 0x80, 0x31, 0x30, 0x02, 0x01, 0x01, 0x01, 0x14, 0x17,
                   0x0B, 0x1A, 0x0E, 0x05, 0x09, 0x01, 0x4E, 0x61, 0xBC, 0x00, 0x11, 0x00, 0x34,
                   0x08, 0x01, 0x0F, 0x87, 0x83, 0x07, 0xCB, 0x01, 0x00, 0x80, 0x04, 0x01, 0x00};
  REQUIRE(wire.size() == 52);
  check_codec(reply, wire, 48);
  CHECK(reply.serial_number() == 0x1'00BC'614Eu);

  // The 50-byte and 48-byte forms.
  reply.serial_number_high.reset();
  check_codec(reply, bytes(wire.begin(), wire.begin() + 50), 48);
  reply.fm_flags_high.reset();
  reply.fm_mode.reset();
  check_codec(reply, bytes(wire.begin(), wire.begin() + 48));
  CHECK(reply.serial_number() == 12345678u);

  // The tail's parts go in order: a serial high word without the FM pair is refused.
  reply.serial_number_high = 1;
  CHECK_THROWS_AS(reply.encode(), format_error);
}

TEST_CASE("status mode and submode bytes", "[shtrih][commands][status]") {
  CHECK(mode_number(0x28) == kkt_mode::document_open);
  CHECK(mode_status(0x28) == 2);
  CHECK(open_receipt_type(0x28) == receipt_type::sale_return);
  CHECK(open_receipt_type(0x08) == receipt_type::sale);
  CHECK(open_receipt_type(0x38) == receipt_type::buy_return);
  CHECK_FALSE(open_receipt_type(0x48).has_value());  // non-fiscal document
  CHECK_FALSE(open_receipt_type(0x04).has_value());
  CHECK(make_mode(kkt_mode::document_open, 1) == 0x18);
  CHECK(receipt_open_mode(receipt_type::buy) == 0x18);
  CHECK(make_mode(kkt_mode::shift_closed) == 0x04);

  CHECK(shift_is_open(0x02));
  CHECK(shift_is_open(0x03));
  CHECK_FALSE(shift_is_open(0x04));
  CHECK_FALSE(shift_is_open(0x08));
  CHECK(printer_ready(0));
  CHECK_FALSE(printer_ready(3));

  CHECK(mode_text(0x04) == "Закрытая смена");
  CHECK(mode_hint(0x03) == "shift open over 24 hours");
  CHECK(mode_text(0x18) == "Открытый документ");
  CHECK(submode_text(3) == "После активного отсутствия бумаги");
  CHECK(submode_hint(3) == "waiting for continue printing");
  CHECK(submode_hint(9) == "unknown submode");
}
