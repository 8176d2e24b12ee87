// Correction receipts: FF4Ah (driver table layout) and FF35h + FF36h (fn-commands).

#include <catch2/catch.hpp>

#include "protocol/shtrih/commands.hpp"
#include "test_commands_support.hpp"

using namespace ws;
using namespace ws::shtrih;
using ws::shtrih::testing::check_codec;
using ws::shtrih::testing::zeros;

TEST_CASE("FF4Ah correction receipt", "[shtrih][commands][correction]") {
  correction_request request;
  request.password = 1;
  request.correction_type = 1;
  request.sign = settlement_sign::expense;
  request.total = 10000;
  request.cash = 4000;
  request.electronic = 6000;
  request.vat_sums[vat_slot::vat20] = 1667;
  request.taxation_system = taxation::osn;
  // FF 4A | password 01 00 00 00 | type 01 (by order) | sign 03 (expense)
  // | total 10000 = 0x2710: 10 27 00 00 00 | cash 4000 = 0x0FA0: A0 0F 00 00 00
  // | electronic 6000 = 0x1770: 70 17 00 00 00 | prepayment, postpayment, counter: 3 x 5
  // zero bytes | VAT 20% 1667 = 0x0683: 83 06 00 00 00 | 5 x 5 zero bytes | taxation 01.
  bytes wire{0xFF, 0x4A, 0x01, 0x00, 0x00, 0x00, 0x01, 0x03, 0x10, 0x27, 0x00, 0x00, 0x00,
             0xA0, 0x0F, 0x00, 0x00, 0x00, 0x70, 0x17, 0x00, 0x00, 0x00};
  zeros(wire, 15);
  wire.insert(wire.end(), {0x83, 0x06, 0x00, 0x00, 0x00});
  zeros(wire, 25);
  wire.push_back(0x01);
  REQUIRE(wire.size() == 69);
  check_codec(request, wire);
  wire.push_back(0x00);
  CHECK_THROWS_AS(correction_request::decode(wire), format_error);

  correction_reply reply;
  reply.receipt_number = 7;
  reply.document_number = 302;
  reply.fiscal_sign = 0x04030201;
  reply.date_time = fn_date_time{date{23, 11, 26}, 15, 0};
  // FF 4A 00 | receipt 07 00 | FD 302: 2E 01 00 00 | FP 01 02 03 04 | 1A 0B 17 0F 00.
  check_codec(reply, bytes{0xFF, 0x4A, 0x00, 0x07, 0x00, 0x2E, 0x01, 0x00, 0x00, 0x01, 0x02, 0x03, 0x04, 0x1A,
                           0x0B, 0x17, 0x0F, 0x00});
  reply.date_time.reset();
  CHECK_THROWS_AS(reply.encode(), format_error);
}

TEST_CASE("FF35h and FF36h two-step correction receipt", "[shtrih][commands][correction]") {
  check_codec(begin_correction_request{}, bytes{0xFF, 0x35, 0x1E, 0x00, 0x00, 0x00});
  check_codec(begin_correction_reply{}, bytes{0xFF, 0x35, 0x00});

  correction_v1_request request;
  request.total = 10000;
  request.sign = settlement_sign::income;
  // FF 36 | password 1E 00 00 00 | total 10 27 00 00 00 | operation 01: 12 bytes.
  check_codec(request, bytes{0xFF, 0x36, 0x1E, 0x00, 0x00, 0x00, 0x10, 0x27, 0x00, 0x00, 0x00, 0x01});

  correction_v1_reply reply;
  reply.receipt_number = 7;
  reply.document_number = 302;
  reply.fiscal_sign = 0x04030201;
  // FF 36 00 | receipt 07 00 | FD 2E 01 00 00 | FP 01 02 03 04 (protocol text's form).
  const bytes short_form{0xFF, 0x36, 0x00, 0x07, 0x00, 0x2E, 0x01, 0x00, 0x00, 0x01, 0x02, 0x03, 0x04};
  check_codec(reply, short_form);
  reply.date_time = fn_date_time{date{23, 11, 26}, 15, 0};
  bytes long_form = short_form;
  long_form.insert(long_form.end(), {0x1A, 0x0B, 0x17, 0x0F, 0x00});
  check_codec(reply, long_form, short_form.size());
}
