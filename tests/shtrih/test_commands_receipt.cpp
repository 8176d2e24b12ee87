// Open receipt (8Dh), position (FF46h), TLV (FF0Ch, FF4Dh), close (FF45h), cancel (88h),
// continue printing (B0h). FF46h and FF45h layouts as summarised in reference/README.md
// (vendor driver table), the rest from kkt-protocol-2.0 and fn-commands.

#include <catch2/catch.hpp>

#include "protocol/shtrih/commands.hpp"
#include "test_commands_support.hpp"

using namespace ws;
using namespace ws::shtrih;
using ws::shtrih::testing::check_codec;
using ws::shtrih::testing::zeros;

TEST_CASE("8Dh open receipt", "[shtrih][commands][receipt]") {
  open_receipt_request request;
  request.type = receipt_type::sale_return;
  // 8D | password 01 00 00 00 | type 02 (sale return).
  check_codec(request, bytes{0x8D, 0x01, 0x00, 0x00, 0x00, 0x02});
  CHECK_THROWS_AS(open_receipt_request::decode(bytes{0x8D, 0x01, 0x00, 0x00, 0x00, 0x02, 0x00}), format_error);
  check_codec(open_receipt_reply{1}, bytes{0x8D, 0x00, 0x01});
}

TEST_CASE("FF46h position", "[shtrih][commands][receipt]") {
  position_request request;
  request.password = 1;
  request.operation = settlement_sign::income;
  request.quantity = 1'500'000;  // 1.5
  request.price = 12345;         // 123.45
  request.vat_sum = 3086;
  request.vat = vat_code::vat20;
  request.department = 1;
  request.payment_method = 4;
  request.payment_object = 1;
  request.name = "Хлеб";
  // FF 46 | password 01 00 00 00 | operation 01 | quantity 1'500'000 = 0x16E360:
  // 60 E3 16 00 00 00 | price 12345 = 0x3039: 39 30 00 00 00 | amount not given:
  // FF FF FF FF FF | VAT sum 3086 = 0x0C0E: 0E 0C 00 00 00 | VAT 01 | department 01
  // | method 04 | object 01 | "Хлеб" in CP1251: D5 EB E5 E1. 32 bytes before the name.
  const bytes wire{0xFF, 0x46, 0x01, 0x00, 0x00, 0x00, 0x01, 0x60, 0xE3, 0x16, 0x00, 0x00, 0x00, 0x39,
                   0x30, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x0E, 0x0C, 0x00, 0x00, 0x00,
                   0x01, 0x01, 0x04, 0x01, 0xD5, 0xEB, 0xE5, 0xE1};
  check_codec(request, wire, 32);

  // Amount given (18518 = 0x4856), VAT sum left to the device, VAT 22% = CB, no name.
  request.amount = 18518;
  request.vat_sum.reset();
  request.vat = vat_code::vat22;
  request.name.clear();
  const bytes given{0xFF, 0x46, 0x01, 0x00, 0x00, 0x00, 0x01, 0x60, 0xE3, 0x16, 0x00, 0x00, 0x00, 0x39,
                    0x30, 0x00, 0x00, 0x00, 0x56, 0x48, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                    0xCB, 0x01, 0x04, 0x01};
  check_codec(request, given);

  // All ones means "not given", so it cannot be sent as a value.
  request.amount = max_money;
  CHECK_THROWS_AS(request.encode(), format_error);
  request.amount.reset();
  request.name = std::string(129, 'x');
  CHECK_THROWS_AS(request.encode(), format_error);
  bytes long_name = given;
  long_name.insert(long_name.end(), 129, 'x');
  CHECK_THROWS_AS(position_request::decode(long_name), format_error);

  check_codec(position_reply{}, bytes{0xFF, 0x46, 0x00});
}

TEST_CASE("FF0Ch and FF4Dh TLV data", "[shtrih][commands][receipt]") {
  write_tlv_request receipt_tlv;
  // Tag 1008 (buyer contact) = F0 03, length 05 00, "a@b.c".
  receipt_tlv.tlv = bytes{0xF0, 0x03, 0x05, 0x00, 'a', '@', 'b', '.', 'c'};
  check_codec(receipt_tlv, bytes{0xFF, 0x0C, 0x1E, 0x00, 0x00, 0x00, 0xF0, 0x03, 0x05, 0x00, 'a', '@', 'b', '.', 'c'}, 6);
  check_codec(write_tlv_reply{}, bytes{0xFF, 0x0C, 0x00});

  position_tlv_request position_tlv;
  // Tag 1197 (unit) = AD 04, length 02 00, "шт" in CP866: E8 E2.
  position_tlv.tlv = bytes{0xAD, 0x04, 0x02, 0x00, 0xE8, 0xE2};
  check_codec(position_tlv, bytes{0xFF, 0x4D, 0x1E, 0x00, 0x00, 0x00, 0xAD, 0x04, 0x02, 0x00, 0xE8, 0xE2}, 6);
  check_codec(position_tlv_reply{}, bytes{0xFF, 0x4D, 0x00});

  receipt_tlv.tlv.assign(251, 0);
  CHECK_THROWS_AS(receipt_tlv.encode(), format_error);
  bytes too_long{0xFF, 0x0C, 0x1E, 0x00, 0x00, 0x00};
  too_long.insert(too_long.end(), 251, 0);
  CHECK_THROWS_AS(write_tlv_request::decode(too_long), format_error);
}

TEST_CASE("FF45h close receipt", "[shtrih][commands][receipt]") {
  close_receipt_request request;
  request.password = 1;
  request.payments[payment_slot::cash] = 20000;
  request.payments[payment_slot::counter_provision] = 7;
  request.rounding = 0x12;
  request.vat_sums[vat_slot::vat20] = 3086;
  request.vat_sums[vat_slot::vat10_110] = 9;
  request.taxation_system = taxation::usn_income;
  request.text = "Спасибо";

  // FF 45 | password 01 00 00 00 | cash 20000 = 0x4E20: 20 4E 00 00 00 | slots 2..15 empty
  // (14 x 5 zero bytes) | slot 16 counter-provision 07 00 00 00 00 | rounding 12
  // | VAT 20%: 0E 0C 00 00 00 | 4 x 5 zero bytes | VAT 10/110: 09 00 00 00 00
  // | taxation 02 (USN income) | "Спасибо" in CP1251: D1 EF E0 F1 E8 E1 EE.
  bytes wire{0xFF, 0x45, 0x01, 0x00, 0x00, 0x00, 0x20, 0x4E, 0x00, 0x00, 0x00};
  zeros(wire, 14 * 5);
  wire.insert(wire.end(), {0x07, 0x00, 0x00, 0x00, 0x00, 0x12, 0x0E, 0x0C, 0x00, 0x00, 0x00});
  zeros(wire, 4 * 5);
  wire.insert(wire.end(), {0x09, 0x00, 0x00, 0x00, 0x00, 0x02});
  REQUIRE(wire.size() == 118);  // 2 + 4 + 80 + 1 + 30 + 1
  wire.insert(wire.end(), {0xD1, 0xEF, 0xE0, 0xF1, 0xE8, 0xE1, 0xEE});
  check_codec(request, wire, 118);

  request.text = std::string(65, 'x');
  CHECK_THROWS_AS(request.encode(), format_error);

  close_receipt_reply reply;
  reply.change = 1482;
  reply.document_number = 301;
  reply.fiscal_sign = 0xDEADBEEF;
  reply.date_time = fn_date_time{date{23, 11, 26}, 14, 5};
  // FF 45 00 | change 1482 = 0x05CA: CA 05 00 00 00 | FD 301: 2D 01 00 00
  // | FP EF BE AD DE | 2026-11-23 14:05: 1A 0B 17 0E 05.
  check_codec(reply, bytes{0xFF, 0x45, 0x00, 0xCA, 0x05, 0x00, 0x00, 0x00, 0x2D, 0x01, 0x00, 0x00, 0xEF, 0xBE,
                           0xAD, 0xDE, 0x1A, 0x0B, 0x17, 0x0E, 0x05});
}

TEST_CASE("88h cancel receipt and B0h continue printing", "[shtrih][commands][receipt]") {
  check_codec(cancel_receipt_request{}, bytes{0x88, 0x01, 0x00, 0x00, 0x00});
  check_codec(cancel_receipt_reply{1}, bytes{0x88, 0x00, 0x01});
  check_codec(continue_print_request{}, bytes{0xB0, 0x01, 0x00, 0x00, 0x00});
  check_codec(continue_print_reply{2}, bytes{0xB0, 0x00, 0x02});
}
