#pragma once
// Shift open report (form 2), shift close report (form 5) and the settlement state
// report (form 21), as the FN stores them (FFD 1.05 tables 17, 32, 18). The counters
// (1194, 1157, 1158) are not modelled.

#include <cstdint>
#include <optional>
#include <string>

#include "protocol/ffd/document_header.hpp"
#include "protocol/ffd/fn_warnings.hpp"
#include "protocol/ffd/tlv.hpp"

namespace ws::ffd {

struct shift_open_report {
  document_header header;
  std::uint32_t shift_number = 0;  ///< 1038
  std::string cashier;             ///< 1021
  std::string cashier_inn;         ///< 1203
  std::string kkt_version;         ///< 1188
  std::uint8_t kkt_ffd_version = 2;  ///< 1189
  fn_warnings warnings;
};

struct shift_close_report {
  document_header header;
  std::uint32_t shift_number = 0;         ///< 1038
  std::string cashier;                    ///< 1021
  std::string cashier_inn;                ///< 1203
  std::uint32_t receipts_in_shift = 0;    ///< 1118
  std::uint32_t documents_in_shift = 0;   ///< 1111
  std::uint32_t unsent_count = 0;         ///< 1097
  std::uint32_t first_unsent_date = 0;    ///< 1098 (UnixTime at 00:00:00; 0 when none)
  std::optional<std::uint16_t> fn_key_days_left;  ///< 1213
  fn_warnings warnings;
};

struct settlement_report {
  document_header header;
  std::optional<std::uint32_t> shift_number;  ///< 1038, only while a shift is open
  bool offline_mode = false;                  ///< 1002
  std::uint32_t first_unsent_number = 0;      ///< 1116 (0 when none)
  std::uint32_t unsent_count = 0;             ///< 1097
  std::uint32_t first_unsent_date = 0;        ///< 1098
};

tlv build_document(const shift_open_report& report);
tlv build_document(const shift_close_report& report);
tlv build_document(const settlement_report& report);

shift_open_report parse_shift_open_report(const tlv& document);
shift_close_report parse_shift_close_report(const tlv& document);
settlement_report parse_settlement_report(const tlv& document);

}  // namespace ws::ffd
