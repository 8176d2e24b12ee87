#pragma once
// Named FFD tags (numbers from the FFD 1.05 / 1.1 formats, table 5) and document form
// codes (table 6). A whole document is an STLV whose tag is its form code.

#include <cstdint>

namespace ws::ffd {

/// Document form codes (FFD table 6); used as the tag of the document's STLV.
enum class form_code : std::uint16_t {
  registration = 1,
  re_registration = 11,
  shift_open = 2,
  settlement_report = 21,
  receipt = 3,
  correction_receipt = 31,
  bso = 4,
  bso_correction = 41,
  shift_close = 5,
  fn_close = 6,
  operator_confirmation = 7,
};

namespace tag {
// Names and texts of the document
inline constexpr std::uint16_t document_name = 1000;        // text (print form only)
inline constexpr std::uint16_t automatic_mode = 1001;       // byte flag
inline constexpr std::uint16_t offline_mode = 1002;         // byte flag
inline constexpr std::uint16_t buyer_contact = 1008;        // string <= 64
inline constexpr std::uint16_t settlement_address = 1009;   // string <= 256
inline constexpr std::uint16_t date_time = 1012;            // UnixTime
inline constexpr std::uint16_t kkt_serial = 1013;           // string <= 20
inline constexpr std::uint16_t ofd_inn = 1017;              // string, fixed 12
inline constexpr std::uint16_t user_inn = 1018;             // string, fixed 12
inline constexpr std::uint16_t total = 1020;                // VLN money
inline constexpr std::uint16_t cashier = 1021;              // string <= 64
inline constexpr std::uint16_t ofd_response_code = 1022;    // byte
inline constexpr std::uint16_t item_quantity = 1023;        // FVLN
inline constexpr std::uint16_t item_name = 1030;            // string <= 128
inline constexpr std::uint16_t cash_sum = 1031;             // VLN money
inline constexpr std::uint16_t machine_number = 1036;       // string <= 20
inline constexpr std::uint16_t kkt_reg_number = 1037;       // string, fixed 20 (1.05) / 16 (1.1)
inline constexpr std::uint16_t shift_number = 1038;         // UInt32
inline constexpr std::uint16_t fd_number = 1040;            // UInt32
inline constexpr std::uint16_t fn_number = 1041;            // string, fixed 16
inline constexpr std::uint16_t receipt_in_shift = 1042;     // UInt32
inline constexpr std::uint16_t item_amount = 1043;          // VLN money
inline constexpr std::uint16_t ofd_name = 1046;             // string <= 256
inline constexpr std::uint16_t user_name = 1048;            // string <= 256
inline constexpr std::uint16_t fn_resource_exhausted = 1050;  // byte flag
inline constexpr std::uint16_t fn_replace_urgent = 1051;    // byte flag
inline constexpr std::uint16_t fn_memory_full = 1052;       // byte flag
inline constexpr std::uint16_t ofd_timeout = 1053;          // byte flag
inline constexpr std::uint16_t settlement_sign = 1054;      // byte (1 income .. 4 return charge)
inline constexpr std::uint16_t taxation_system = 1055;      // byte bit mask, one bit in a receipt
inline constexpr std::uint16_t encryption = 1056;           // byte flag
inline constexpr std::uint16_t agent_flags = 1057;          // byte bit mask
inline constexpr std::uint16_t item = 1059;                 // STLV
inline constexpr std::uint16_t fns_site = 1060;             // string <= 256
inline constexpr std::uint16_t taxation_systems = 1062;     // byte bit mask (registration)
inline constexpr std::uint16_t operator_message = 1068;     // STLV
inline constexpr std::uint16_t fiscal_sign = 1077;          // byte[6], bytes 2..5 = UInt32 BE
inline constexpr std::uint16_t item_price = 1079;           // VLN money
inline constexpr std::uint16_t electronic_sum = 1081;       // VLN money
inline constexpr std::uint16_t user_property = 1084;        // STLV
inline constexpr std::uint16_t user_property_name = 1085;   // string <= 64
inline constexpr std::uint16_t user_property_value = 1086;  // string <= 256
inline constexpr std::uint16_t unsent_count = 1097;         // UInt32
inline constexpr std::uint16_t first_unsent_date = 1098;    // UnixTime
inline constexpr std::uint16_t re_registration_reason = 1101;  // byte
inline constexpr std::uint16_t vat_20_sum = 1102;           // VLN (18% in FFD 1.05 texts, 20% since 2019)
inline constexpr std::uint16_t vat_10_sum = 1103;
inline constexpr std::uint16_t vat_0_amount = 1104;         // amount settled at 0%
inline constexpr std::uint16_t vat_none_amount = 1105;      // amount settled without VAT
inline constexpr std::uint16_t vat_20_120_sum = 1106;
inline constexpr std::uint16_t vat_10_110_sum = 1107;
inline constexpr std::uint16_t internet_only = 1108;        // byte flag
inline constexpr std::uint16_t services = 1109;             // byte flag
inline constexpr std::uint16_t bso_mode = 1110;             // byte flag
inline constexpr std::uint16_t fd_count_in_shift = 1111;    // UInt32
inline constexpr std::uint16_t first_unsent_number = 1116;  // UInt32
inline constexpr std::uint16_t sender_email = 1117;         // string <= 64
inline constexpr std::uint16_t receipts_in_shift = 1118;    // UInt32
inline constexpr std::uint16_t lottery = 1126;              // byte flag
inline constexpr std::uint16_t correction_type = 1173;      // byte (0 own, 1 by order)
inline constexpr std::uint16_t correction_basis = 1174;     // STLV
inline constexpr std::uint16_t correction_basis_name = 1177;   // string <= 256
inline constexpr std::uint16_t correction_basis_date = 1178;   // UnixTime (00:00:00)
inline constexpr std::uint16_t correction_basis_number = 1179; // string <= 32
inline constexpr std::uint16_t settlement_place = 1187;     // string <= 256
inline constexpr std::uint16_t kkt_version = 1188;          // string <= 8
inline constexpr std::uint16_t kkt_ffd_version = 1189;      // byte
inline constexpr std::uint16_t fn_ffd_version = 1190;       // byte
inline constexpr std::uint16_t gambling = 1193;             // byte flag
inline constexpr std::uint16_t shift_totals = 1194;         // STLV
inline constexpr std::uint16_t item_unit = 1197;            // string <= 16
inline constexpr std::uint16_t vat_rate = 1199;             // byte
inline constexpr std::uint16_t item_vat_sum = 1200;         // VLN money
inline constexpr std::uint16_t cashier_inn = 1203;          // string, fixed 12
inline constexpr std::uint16_t kkt_change_reasons = 1205;   // UInt32 bit mask
inline constexpr std::uint16_t excise = 1207;               // byte flag
inline constexpr std::uint16_t additional_receipt_requisite = 1192;  // string <= 16
inline constexpr std::uint16_t receipt_site = 1208;         // string <= 256
inline constexpr std::uint16_t ffd_version = 1209;          // byte (2 = 1.05, 3 = 1.1, 4 = 1.2)
inline constexpr std::uint16_t payment_object = 1212;       // byte
inline constexpr std::uint16_t fn_key_days_left = 1213;     // UInt16
inline constexpr std::uint16_t payment_method = 1214;       // byte
inline constexpr std::uint16_t prepayment_sum = 1215;       // VLN money
inline constexpr std::uint16_t postpayment_sum = 1216;      // VLN money
inline constexpr std::uint16_t counter_provision_sum = 1217;  // VLN money
inline constexpr std::uint16_t item_agent_flags = 1222;     // byte bit mask
inline constexpr std::uint16_t agent_data = 1223;           // STLV
inline constexpr std::uint16_t supplier_data = 1224;        // STLV
inline constexpr std::uint16_t supplier_name = 1225;        // string <= 256
inline constexpr std::uint16_t supplier_inn = 1226;         // string, fixed 12
inline constexpr std::uint16_t buyer_name = 1227;           // string <= 256
inline constexpr std::uint16_t buyer_inn = 1228;            // string, fixed 12
inline constexpr std::uint16_t supplier_phone = 1171;       // string <= 19
inline constexpr std::uint16_t agent_operation = 1044;      // string <= 24
inline constexpr std::uint16_t payment_agent_phone = 1073;  // string <= 19
inline constexpr std::uint16_t payment_operator_phone = 1074;  // string <= 19
inline constexpr std::uint16_t transfer_operator_phone = 1075; // string <= 19
inline constexpr std::uint16_t transfer_operator_name = 1026;  // string <= 64
inline constexpr std::uint16_t transfer_operator_address = 1005;  // string <= 256
inline constexpr std::uint16_t transfer_operator_inn = 1016;   // string, fixed 12
inline constexpr std::uint16_t fn_totals = 1157;            // STLV
inline constexpr std::uint16_t unsent_totals = 1158;        // STLV
inline constexpr std::uint16_t income_counters = 1129;      // STLV
inline constexpr std::uint16_t income_return_counters = 1130;  // STLV
inline constexpr std::uint16_t charge_counters = 1131;      // STLV
inline constexpr std::uint16_t charge_return_counters = 1132;  // STLV
inline constexpr std::uint16_t correction_counters = 1133;  // STLV
inline constexpr std::uint16_t income_correction_counters = 1145;  // STLV
inline constexpr std::uint16_t charge_correction_counters = 1146;  // STLV
}  // namespace tag

/// True for the tags whose value is a run of nested TLVs: the document form codes and
/// the STLV tags of FFD 1.05/1.1 (items, agent and supplier data, counters, ...).
constexpr bool is_structure_tag(std::uint16_t t) {
  switch (t) {
    case 1: case 11: case 2: case 21: case 3: case 31: case 4: case 41: case 5: case 6: case 7:
    case tag::item:
    case tag::operator_message:
    case tag::user_property:
    case tag::income_counters:
    case tag::income_return_counters:
    case tag::charge_counters:
    case tag::charge_return_counters:
    case tag::correction_counters:
    case tag::income_correction_counters:
    case tag::charge_correction_counters:
    case tag::fn_totals:
    case tag::unsent_totals:
    case tag::correction_basis:
    case tag::shift_totals:
    case tag::agent_data:
    case tag::supplier_data:
      return true;
    default:
      return false;
  }
}

}  // namespace ws::ffd
