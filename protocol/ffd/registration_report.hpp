#pragma once
// Registration report (form 1), re-registration report (form 11) and FN close report
// (form 6), as the FN stores them (FFD 1.05 tables 7, 8, 33). The cumulative counters
// (1157) are not modelled.

#include <cstdint>
#include <optional>
#include <string>

#include "protocol/ffd/document_header.hpp"
#include "protocol/ffd/tlv.hpp"

namespace ws::ffd {

struct registration_report {
  document_header header;
  bool is_re_registration = false;        ///< form 11 instead of 1
  std::string user_name;                  ///< 1048
  std::string settlement_address;         ///< 1009
  std::string settlement_place;           ///< 1187
  std::uint8_t taxation_systems = 0;      ///< 1062, bits as taxation_system
  std::uint8_t agent_flags = 0;           ///< 1057, bits as agent_type; left out when 0
  bool offline_mode = false;              ///< 1002
  bool encryption = false;                ///< 1056
  bool automatic_mode = false;            ///< 1001
  bool internet_only = false;             ///< 1108
  bool bso_mode = false;                  ///< 1110
  bool services = false;                  ///< 1109 (left out when 0)
  bool excise = false;                    ///< 1207 (left out when 0)
  bool gambling = false;                  ///< 1193 (left out when 0)
  bool lottery = false;                   ///< 1126 (left out when 0)
  std::string machine_number;             ///< 1036, with automatic mode
  std::string kkt_serial;                 ///< 1013
  std::string ofd_inn;                    ///< 1017 (fixed 12), left out when offline
  std::string ofd_name;                   ///< 1046
  std::string fns_site;                   ///< 1060
  std::string sender_email;               ///< 1117
  std::string cashier;                    ///< 1021
  std::string cashier_inn;                ///< 1203 (fixed 12)
  std::string kkt_version;                ///< 1188, <= 8
  std::uint8_t kkt_ffd_version = 2;       ///< 1189
  std::uint8_t fn_ffd_version = 2;        ///< 1190
  std::optional<std::uint16_t> fn_key_days_left;  ///< 1213
  // form 11 only
  std::optional<std::uint8_t> re_registration_reason;  ///< 1101 (FFD 1.05 table 15: 1 FN, 2 OFD, 3 details, 4 settings)
  std::uint32_t change_reasons = 0;                    ///< 1205 bit mask (table 16); left out when 0
};

struct fn_close_report {
  document_header header;
  std::string user_name;            ///< 1048
  std::string settlement_address;   ///< 1009
  std::string settlement_place;     ///< 1187
  std::optional<std::uint32_t> shift_number;  ///< 1038
  std::string cashier;              ///< 1021
  std::string cashier_inn;          ///< 1203
};

tlv build_document(const registration_report& report);
tlv build_document(const fn_close_report& report);

/// Reads a form 1 or 11 document; throws format_error for another form or a missing tag.
registration_report parse_registration_report(const tlv& document);
/// Reads a form 6 document.
fn_close_report parse_fn_close_report(const tlv& document);

}  // namespace ws::ffd
