#pragma once
// Reading the FN archive: find a document by number (FF0Ah), read it as TLV (FF3Ah to
// begin, FF3Bh for each block until the FN answers "no data"), and its OFD ticket (FF3Ch).

#include <cstdint>

#include "protocol/shtrih/commands_common.hpp"

namespace ws::shtrih {

/// FF0Ah: a document by its number.
using find_document_request = fn_document_request<0xFF0A>;

/// FF0Ah reply: document type (FFD form code), whether the OFD ticket came, then the
/// document's data, whose layout depends on the type (kept raw).
struct find_document_reply {
  static constexpr command_code code = cmd::fn_find_document;
  std::uint8_t document_type = 0;
  bool ticket_received = false;
  bytes data;

  bytes encode() const;
  static find_document_reply decode(const bytes& payload);
  auto fields() const { return std::tie(document_type, ticket_received, data); }
};

/// FF3Ah: begins reading a document as TLV.
using begin_read_document_request = fn_document_request<0xFF3A>;

struct begin_read_document_reply {
  static constexpr command_code code = cmd::fn_begin_read_document_tlv;
  std::uint16_t document_type = 0;  ///< the document's STLV tag (e.g. 3 receipt)
  std::uint16_t length = 0;         ///< bytes of TLV to read with FF3Bh

  bytes encode() const;
  static begin_read_document_reply decode(const bytes& payload);
  auto fields() const { return std::tie(document_type, length); }
};

/// FF3Bh: the next block of the document's TLV.
using read_document_block_request = password_request<0xFF3B, default_admin_password>;

struct read_document_block_reply {
  static constexpr command_code code = cmd::fn_read_document_tlv;
  bytes tlv;  ///< the rest of the reply

  bytes encode() const;
  static read_document_block_reply decode(const bytes& payload);
  auto fields() const { return std::tie(tlv); }
};

/// FF3Ch: the OFD ticket for a document.
using ofd_ticket_request = fn_document_request<0xFF3C>;

struct ofd_ticket_reply {
  static constexpr command_code code = cmd::fn_ofd_ticket;
  bytes ticket;  ///< the rest of the reply

  bytes encode() const;
  static ofd_ticket_reply decode(const bytes& payload);
  auto fields() const { return std::tie(ticket); }
};

}  // namespace ws::shtrih
