#pragma once
// The receipt as the API describes it (schemas ReceiptContent, ReceiptRow, Payment,
// SupplierInfo), with every value already typed: enums instead of names, exact decimals
// instead of strings. `receipt_parse.hpp` builds it from the API's strings with
// path-carrying errors; `receipt_calculation.hpp` computes amounts, VAT and totals.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/ffd/decimal.hpp"
#include "protocol/ffd/vat.hpp"

namespace ws::ffd {

/// Receipt type = FFD tag 1054 "признак расчета" (table 25).
enum class receipt_type : std::uint8_t {
  income = 1,
  return_income = 2,
  charge = 3,
  return_charge = 4,
};

/// Taxation system = one bit of FFD tags 1055/1062 (table 9).
enum class taxation_system : std::uint8_t {
  osn = 0x01,
  usn_income = 0x02,
  usn_income_minus_charge = 0x04,
  esn_calc_income = 0x08,  ///< ЕНВД
  esn_agriculture = 0x10,  ///< ЕСХН
  patent = 0x20,
};

/// Agent kind = one bit of FFD tags 1057/1222 (tables 10, 21); none_agent sets no bit
/// and the tag is left out.
enum class agent_type : std::uint8_t {
  none_agent = 0,
  payment_bank_agent = 0x01,
  payment_bank_subagent = 0x02,
  payment_agent = 0x04,
  payment_subagent = 0x08,
  confidant_agent = 0x10,
  commission_agent = 0x20,
  agent = 0x40,
};

/// The API's payment_type_type; each maps to a value of FFD tag 1214 "признак способа
/// расчета" (table 28) through `ffd_code`. The 8 names cover the 7 codes:
/// full_prepayment_wo_delivery 1 (ПРЕДОПЛАТА 100%), partial_prepayment_wo_delivery 2 and
/// prepayment 2 (both print "ПРЕДОПЛАТА"), ip_payment 3 (АВАНС, the one code no other
/// name fits), full_payment_w_delivery 4, partial_payment_w_delivery 5,
/// credit_w_delivery 6, credit_after_delivery 7.
enum class payment_method : std::uint8_t {
  prepayment,
  full_prepayment_wo_delivery,
  ip_payment,
  partial_prepayment_wo_delivery,
  full_payment_w_delivery,
  partial_payment_w_delivery,
  credit_w_delivery,
  credit_after_delivery,
};

/// FFD tag 1212 "признак предмета расчета" (table 29). The API has no field for it;
/// rows carry `commodity` unless the caller sets otherwise.
enum class payment_object : std::uint8_t {
  commodity = 1,
  excise = 2,
  job = 3,
  service = 4,
  gambling_bet = 5,
  gambling_prize = 6,
  lottery = 7,
  lottery_prize = 8,
  intellectual_activity = 9,
  payment = 10,
  agent_commission = 11,
  composite = 12,
  other = 13,
};

/// How a receipt is paid. The API's request takes card, prepayment, credit and
/// extension; its totals name emoney and emoney_other too; cash is what a register has
/// besides (FF45h sum 1, tag 1031).
enum class payment_type : std::uint8_t {
  cash,
  card,
  emoney,
  emoney_other,
  prepayment,
  credit,
  extension,
};

struct supplier_info {
  std::string inn;    ///< 10 or 12 digits (tag 1226)
  std::string name;   ///< tag 1225, may be empty
  std::string phone;  ///< tag 1171, may be empty
};

struct receipt_row {
  std::string text;  ///< item name (tag 1030), UTF-8
  money price;       ///< unit price with VAT (tag 1079)
  quantity qty;      ///< tag 1023
  vat_rate tax = vat_rate::nds_none;
  payment_method method = payment_method::full_payment_w_delivery;
  payment_object object = payment_object::commodity;
  std::string unit;  ///< unit of measure (tag 1197); empty = not printed
  agent_type agent = agent_type::none_agent;
  std::optional<supplier_info> supplier;
};

struct payment {
  payment_type type = payment_type::card;
  money amount;
};

struct user_requisite {
  std::string name;   ///< tag 1085, <= 64
  std::string value;  ///< tag 1086, <= 256
};

struct receipt_content {
  std::string firm_inn;
  receipt_type type = receipt_type::income;
  taxation_system taxation = taxation_system::osn;
  agent_type agent = agent_type::none_agent;
  std::string client_email_or_phone;  ///< tag 1008
  std::string client_inn;             ///< the buyer's INN (tag 1228); empty = none
  std::string supplier_phone;         ///< tag 1171 (receipt level)
  std::string firm_reply_email;       ///< tag 1117
  std::string firm_url;               ///< the place of settlement for an internet shop (tag 1187)
  std::string additional_document_requisite;  ///< tag 1192, <= 16
  std::optional<user_requisite> additional_user_requisite;  ///< tag 1084
  std::vector<receipt_row> rows;
  std::vector<payment> payments;
};

// --- names as the API spells them, and FFD / Shtrih codes ---------------------------

std::string_view to_string(receipt_type v);
std::string_view to_string(taxation_system v);
std::string_view to_string(agent_type v);
std::string_view to_string(payment_method v);
std::string_view to_string(payment_type v);

std::optional<receipt_type> parse_receipt_type(std::string_view name);
std::optional<taxation_system> parse_taxation_system(std::string_view name);
std::optional<agent_type> parse_agent_type(std::string_view name);
std::optional<payment_method> parse_payment_method(std::string_view name);
/// Tag 1214 value for a method (see payment_method).
std::uint8_t ffd_code(payment_method v);
/// A method for a tag 1214 value (code 2 reads back as partial_prepayment_wo_delivery).
std::optional<payment_method> payment_method_from_ffd_code(std::uint8_t code);
/// Accepts only the request's names: card, prepayment, credit, extension.
std::optional<payment_type> parse_request_payment_type(std::string_view name);

/// FFD tag of a payment type's sum: 1031 cash, 1081 card/emoney/emoney_other,
/// 1215 prepayment, 1216 credit, 1217 extension.
std::uint16_t payment_sum_tag(payment_type v);
/// 1-based index among the 16 sums of Shtrih FF45h: cash 1, card 2, emoney 3,
/// emoney_other 4 (2-13 are electronic kinds), prepayment 14, credit 15, extension 16.
int shtrih_payment_index(payment_type v);
/// True for money actually received (cash and electronic), false for prepayment offset,
/// credit and counter-provision.
bool is_money_received(payment_type v);

}  // namespace ws::ffd
