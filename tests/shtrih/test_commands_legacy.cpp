// Classic sale (80h) and close receipt (85h), kkt-protocol-2.0. Message lengths there:
// 80h 60 bytes, 85h 71 bytes, 85h reply 8 bytes.

#include <catch2/catch.hpp>

#include "protocol/shtrih/commands.hpp"
#include "test_commands_support.hpp"

using namespace ws;
using namespace ws::shtrih;
using ws::shtrih::testing::check_codec;
using ws::shtrih::testing::zeros;

TEST_CASE("80h legacy sale", "[shtrih][commands][legacy]") {
  legacy_sale_request request;
  request.quantity = 1000;
  request.price = 12345;
  request.department = 1;
  request.taxes = {1, 0, 0, 0};
  request.text = "Хлеб";
  // 80 | password 01 00 00 00 | quantity 1000 = 0x3E8: E8 03 00 00 00 | price 39 30 00 00 00
  // | department 01 | taxes 01 00 00 00 | text "Хлеб" D5 EB E5 E1 + 36 zero bytes.
  bytes wire{0x80, 0x01, 0x00, 0x00, 0x00, 0xE8, 0x03, 0x00, 0x00, 0x00, 0x39, 0x30, 0x00, 0x00, 0x00,
             0x01, 0x01, 0x00, 0x00, 0x00, 0xD5, 0xEB, 0xE5, 0xE1};
  zeros(wire, 36);
  REQUIRE(wire.size() == 60);
  check_codec(request, wire);
  check_codec(legacy_sale_reply{1}, bytes{0x80, 0x00, 0x01});
}

TEST_CASE("85h legacy close receipt", "[shtrih][commands][legacy]") {
  legacy_close_receipt_request request;
  request.payments = {20000, 0, 0, 0};
  request.discount = -150;  // a 1.50 % surcharge
  // 85 | password 01 00 00 00 | cash 20 4E 00 00 00 | types 2..4: 15 zero bytes
  // | discount -150 = 0xFF6A: 6A FF | taxes 00 00 00 00 | text: 40 zero bytes.
  bytes wire{0x85, 0x01, 0x00, 0x00, 0x00, 0x20, 0x4E, 0x00, 0x00, 0x00};
  zeros(wire, 15);
  wire.insert(wire.end(), {0x6A, 0xFF, 0x00, 0x00, 0x00, 0x00});
  zeros(wire, 40);
  REQUIRE(wire.size() == 71);
  check_codec(request, wire);

  legacy_close_receipt_reply reply;
  reply.operator_number = 1;
  reply.change = 1482;
  // 85 00 | operator 01 | change CA 05 00 00 00.
  check_codec(reply, bytes{0x85, 0x00, 0x01, 0xCA, 0x05, 0x00, 0x00, 0x00});
}
