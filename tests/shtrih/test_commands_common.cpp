// Command codes, reply header, error replies, dates and text fields: the pieces every
// command codec is built from. Byte vectors worked out by hand from kkt-protocol-2.0
// ("Формат передачи значений": little-endian, date DD MM YY, time HH MM SS) and
// fn-1.2-description (DATE_TIME: YY MM DD hh mm).

#include <catch2/catch.hpp>

#include "protocol/shtrih/commands.hpp"

using namespace ws;
using namespace ws::shtrih;

TEST_CASE("command codes are one byte or FF/FE plus one", "[shtrih][commands][common]") {
  bytes out;
  cmd::short_status.write(out);
  cmd::fn_status.write(out);
  cmd::reboot.write(out);
  CHECK(out == bytes{0x10, 0xFF, 0x01, 0xFE, 0xF3});

  CHECK(command_code::peek(bytes{0x10, 0x00}) == cmd::short_status);
  CHECK(command_code::peek(bytes{0xFF, 0x46, 0x00}) == cmd::position);
  CHECK(command_code::peek(bytes{0xFE, 0xF3}) == cmd::reboot);
  CHECK(cmd::fn_status.is_fn_command());
  CHECK_FALSE(cmd::reboot.is_fn_command());
  CHECK_FALSE(cmd::open_receipt.is_two_byte());
  CHECK(cmd::close_receipt.wire_size() == 2);
  // FF alone is a truncated two-byte code.
  CHECK_THROWS_AS(command_code::peek(bytes{0xFF}), format_error);
  CHECK_THROWS_AS(command_code::peek(bytes{}), format_error);
}

TEST_CASE("answer timeouts come from the driver table", "[shtrih][commands][common]") {
  CHECK(answer_timeout(cmd::open_shift) == milliseconds{35000});
  CHECK(answer_timeout(cmd::x_report) == milliseconds{30000});
  CHECK(answer_timeout(cmd::z_report) == milliseconds{65000});
  CHECK(answer_timeout(cmd::close_receipt) == milliseconds{10000});
  CHECK(answer_timeout(cmd::short_status) == milliseconds{10000});
  CHECK_FALSE(expects_reply(cmd::reboot));
  CHECK(expects_reply(cmd::fn_close_shift));
}

TEST_CASE("reply header and error replies", "[shtrih][commands][common]") {
  // Error reply to FF46h: FF 46 then ERR 02 (wrong FN state) and nothing else.
  CHECK(error_reply(cmd::position, 0x02) == bytes{0xFF, 0x46, 0x02});
  CHECK(error_reply(cmd::open_receipt, 0x4A) == bytes{0x8D, 0x4A});

  const reply_error h = parse_reply_header(bytes{0x11, 0x00, 0x01, 0x02});
  CHECK(h.code == cmd::full_status);
  CHECK(h.error == 0);
  const reply_error e = reply_error::decode(bytes{0xFF, 0x01, 0x03});
  CHECK(e.code == cmd::fn_status);
  CHECK(e.error == 3);
  CHECK(reply_error::decode(e.encode()) == e);
  CHECK_THROWS_AS(parse_reply_header(bytes{0xFF, 0x01}), format_error);
  CHECK_THROWS_AS(parse_reply_header(bytes{0x10}), format_error);
}

TEST_CASE("typed reply decoders refuse error replies and other codes", "[shtrih][commands][common]") {
  CHECK_THROWS_AS(beep_reply::decode(bytes{0x13, 0x4F}), error_reply_received);
  try {
    beep_reply::decode(bytes{0x13, 0x4F});
  } catch (const error_reply_received& err) {
    CHECK(err.reply.code == cmd::beep);
    CHECK(err.reply.error == 0x4F);
  }
  CHECK_THROWS_AS(beep_reply::decode(bytes{0x88, 0x00, 0x01}), format_error);
  CHECK_THROWS_AS(beep_request::decode(bytes{0x88, 1, 0, 0, 0}), format_error);

  const auto failed = decode_reply<beep_reply>(bytes{0x13, 0x50});
  CHECK_FALSE(failed.ok());
  CHECK(failed.header.error == 0x50);
  const auto good = decode_reply<beep_reply>(bytes{0x13, 0x00, 0x1E});
  REQUIRE(good.ok());
  CHECK(good.value->operator_number == 30);
  CHECK_THROWS_AS(decode_reply<beep_reply>(bytes{0x88, 0x00, 0x1E}), format_error);
}

TEST_CASE("requests must end after their last field", "[shtrih][commands][common]") {
  // 10h with password 1: 10 | 01 00 00 00.
  CHECK(short_status_request::decode(bytes{0x10, 1, 0, 0, 0}).password == 1);
  CHECK_THROWS_AS(short_status_request::decode(bytes{0x10, 1, 0, 0, 0, 0}), format_error);
  CHECK_THROWS_AS(short_status_request::decode(bytes{0x10, 1, 0, 0}), format_error);
}

TEST_CASE("dates and times in both wire orders", "[shtrih][commands][common]") {
  const date d{23, 11, 26};
  bytes classic;
  wire::write_date(classic, d);
  CHECK(classic == bytes{23, 11, 26});
  bytes fn;
  wire::write_fn_date_time(fn, fn_date_time{d, 14, 5});
  CHECK(fn == bytes{26, 11, 23, 14, 5});
  byte_reader in(fn);
  const fn_date_time back = wire::read_fn_date_time(in);
  CHECK(back == fn_date_time{d, 14, 5});
  CHECK(back != fn_date_time{d, 14, 6});

  CHECK(is_valid(date{29, 2, 24}));
  CHECK_FALSE(is_valid(date{29, 2, 26}));
  CHECK_FALSE(is_valid(date{31, 4, 26}));
  CHECK_FALSE(is_valid(date{1, 13, 26}));
  CHECK_FALSE(is_valid(date{0, 1, 26}));
  CHECK(is_valid(time_of_day{23, 59, 59}));
  CHECK_FALSE(is_valid(time_of_day{24, 0, 0}));
  CHECK_FALSE(is_valid(fn_date_time{d, 12, 60}));
}

TEST_CASE("text fields are CP1251 on the wire", "[shtrih][commands][common]") {
  bytes out;
  wire::write_text_fixed(out, "Чек", 5);
  // CP1251: А..Я are C0..DF, а..я E0..FF; Ч is the 24th letter (D7), е E5, к EA.
  CHECK(out == bytes{0xD7, 0xE5, 0xEA, 0x00, 0x00});
  byte_reader in(out);
  CHECK(wire::read_text_fixed(in, 5) == "Чек");

  bytes inn;
  wire::write_text_fixed(inn, "7701234567", 12, ' ');
  CHECK(inn == bytes{'7', '7', '0', '1', '2', '3', '4', '5', '6', '7', ' ', ' '});
  byte_reader inn_in(inn);
  CHECK(wire::read_text_fixed(inn_in, 12, ' ') == "7701234567");

  bytes too_long;
  CHECK_THROWS_AS(wire::write_text_fixed(too_long, "абвгдеж", 6), format_error);
  CHECK_THROWS_AS(wire::write_text_rest(too_long, std::string(65, 'x'), 64), format_error);
}
