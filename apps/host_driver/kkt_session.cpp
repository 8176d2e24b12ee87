#include "apps/host_driver/kkt_session.hpp"

#include <sstream>

namespace ws::host_driver {

namespace {

std::string hex_code(shtrih::command_code code) {
  std::ostringstream out;
  out << std::hex << std::uppercase << code.value() << 'h';
  return out.str();
}

}  // namespace

bytes kkt_session::exchange(const bytes& command, shtrih::command_code code) {
  // The link's own timeouts end every exchange; the outer limit only guards against a bug.
  const auto answer_timeout = shtrih::answer_timeout(code);
  const auto outcome = line_.exchange(command, answer_timeout, answer_timeout + std::chrono::seconds(30));
  if (!outcome) throw session_error(hex_code(code) + ": the link did not finish", std::nullopt);
  switch (outcome->what) {
    case shtrih::link_outcome::kind::not_delivered:
      throw session_error(hex_code(code) + ": no answer from the register (command not delivered)", std::nullopt);
    case shtrih::link_outcome::kind::no_reply:
      throw session_error(hex_code(code) + ": the register took the command but sent no reply", std::nullopt);
    case shtrih::link_outcome::kind::reply:
      break;
  }
  const auto header = shtrih::parse_reply_header(outcome->reply);
  if (header.error != 0)
    throw session_error(hex_code(code) + ": " + shtrih::describe_error(code, header.error), header.error);
  return outcome->reply;
}

bytes kkt_session::read_document_tlv(std::uint32_t number) {
  shtrih::begin_read_document_request begin;
  begin.document_number = number;
  const auto head = call<shtrih::begin_read_document_reply>(begin);
  bytes document;
  byte_writer(document).u16(head.document_type).u16(head.length);
  // Each FF3Bh gives the next piece; the FN answers "no data" after the last one. The
  // bound only stops a misbehaving device: a document is at most 64 KiB in 250-byte pieces.
  for (int piece = 0; piece < 300 && document.size() < 4u + head.length; ++piece) {
    try {
      const auto block = call<shtrih::read_document_block_reply>(shtrih::read_document_block_request{});
      document.insert(document.end(), block.tlv.begin(), block.tlv.end());
    } catch (const session_error& e) {
      if (e.device_error == shtrih::fn_error::no_data) break;
      throw;
    }
  }
  if (document.size() != 4u + head.length)
    throw session_error("document " + std::to_string(number) + ": read " + std::to_string(document.size() - 4) +
                            " of " + std::to_string(head.length) + " TLV bytes",
                        std::nullopt);
  return document;
}

}  // namespace ws::host_driver
