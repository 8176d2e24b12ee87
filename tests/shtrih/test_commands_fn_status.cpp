// FN status (FF01h), number (FF02h), expiry (FF03h), version (FF04h), OFD exchange status
// (FF39h), unticketed count (FF3Fh). Layouts from fn-commands; DATE_TIME is YY MM DD hh mm
// and DATE is YY MM DD (fn-1.2-description).

#include <catch2/catch.hpp>

#include "protocol/shtrih/commands.hpp"
#include "test_commands_support.hpp"

using namespace ws;
using namespace ws::shtrih;
using ws::shtrih::testing::check_codec;

namespace {
// "9999078900012345" in ASCII.
const bytes fn_number_ascii{0x39, 0x39, 0x39, 0x39, 0x30, 0x37, 0x38, 0x39,
                            0x30, 0x30, 0x30, 0x31, 0x32, 0x33, 0x34, 0x35};

bytes concat(bytes head, const bytes& tail) {
  head.insert(head.end(), tail.begin(), tail.end());
  return head;
}
}  // namespace

TEST_CASE("FN commands send FF xx and the administrator password", "[shtrih][commands][fn_status]") {
  // FF 01 | 30 as 4 bytes LE: 1E 00 00 00.
  check_codec(fn_status_request{}, bytes{0xFF, 0x01, 0x1E, 0x00, 0x00, 0x00});
  check_codec(fn_number_request{}, bytes{0xFF, 0x02, 0x1E, 0x00, 0x00, 0x00});
  check_codec(fn_expiry_request{}, bytes{0xFF, 0x03, 0x1E, 0x00, 0x00, 0x00});
  check_codec(fn_version_request{}, bytes{0xFF, 0x04, 0x1E, 0x00, 0x00, 0x00});
  check_codec(ofd_exchange_status_request{}, bytes{0xFF, 0x39, 0x1E, 0x00, 0x00, 0x00});
  check_codec(unticketed_count_request{}, bytes{0xFF, 0x3F, 0x1E, 0x00, 0x00, 0x00});
  CHECK_THROWS_AS(fn_status_request::decode(bytes{0xFF, 0x01, 0x1E, 0x00, 0x00, 0x00, 0x00}), format_error);
  // A one-byte 01h is another command, not FF01h.
  CHECK_THROWS_AS(fn_status_request::decode(bytes{0x01, 0x1E, 0x00, 0x00, 0x00}), format_error);
}

TEST_CASE("FF01h FN status reply", "[shtrih][commands][fn_status]") {
  fn_status_reply reply;
  reply.phase = fn_phase::configured | fn_phase::fiscal_mode;
  reply.current_document = fn_document::receipt;
  reply.document_data_received = true;
  reply.shift_open = true;
  reply.warning_flags = 0x01;
  reply.date_time = fn_date_time{date{23, 11, 26}, 14, 5};
  reply.fn_number = "9999078900012345";
  reply.last_document_number = 300;
  // FF 01 00 | phase 03 | document 04 | data 01 | shift 01 | warnings 01
  // | 2026-11-23 14:05: 1A 0B 17 0E 05 | FN number 16 ASCII | last FD 300: 2C 01 00 00.
  const bytes wire = concat(concat(bytes{0xFF, 0x01, 0x00, 0x03, 0x04, 0x01, 0x01, 0x01, 0x1A, 0x0B, 0x17, 0x0E, 0x05},
                                   fn_number_ascii),
                            bytes{0x2C, 0x01, 0x00, 0x00});
  REQUIRE(wire.size() == 33);  // 31 after the two-byte code, as the protocol says
  check_codec(reply, wire);
}

TEST_CASE("FF02h FN number and FF03h expiry and FF04h version", "[shtrih][commands][fn_status]") {
  fn_number_reply number;
  number.fn_number = "9999078900012345";
  check_codec(number, concat(bytes{0xFF, 0x02, 0x00}, fn_number_ascii));

  // Expiry 2027-12-31: YY MM DD = 1B 0C 1F.
  fn_expiry_reply expiry;
  expiry.expiry = date{31, 12, 27};
  check_codec(expiry, bytes{0xFF, 0x03, 0x00, 0x1B, 0x0C, 0x1F});

  // Version "1.2.5" padded with zeros to 16 bytes, then 01 = release firmware.
  fn_version_reply version;
  version.version = "1.2.5";
  version.release = true;
  check_codec(version, bytes{0xFF, 0x04, 0x00, 0x31, 0x2E, 0x32, 0x2E, 0x35,  // "1.2.5"
                             0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,                 // 11 zero bytes
                             0x01});
  version.release = false;
  CHECK(version.encode().back() == 0x00);
  version.version = "12345678901234567";  // 17 characters do not fit 16
  CHECK_THROWS_AS(version.encode(), format_error);
}

TEST_CASE("FF39h OFD exchange status reply", "[shtrih][commands][fn_status]") {
  ofd_exchange_status_reply reply;
  reply.status = ofd_exchange::has_message | ofd_exchange::waiting_ticket;
  reply.reading_message = false;
  reply.queue_size = 5;
  reply.first_document_number = 298;
  reply.first_document_time = fn_date_time{date{22, 11, 26}, 9, 30};
  // FF 39 00 | status 06 | reading 00 | queue 05 00 | first FD 298: 2A 01 00 00
  // | 2026-11-22 09:30: 1A 0B 16 09 1E.
  check_codec(reply, bytes{0xFF, 0x39, 0x00, 0x06, 0x00, 0x05, 0x00, 0x2A, 0x01, 0x00, 0x00, 0x1A, 0x0B, 0x16,
                           0x09, 0x1E});
}

TEST_CASE("FF3Fh unticketed count reply", "[shtrih][commands][fn_status]") {
  unticketed_count_reply reply;
  reply.count = 5;
  // FF 3F 00 | count 2 bytes: 05 00.
  check_codec(reply, bytes{0xFF, 0x3F, 0x00, 0x05, 0x00});
  // The driver table's 4-byte form: 05 00 01 00 = 65541.
  CHECK(unticketed_count_reply::decode(bytes{0xFF, 0x3F, 0x00, 0x05, 0x00, 0x01, 0x00}).count == 65541);
  reply.count = 65536;
  CHECK_THROWS_AS(reply.encode(), format_error);
}
