// Reading the FN archive: FF0Ah, FF3Ah, FF3Bh, FF3Ch (fn-commands).

#include <catch2/catch.hpp>

#include "protocol/shtrih/commands.hpp"
#include "test_commands_support.hpp"

using namespace ws;
using namespace ws::shtrih;
using ws::shtrih::testing::check_codec;

TEST_CASE("FF0Ah find document", "[shtrih][commands][documents]") {
  find_document_request request;
  request.document_number = 300;
  // FF 0A | password 1E 00 00 00 | FD 300: 2C 01 00 00.
  check_codec(request, bytes{0xFF, 0x0A, 0x1E, 0x00, 0x00, 0x00, 0x2C, 0x01, 0x00, 0x00});
  CHECK_THROWS_AS(find_document_request::decode(bytes{0xFF, 0x0A, 0x1E, 0x00, 0x00, 0x00, 0x2C, 0x01, 0x00, 0x00, 0x00}),
                  format_error);

  find_document_reply reply;
  reply.document_type = 3;
  reply.ticket_received = true;
  reply.data = bytes{0x1A, 0x0B, 0x17, 0x0E, 0x05};
  // FF 0A 00 | type 03 (receipt) | ticket 01 | data as is.
  check_codec(reply, bytes{0xFF, 0x0A, 0x00, 0x03, 0x01, 0x1A, 0x0B, 0x17, 0x0E, 0x05}, 5);
}

TEST_CASE("FF3Ah and FF3Bh read a document as TLV", "[shtrih][commands][documents]") {
  begin_read_document_request request;
  request.document_number = 300;
  check_codec(request, bytes{0xFF, 0x3A, 0x1E, 0x00, 0x00, 0x00, 0x2C, 0x01, 0x00, 0x00});

  begin_read_document_reply reply;
  reply.document_type = 3;
  reply.length = 410;
  // FF 3A 00 | type 03 00 | length 410 = 0x019A: 9A 01.
  check_codec(reply, bytes{0xFF, 0x3A, 0x00, 0x03, 0x00, 0x9A, 0x01});

  check_codec(read_document_block_request{}, bytes{0xFF, 0x3B, 0x1E, 0x00, 0x00, 0x00});
  read_document_block_reply block;
  block.tlv = bytes{0x18, 0x04, 0x03, 0x00, 0x8E, 0x8E, 0x8E};
  check_codec(block, bytes{0xFF, 0x3B, 0x00, 0x18, 0x04, 0x03, 0x00, 0x8E, 0x8E, 0x8E}, 3);

  // The end of the document: the FN answers 08h "no data".
  const auto end = decode_reply<read_document_block_reply>(bytes{0xFF, 0x3B, 0x08});
  CHECK_FALSE(end.ok());
  CHECK(classify_error(end.header.code, end.header.error) == error_class::no_data);
}

TEST_CASE("FF3Ch OFD ticket", "[shtrih][commands][documents]") {
  ofd_ticket_request request;
  request.document_number = 0x01020304;
  check_codec(request, bytes{0xFF, 0x3C, 0x1E, 0x00, 0x00, 0x00, 0x04, 0x03, 0x02, 0x01});
  ofd_ticket_reply reply;
  reply.ticket = bytes{0xAA, 0xBB};
  check_codec(reply, bytes{0xFF, 0x3C, 0x00, 0xAA, 0xBB}, 3);
  CHECK(ofd_ticket_reply::decode(bytes{0xFF, 0x3C, 0x00}).ticket.empty());
}
