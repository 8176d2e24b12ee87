#pragma once

#include <optional>
// One FN document as read_document_job reads it: its archive record (FF0Ah) and its TLV.

#include <cstdint>

#include "actors/jobs/archived_document.hpp"

namespace ws::jobs {

struct document_read {
  archived_document document;
  std::uint16_t tlv_document_type = 0;  ///< the STLV tag FF3Ah names
  bytes tlv;                            ///< the document's TLV (children of that tag)
  /// The OFD's ticket (FF3Ch) when it was asked for and the OFD has confirmed the
  /// document; nullopt otherwise (the FN answers "no data" until the ticket arrives).
  std::optional<bytes> ofd_ticket;
};

}  // namespace ws::jobs
