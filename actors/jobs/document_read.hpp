#pragma once
// One FN document as read_document_job reads it: its archive record (FF0Ah) and its TLV.

#include <cstdint>

#include "actors/jobs/archived_document.hpp"

namespace ws::jobs {

struct document_read {
  archived_document document;
  std::uint16_t tlv_document_type = 0;  ///< the STLV tag FF3Ah names
  bytes tlv;                            ///< the document's TLV (children of that tag)
};

}  // namespace ws::jobs
