#pragma once
// One document of the FN archive as the emulated FN keeps it: the fields the FN reports
// about it (FF0Ah), the values the FN's counters take from it, and the document's TLV
// exactly as signed (FF3Ah/FF3Bh). Serialised to one file per document; a file is
// written once and never changed.

#include <cstdint>
#include <optional>
#include <string>

#include "emulator/device_clock.hpp"
#include "protocol/common/bytes.hpp"

namespace ws::emulator {

/// What registration (and re-registration) sets in the FN.
struct registration_data {
  std::string inn;          ///< user INN, up to 12 characters
  std::string rnm;          ///< KKT registration number, up to 20
  std::uint8_t taxation_systems = 0;  ///< bit mask (tag 1062)
  std::uint8_t work_modes = 0;        ///< bit mask
  std::string ofd_inn;      ///< tag 1017 when the host sent it
  std::string ofd_name;     ///< 1046
  std::string user_name;    ///< 1048
  std::string address;      ///< 1009
  std::string place;        ///< 1187

  friend bool operator==(const registration_data& a, const registration_data& b);
};

/// The lowest taxation system registered: used by receipts that name none (legacy 85h,
/// FF45h with 0, the short correction FF36h).
std::uint8_t default_taxation_system(const registration_data& reg);

struct fiscal_document {
  std::uint16_t type = 0;           ///< document form code (1, 11, 2, 21, 3, 31, 5, 6)
  std::uint32_t number = 0;         ///< FD number
  std::uint32_t fiscal_sign = 0;
  std::int64_t time = 0;            ///< device time, seconds since 1970 (tag 1012)
  std::uint16_t shift_number = 0;   ///< shift the document belongs to (or closes/opens)
  std::uint16_t receipt_number = 0; ///< receipts: number in the shift (tag 1042)
  std::uint8_t operation = 0;       ///< receipts: settlement sign (1054); re-registration: reason
  std::uint64_t total = 0;          ///< receipts: total in kopecks (1020)
  std::optional<registration_data> registration;  ///< registration documents
  std::uint32_t unsent_count = 0;   ///< settlement report: documents without ticket
  std::int64_t first_unsent_time = 0;
  bytes tlv;                        ///< the whole document STLV including tag 1077

  friend bool operator==(const fiscal_document& a, const fiscal_document& b);
};

/// The file form of a document, with a check value so a damaged file is detected.
bytes serialize(const fiscal_document& doc);
/// Throws format_error for a damaged or foreign file.
fiscal_document parse_fiscal_document(const bytes& file);

}  // namespace ws::emulator
