// Registration (FF05h + FF06h), re-registration (FF34h), closing the FN (FF3Dh + FF3Eh)
// and the settlement report (FF37h + FF38h). Layouts from fn-commands; the longer forms
// from the driver table.

#include <catch2/catch.hpp>

#include "protocol/shtrih/commands.hpp"
#include "test_commands_support.hpp"

using namespace ws;
using namespace ws::shtrih;
using ws::shtrih::testing::check_codec;

namespace {

registration_params sample_params() {
  registration_params p;
  p.inn = "7701234567";
  p.registration_number = "0000000001012345";
  p.taxation_systems = taxation::osn | taxation::usn_income;
  p.work_mode = 0;
  return p;
}

// INN "7701234567" + 2 spaces; registration number 16 digits + 4 spaces; taxation 03;
// work mode 00.
bytes sample_params_wire() {
  return bytes{'7', '7', '0', '1', '2', '3', '4', '5', '6', '7', ' ', ' ',
               '0', '0', '0', '0', '0', '0', '0', '0', '0', '1', '0', '1', '2', '3', '4', '5', ' ', ' ', ' ', ' ',
               0x03, 0x00};
}

bytes concat(bytes head, const bytes& tail) {
  head.insert(head.end(), tail.begin(), tail.end());
  return head;
}

}  // namespace

TEST_CASE("FF05h and FF06h registration", "[shtrih][commands][registration]") {
  begin_registration_request begin;
  begin.report_type = registration_report::reregistration;
  // FF 05 | password 1E 00 00 00 | type 02.
  check_codec(begin, bytes{0xFF, 0x05, 0x1E, 0x00, 0x00, 0x00, 0x02});
  check_codec(begin_registration_reply{}, bytes{0xFF, 0x05, 0x00});

  registration_request request;
  request.params = sample_params();
  const bytes wire = concat(bytes{0xFF, 0x06, 0x1E, 0x00, 0x00, 0x00}, sample_params_wire());
  REQUIRE(wire.size() == 40);  // the protocol's message length
  check_codec(request, wire);

  registration_reply reply;
  reply.document_number = 1;
  reply.fiscal_sign = 0x76543210;
  // FF 06 00 | FD 01 00 00 00 | FP 10 32 54 76.
  const bytes short_form{0xFF, 0x06, 0x00, 0x01, 0x00, 0x00, 0x00, 0x10, 0x32, 0x54, 0x76};
  check_codec(reply, short_form);
  // With the date-time of the driver's table: 2026-11-23 09:00 = 1A 0B 17 09 00.
  reply.date_time = fn_date_time{date{23, 11, 26}, 9, 0};
  check_codec(reply, concat(short_form, bytes{0x1A, 0x0B, 0x17, 0x09, 0x00}), short_form.size());
}

TEST_CASE("FF34h re-registration in both forms", "[shtrih][commands][registration]") {
  reregistration_request request;
  request.reason = 4;
  // The protocol text's form: FF 34 | password 1E 00 00 00 | reason 04 (7 bytes).
  check_codec(request, bytes{0xFF, 0x34, 0x1E, 0x00, 0x00, 0x00, 0x04});
  // The driver table's form: the registration parameters before the reason.
  request.params = sample_params();
  const bytes long_form = concat(concat(bytes{0xFF, 0x34, 0x1E, 0x00, 0x00, 0x00}, sample_params_wire()), bytes{0x04});
  REQUIRE(long_form.size() == 41);
  check_codec(request, long_form, 7);
  // Anything between the two lengths is malformed.
  CHECK_THROWS_AS(reregistration_request::decode(bytes{0xFF, 0x34, 0x1E, 0x00, 0x00, 0x00, 0x04, 0x00}),
                  format_error);

  reregistration_reply reply;
  reply.document_number = 10;
  reply.fiscal_sign = 1;
  check_codec(reply, bytes{0xFF, 0x34, 0x00, 0x0A, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00});
}

TEST_CASE("FF3Dh and FF3Eh close the fiscal mode", "[shtrih][commands][registration]") {
  check_codec(begin_close_fn_request{}, bytes{0xFF, 0x3D, 0x1E, 0x00, 0x00, 0x00});
  check_codec(begin_close_fn_reply{}, bytes{0xFF, 0x3D, 0x00});
  check_codec(close_fn_request{}, bytes{0xFF, 0x3E, 0x1E, 0x00, 0x00, 0x00});
  close_fn_reply reply;
  reply.document_number = 999;
  reply.fiscal_sign = 0xCAFEBABE;
  reply.date_time = fn_date_time{date{31, 12, 27}, 23, 0};
  // FF 3E 00 | FD 999 = 0x3E7: E7 03 00 00 | FP BE BA FE CA | 2027-12-31 23:00: 1B 0C 1F 17 00.
  check_codec(reply, bytes{0xFF, 0x3E, 0x00, 0xE7, 0x03, 0x00, 0x00, 0xBE, 0xBA, 0xFE, 0xCA, 0x1B, 0x0C, 0x1F,
                           0x17, 0x00},
              11);
}

TEST_CASE("FF37h and FF38h settlement report", "[shtrih][commands][registration]") {
  check_codec(begin_settlement_report_request{}, bytes{0xFF, 0x37, 0x1E, 0x00, 0x00, 0x00});
  check_codec(begin_settlement_report_reply{}, bytes{0xFF, 0x37, 0x00});
  check_codec(settlement_report_request{}, bytes{0xFF, 0x38, 0x1E, 0x00, 0x00, 0x00});

  settlement_report_reply reply;
  reply.document_number = 303;
  reply.fiscal_sign = 0xDDCCBBAA;
  reply.unconfirmed_count = 3;
  reply.first_unconfirmed_date = date{20, 11, 26};
  // FF 38 00 | FD 303: 2F 01 00 00 | FP AA BB CC DD | unconfirmed 03 00 00 00
  // | first unconfirmed 2026-11-20: 1A 0B 14 (18 bytes, 16 after the code).
  const bytes short_form{0xFF, 0x38, 0x00, 0x2F, 0x01, 0x00, 0x00, 0xAA, 0xBB, 0xCC,
                         0xDD, 0x03, 0x00, 0x00, 0x00, 0x1A, 0x0B, 0x14};
  check_codec(reply, short_form);
  reply.date_time = fn_date_time{date{23, 11, 26}, 16, 0};
  check_codec(reply, concat(short_form, bytes{0x1A, 0x0B, 0x17, 0x10, 0x00}), short_form.size());
}
