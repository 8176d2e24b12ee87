// Clock (21h, 22h, 23h), beep (13h), reboot (FE F3h). kkt-protocol-2.0: date DD MM YY,
// time HH MM SS; the reboot bytes as given in reference/README.md.

#include <catch2/catch.hpp>

#include "protocol/shtrih/commands.hpp"
#include "test_commands_support.hpp"

using namespace ws;
using namespace ws::shtrih;
using ws::shtrih::testing::check_codec;

TEST_CASE("21h set time", "[shtrih][commands][service]") {
  set_time_request request;
  request.time = time_of_day{14, 5, 9};
  // 21 | password 1E 00 00 00 | 14:05:09 = 0E 05 09.
  check_codec(request, bytes{0x21, 0x1E, 0x00, 0x00, 0x00, 0x0E, 0x05, 0x09});
  CHECK_THROWS_AS(set_time_request::decode(bytes{0x21, 0x1E, 0x00, 0x00, 0x00, 0x0E, 0x05, 0x09, 0x00}),
                  format_error);
  check_codec(set_time_reply{}, bytes{0x21, 0x00});
}

TEST_CASE("22h set date and 23h confirm date", "[shtrih][commands][service]") {
  set_date_request request;
  request.day = date{23, 11, 26};
  // 22 | password 1E 00 00 00 | 23.11.26 = 17 0B 1A.
  check_codec(request, bytes{0x22, 0x1E, 0x00, 0x00, 0x00, 0x17, 0x0B, 0x1A});
  check_codec(set_date_reply{}, bytes{0x22, 0x00});

  confirm_date_request confirm;
  confirm.day = date{23, 11, 26};
  check_codec(confirm, bytes{0x23, 0x1E, 0x00, 0x00, 0x00, 0x17, 0x0B, 0x1A});
  check_codec(confirm_date_reply{}, bytes{0x23, 0x00});
  // 22h bytes are not a 23h command.
  CHECK_THROWS_AS(confirm_date_request::decode(request.encode()), format_error);
}

TEST_CASE("13h beep", "[shtrih][commands][service]") {
  check_codec(beep_request{}, bytes{0x13, 0x01, 0x00, 0x00, 0x00});
  check_codec(beep_reply{1}, bytes{0x13, 0x00, 0x01});
}

TEST_CASE("FE F3h reboot has no reply", "[shtrih][commands][service]") {
  check_codec(reboot_request{}, bytes{0xFE, 0xF3, 0x00, 0x00, 0x00, 0x00});
  CHECK_FALSE(expects_reply(reboot_request::code));
  CHECK(command_code::peek(reboot_request{}.encode()) == cmd::reboot);
}
