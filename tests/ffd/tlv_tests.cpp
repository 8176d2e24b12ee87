#include <catch2/catch.hpp>

#include "protocol/ffd/tags.hpp"
#include "protocol/ffd/tlv.hpp"

using namespace ws;
using namespace ws::ffd;

TEST_CASE("TLV leaf of a byte value encodes tag and length little-endian", "[ffd][tlv]") {
  // 1054 = 0x041E -> 1E 04; length 1 -> 01 00; value 01 (income)
  CHECK(encode(tlv::u8(tag::settlement_sign, 1)) == bytes{0x1E, 0x04, 0x01, 0x00, 0x01});
}

TEST_CASE("TLV UInt32 and UnixTime are four little-endian bytes", "[ffd][tlv]") {
  // 1040 = 0x0410; FD 258 = 0x00000102 -> 02 01 00 00
  CHECK(encode(tlv::u32(tag::fd_number, 258)) == bytes{0x10, 0x04, 0x04, 0x00, 0x02, 0x01, 0x00, 0x00});
  // 1012 = 0x03F4; 2026-01-05 10:30:00 = 1767609000 = 0x695B92A8
  CHECK(encode(tlv::unix_time(tag::date_time, 1767609000)) ==
        bytes{0xF4, 0x03, 0x04, 0x00, 0xA8, 0x92, 0x5B, 0x69});
}

TEST_CASE("VLN money uses the fewest bytes", "[ffd][tlv]") {
  // 1020 = 0x03FC; 123.45 RUB = 12345 kopecks = 0x3039 -> 39 30
  CHECK(encode(tlv::money_vln(tag::total, money{12345})) == bytes{0xFC, 0x03, 0x02, 0x00, 0x39, 0x30});
  // zero is one 00 byte
  CHECK(encode(tlv::money_vln(tag::total, money{0})) == bytes{0xFC, 0x03, 0x01, 0x00, 0x00});
  // 6 bytes is the most: 2^48 - 1 fits, 2^48 does not
  CHECK(tlv::money_vln(tag::total, money{(std::int64_t{1} << 48) - 1}).value().size() == 6);
  CHECK_THROWS_AS(tlv::money_vln(tag::total, money{std::int64_t{1} << 48}), format_error);
  CHECK_THROWS_AS(tlv::money_vln(tag::total, money{-1}), format_error);
}

TEST_CASE("FVLN quantity carries its decimal count first", "[ffd][tlv]") {
  // 1023 = 0x03FF; 1.5 -> 1 decimal, mantissa 15 -> 01 0F
  CHECK(encode(tlv::fvln(tag::item_quantity, quantity{1'500'000})) ==
        bytes{0xFF, 0x03, 0x02, 0x00, 0x01, 0x0F});
  // 2 -> 0 decimals, mantissa 2 -> 00 02
  CHECK(encode(tlv::fvln(tag::item_quantity, quantity{2'000'000})) ==
        bytes{0xFF, 0x03, 0x02, 0x00, 0x00, 0x02});
  // 0.000001 -> 6 decimals, mantissa 1
  CHECK(tlv::fvln(tag::item_quantity, quantity{1}).value() == bytes{0x06, 0x01});
  // 1.234 -> 3 decimals, mantissa 1234 = 0x04D2 -> 03 D2 04
  CHECK(tlv::fvln(tag::item_quantity, quantity{1'234'000}).value() == bytes{0x03, 0xD2, 0x04});
}

TEST_CASE("FVLN decodes to millionths", "[ffd][tlv]") {
  CHECK(tlv::raw(tag::item_quantity, {0x01, 0x0F}).as_quantity() == quantity{1'500'000});
  CHECK(tlv::raw(tag::item_quantity, {0x03, 0xD2, 0x04}).as_quantity() == quantity{1'234'000});
  CHECK(tlv::raw(tag::item_quantity, {0x00, 0x02}).as_quantity() == quantity{2'000'000});
  CHECK_THROWS_AS(tlv::raw(tag::item_quantity, {0x07, 0x01}).as_quantity(), format_error);
  CHECK_THROWS_AS(tlv::raw(tag::item_quantity, {}).as_quantity(), format_error);
}

TEST_CASE("Strings are stored in CP866", "[ffd][tlv]") {
  // "Чай" = U+0427 U+0430 U+0439 -> CP866 97 A0 A9; 1030 = 0x0406
  const tlv name = tlv::string(tag::item_name, "Чай");
  CHECK(encode(name) == bytes{0x06, 0x04, 0x03, 0x00, 0x97, 0xA0, 0xA9});
  CHECK(name.as_string() == "Чай");
  // "р" (U+0440) sits in the second CP866 block at E0
  CHECK(tlv::string(tag::item_name, "р").value() == bytes{0xE0});
  // CP866 has no guillemets: they are stored as '?', as a register would print them
  CHECK(tlv::string(tag::item_name, "«A»").as_string() == "?A?");
}

TEST_CASE("Fixed-width strings are padded with spaces", "[ffd][tlv]") {
  const tlv inn = tlv::fixed_string(tag::user_inn, "7701234567", 12);
  CHECK(inn.value() == bytes{'7', '7', '0', '1', '2', '3', '4', '5', '6', '7', ' ', ' '});
  CHECK(inn.as_trimmed_string() == "7701234567");
  CHECK_THROWS_AS(tlv::fixed_string(tag::user_inn, "7701234567890", 12), format_error);
}

TEST_CASE("STLV length counts the nested headers", "[ffd][tlv]") {
  // 1059 item { 1030 "A" ; 1199 = 6 }
  //   child 1: 06 04 01 00 41            (5 bytes)
  //   child 2: AF 04 01 00 06            (1199 = 0x04AF, 5 bytes)
  //   header : 23 04 0A 00               (1059 = 0x0423, length 10)
  const tlv item = tlv::structure(tag::item, {tlv::string(tag::item_name, "A"), tlv::u8(tag::vat_rate, 6)});
  const bytes expected{0x23, 0x04, 0x0A, 0x00, 0x06, 0x04, 0x01, 0x00, 0x41, 0xAF, 0x04, 0x01, 0x00, 0x06};
  CHECK(encode(item) == expected);
  CHECK(item.encoded_size() == expected.size());
  const tlv back = decode_one(expected);
  REQUIRE(back.is_structure());
  REQUIRE(back.children().size() == 2);
  CHECK(back.at(tag::item_name).as_string() == "A");
  CHECK(back.at(tag::vat_rate).as_uint() == 6);
  CHECK(back == item);
}

TEST_CASE("A document tree round-trips through bytes", "[ffd][tlv]") {
  tlv doc = tlv::structure(static_cast<tag_t>(form_code::receipt));
  doc.add(tlv::u32(tag::fd_number, 7))
      .add(tlv::unix_time(tag::date_time, 1767609000))
      .add(tlv::structure(tag::item, {tlv::string(tag::item_name, "Хлеб"),
                                      tlv::money_vln(tag::item_price, money{4550}),
                                      tlv::fvln(tag::item_quantity, quantity{2'000'000})}))
      .add(tlv::structure(tag::item, {tlv::string(tag::item_name, "Молоко")}))
      .add(tlv::money_vln(tag::total, money{9100}));
  const bytes wire = encode(doc);
  const tlv back = decode_one(wire);
  CHECK(back == doc);
  CHECK(back.find_all(tag::item).size() == 2);
  CHECK(back.find_all(tag::item)[1]->at(tag::item_name).as_string() == "Молоко");
  CHECK(back.at(tag::total).as_money() == money{9100});
  CHECK(encode(back) == wire);
}

TEST_CASE("Decoding rejects truncated and overlong input", "[ffd][tlv]") {
  CHECK_THROWS_AS(decode(bytes{0x1E, 0x04, 0x01}), format_error);              // short header
  CHECK_THROWS_AS(decode(bytes{0x1E, 0x04, 0x02, 0x00, 0x01}), format_error);  // value short
  // a nested child whose length runs past its parent
  CHECK_THROWS_AS(decode(bytes{0x23, 0x04, 0x05, 0x00, 0x06, 0x04, 0x02, 0x00, 0x41}), format_error);
  CHECK_THROWS_AS(decode_one(bytes{0x1E, 0x04, 0x01, 0x00, 0x01, 0x1E, 0x04, 0x01, 0x00, 0x02}), format_error);
  CHECK(decode(bytes{}).empty());
}

TEST_CASE("A custom predicate decides which tags nest", "[ffd][tlv]") {
  const bytes wire{0x23, 0x04, 0x05, 0x00, 0x06, 0x04, 0x01, 0x00, 0x41};
  const auto flat = decode(wire, [](tag_t) { return false; });
  REQUIRE(flat.size() == 1);
  CHECK_FALSE(flat[0].is_structure());
  CHECK(flat[0].value().size() == 5);
}

TEST_CASE("Values too long for a UInt16 length are refused", "[ffd][tlv]") {
  CHECK_THROWS_AS(encode(tlv::raw(tag::item_name, bytes(65536, 0x20))), format_error);
  CHECK(encode(tlv::raw(tag::item_name, bytes(65535, 0x20))).size() == 65539);
}
