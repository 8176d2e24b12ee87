// Open shift (E0h; FF41h + FF0Bh), close shift (41h; FF42h + FF43h), X report (40h).
// Layouts from kkt-protocol-2.0 (E0h, 40h, 41h) and fn-commands (FF0Bh, FF41h..FF43h).

#include <catch2/catch.hpp>

#include "protocol/shtrih/commands.hpp"
#include "test_commands_support.hpp"

using namespace ws;
using namespace ws::shtrih;
using ws::shtrih::testing::check_codec;

TEST_CASE("E0h open shift", "[shtrih][commands][shift]") {
  // E0 | operator password 1: 01 00 00 00.
  check_codec(open_shift_request{}, bytes{0xE0, 0x01, 0x00, 0x00, 0x00});
  // E0 00 | operator 01.
  check_codec(open_shift_reply{1}, bytes{0xE0, 0x00, 0x01});
  CHECK(answer_timeout(open_shift_request::code) == milliseconds{35000});
}

TEST_CASE("FF41h and FF0Bh open shift in the FN", "[shtrih][commands][shift]") {
  check_codec(fn_begin_open_shift_request{}, bytes{0xFF, 0x41, 0x1E, 0x00, 0x00, 0x00});
  check_codec(fn_begin_open_shift_reply{}, bytes{0xFF, 0x41, 0x00});
  check_codec(fn_open_shift_request{}, bytes{0xFF, 0x0B, 0x1E, 0x00, 0x00, 0x00});

  fn_open_shift_reply reply;
  reply.shift_number = 18;
  reply.document_number = 301;
  reply.fiscal_sign = 0x12345678;
  // FF 0B 00 | shift 18: 12 00 | FD 301: 2D 01 00 00 | FP 78 56 34 12.
  check_codec(reply, bytes{0xFF, 0x0B, 0x00, 0x12, 0x00, 0x2D, 0x01, 0x00, 0x00, 0x78, 0x56, 0x34, 0x12});
}

TEST_CASE("41h Z report and 40h X report", "[shtrih][commands][shift]") {
  // Both want the administrator: password 30 = 1E 00 00 00.
  check_codec(z_report_request{}, bytes{0x41, 0x1E, 0x00, 0x00, 0x00});
  check_codec(z_report_reply{30}, bytes{0x41, 0x00, 0x1E});
  check_codec(x_report_request{}, bytes{0x40, 0x1E, 0x00, 0x00, 0x00});
  check_codec(x_report_reply{29}, bytes{0x40, 0x00, 0x1D});
  CHECK(answer_timeout(z_report_request::code) == milliseconds{65000});
  CHECK(answer_timeout(x_report_request::code) == milliseconds{30000});
}

TEST_CASE("FF42h and FF43h close shift in the FN", "[shtrih][commands][shift]") {
  check_codec(fn_begin_close_shift_request{}, bytes{0xFF, 0x42, 0x1E, 0x00, 0x00, 0x00});
  check_codec(fn_begin_close_shift_reply{}, bytes{0xFF, 0x42, 0x00});
  check_codec(fn_close_shift_request{}, bytes{0xFF, 0x43, 0x1E, 0x00, 0x00, 0x00});

  fn_close_shift_reply reply;
  reply.shift_number = 18;
  reply.document_number = 320;
  reply.fiscal_sign = 0xDEADBEEF;
  // FF 43 00 | shift 12 00 | FD 320: 40 01 00 00 | FP EF BE AD DE (11 bytes, the
  // protocol text's form).
  const bytes short_form{0xFF, 0x43, 0x00, 0x12, 0x00, 0x40, 0x01, 0x00, 0x00, 0xEF, 0xBE, 0xAD, 0xDE};
  check_codec(reply, short_form);
  // The driver table's form adds 2026-11-23 23:59: 1A 0B 17 17 3B.
  reply.date_time = fn_date_time{date{23, 11, 26}, 23, 59};
  bytes long_form = short_form;
  long_form.insert(long_form.end(), {0x1A, 0x0B, 0x17, 0x17, 0x3B});
  check_codec(reply, long_form, short_form.size());
}
