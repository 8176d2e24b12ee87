#pragma once
// The receipt (form 3) and the correction receipt (form 31) as the FN stores them (FFD
// 1.05 tables 19, 20, 30, 31), and the receipt built from a calculated API receipt.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "protocol/ffd/decimal.hpp"
#include "protocol/ffd/document_header.hpp"
#include "protocol/ffd/receipt.hpp"
#include "protocol/ffd/receipt_calculation.hpp"
#include "protocol/ffd/tlv.hpp"
#include "protocol/ffd/vat.hpp"

namespace ws::ffd {

/// One 1059 item.
struct receipt_item {
  std::string name;          ///< 1030
  money price;               ///< 1079
  quantity qty;              ///< 1023
  vat_rate rate = vat_rate::nds_none;  ///< 1199
  money vat;                 ///< 1200
  money amount;              ///< 1043
  payment_method method = payment_method::full_payment_w_delivery;  ///< 1214
  payment_object object = payment_object::commodity;                ///< 1212
  std::string unit;          ///< 1197, left out when empty
  agent_type agent = agent_type::none_agent;  ///< 1222, left out for none_agent
  std::optional<supplier_info> supplier;      ///< 1224 {1171, 1225} and 1226
};

/// The five payment sums a receipt always carries (1031, 1081, 1215, 1216, 1217).
struct payment_sums {
  money cash;               ///< 1031
  money electronic;         ///< 1081
  money prepayment;         ///< 1215
  money credit;             ///< 1216
  money counter_provision;  ///< 1217
};

/// The receipt's VAT lines (1102-1107); a line is present when the receipt has the rate.
struct vat_sums {
  std::optional<money> vat_20;         ///< 1102 (20%, and 18% / 22%)
  std::optional<money> vat_10;         ///< 1103
  std::optional<money> amount_vat_0;   ///< 1104: amount settled at 0%
  std::optional<money> amount_no_vat;  ///< 1105: amount settled without VAT
  std::optional<money> vat_20_120;     ///< 1106 (20/120, and 18/118 / 22/122)
  std::optional<money> vat_10_110;     ///< 1107
};

struct receipt_document {
  document_header header;
  std::uint32_t shift_number = 0;      ///< 1038
  std::uint32_t receipt_in_shift = 0;  ///< 1042
  receipt_type type = receipt_type::income;               ///< 1054
  taxation_system taxation = taxation_system::osn;        ///< 1055
  std::string user_name;            ///< 1048
  std::string settlement_address;   ///< 1009
  std::string settlement_place;     ///< 1187
  std::string cashier;              ///< 1021
  std::string cashier_inn;          ///< 1203
  std::string buyer_contact;        ///< 1008
  std::string buyer_inn;            ///< 1228, left out when empty
  std::string sender_email;         ///< 1117
  std::string fns_site;             ///< 1060
  agent_type agent = agent_type::none_agent;  ///< 1057, left out for none_agent
  std::string supplier_phone;       ///< 1171 (receipt level)
  std::string additional_requisite; ///< 1192
  std::optional<user_requisite> user_property;  ///< 1084 {1085, 1086}
  std::vector<receipt_item> items;  ///< 1059 each
  money total;                      ///< 1020
  payment_sums payments;
  vat_sums vat;
};

struct correction_receipt_document {
  document_header header;
  std::uint32_t shift_number = 0;      ///< 1038
  std::uint32_t receipt_in_shift = 0;  ///< 1042
  receipt_type type = receipt_type::income;  ///< 1054: income or charge only
  taxation_system taxation = taxation_system::osn;  ///< 1055
  std::string cashier;                 ///< 1021
  std::string cashier_inn;             ///< 1203
  std::uint8_t correction_type = 0;    ///< 1173: 0 on its own, 1 by order
  std::string basis_name;              ///< 1174.1177
  std::uint32_t basis_date = 0;        ///< 1174.1178 (UnixTime at 00:00:00)
  std::string basis_number;            ///< 1174.1179
  money total;                         ///< 1020
  payment_sums payments;
  vat_sums vat;
};

/// The receipt for a calculated API receipt: items, type, taxation, agent, contacts,
/// requisites, total, payment sums and VAT lines. The caller fills the header, the shift
/// and receipt numbers, the user's name and address, the place (an internet shop's
/// site, e.g. receipt_content.firm_url) and the cashier.
receipt_document receipt_document_from(const receipt_content& content, const calculated_receipt& calculated);

/// The VAT lines of a receipt from its per-rate totals (rates sharing a tag add up; the
/// 5% and 7% rates have no line).
vat_sums vat_sums_from(const std::vector<vat_total>& totals);
/// The payment sums from per-type totals.
payment_sums payment_sums_from(const std::vector<payment_total>& totals);

tlv build_document(const receipt_document& receipt);
tlv build_document(const correction_receipt_document& receipt);

receipt_document parse_receipt_document(const tlv& document);
correction_receipt_document parse_correction_receipt_document(const tlv& document);

}  // namespace ws::ffd
