// General clearing (27h, kkt-protocol-2.0 "Общее гашение") and the debug FN's reset
// (FF07h, fn-commands "Сброс состояния ФН": password 4, request code 1; code 22 = 16h wipes
// the archive, fn-1.2-description 7.7).

#include <catch2/catch.hpp>

#include "protocol/shtrih/commands.hpp"
#include "test_commands_support.hpp"

using namespace ws;
using namespace ws::shtrih;
using ws::shtrih::testing::check_codec;

TEST_CASE("27h general clearing carries the system administrator's password", "[shtrih][commands][clearing]") {
  // 27 | password 1E 00 00 00 (30).
  check_codec(general_clearing_request{}, bytes{0x27, 0x1E, 0x00, 0x00, 0x00});
  check_codec(general_clearing_reply{}, bytes{0x27, 0x00});
  CHECK_THROWS_AS(general_clearing_request::decode(bytes{0x27, 0x1E, 0x00, 0x00}), format_error);
  CHECK_FALSE(creates_fiscal_document(cmd::general_clearing));
}

TEST_CASE("FF07h FN reset asks for the full archive wipe by default", "[shtrih][commands][clearing]") {
  // FF 07 | password 1E 00 00 00 | request code 16h (22).
  check_codec(fn_reset_request{}, bytes{0xFF, 0x07, 0x1E, 0x00, 0x00, 0x00, 0x16});
  check_codec(fn_reset_reply{}, bytes{0xFF, 0x07, 0x00});
  CHECK(fn_reset_request::code.is_fn_command());
  CHECK_THROWS_AS(fn_reset_request::decode(bytes{0xFF, 0x07, 0x1E, 0x00, 0x00, 0x00}), format_error);
  CHECK_THROWS_AS(fn_reset_request::decode(bytes{0xFF, 0x07, 0x1E, 0x00, 0x00, 0x00, 0x16, 0x00}), format_error);
  // A production FN's refusal is an FN error: 01h "unknown command".
  const auto refused = decode_reply<fn_reset_reply>(bytes{0xFF, 0x07, 0x01});
  CHECK_FALSE(refused.ok());
  CHECK(error_source_of(cmd::fn_reset_state, refused.header.error) == error_source::fn);
  CHECK_FALSE(creates_fiscal_document(cmd::fn_reset_state));
}
