#include "protocol/ffd/receipt.hpp"

#include <stdexcept>

#include "protocol/ffd/tags.hpp"

namespace ws::ffd {

namespace {

template <class E>
struct named {
  E value;
  std::string_view name;
};

template <class E, std::size_t N>
std::string_view name_of(const named<E> (&table)[N], E value) {
  for (const auto& row : table)
    if (row.value == value) return row.name;
  throw std::invalid_argument("value without a name");
}

template <class E, std::size_t N>
std::optional<E> value_of(const named<E> (&table)[N], std::string_view name) {
  for (const auto& row : table)
    if (row.name == name) return row.value;
  return std::nullopt;
}

constexpr named<receipt_type> receipt_types[] = {
    {receipt_type::income, "income"},
    {receipt_type::return_income, "return_income"},
    {receipt_type::charge, "charge"},
    {receipt_type::return_charge, "return_charge"},
};

constexpr named<taxation_system> taxation_systems[] = {
    {taxation_system::osn, "OSN"},
    {taxation_system::usn_income, "USN_income"},
    {taxation_system::usn_income_minus_charge, "USN_income_minus_charge"},
    {taxation_system::esn_calc_income, "ESN_calc_income"},
    {taxation_system::esn_agriculture, "ESN_agriculture"},
    {taxation_system::patent, "patent"},
};

constexpr named<agent_type> agent_types[] = {
    {agent_type::none_agent, "none_agent"},
    {agent_type::payment_bank_agent, "payment_bank_agent"},
    {agent_type::payment_bank_subagent, "payment_bank_subagent"},
    {agent_type::payment_agent, "payment_agent"},
    {agent_type::payment_subagent, "payment_subagent"},
    {agent_type::confidant_agent, "confidant_agent"},
    {agent_type::commission_agent, "commission_agent"},
    {agent_type::agent, "agent"},
};

constexpr named<payment_method> payment_methods[] = {
    {payment_method::prepayment, "prepayment"},
    {payment_method::full_prepayment_wo_delivery, "full_prepayment_wo_delivery"},
    {payment_method::ip_payment, "ip_payment"},
    {payment_method::partial_prepayment_wo_delivery, "partial_prepayment_wo_delivery"},
    {payment_method::full_payment_w_delivery, "full_payment_w_delivery"},
    {payment_method::partial_payment_w_delivery, "partial_payment_w_delivery"},
    {payment_method::credit_w_delivery, "credit_w_delivery"},
    {payment_method::credit_after_delivery, "credit_after_delivery"},
};

constexpr named<payment_type> payment_types[] = {
    {payment_type::cash, "cash"},
    {payment_type::card, "card"},
    {payment_type::emoney, "emoney"},
    {payment_type::emoney_other, "emoney_other"},
    {payment_type::prepayment, "prepayment"},
    {payment_type::credit, "credit"},
    {payment_type::extension, "extension"},
};

}  // namespace

std::string_view to_string(receipt_type v) { return name_of(receipt_types, v); }
std::string_view to_string(taxation_system v) { return name_of(taxation_systems, v); }
std::string_view to_string(agent_type v) { return name_of(agent_types, v); }
std::string_view to_string(payment_method v) { return name_of(payment_methods, v); }
std::string_view to_string(payment_type v) { return name_of(payment_types, v); }

std::optional<receipt_type> parse_receipt_type(std::string_view n) { return value_of(receipt_types, n); }
std::optional<taxation_system> parse_taxation_system(std::string_view n) { return value_of(taxation_systems, n); }
std::optional<agent_type> parse_agent_type(std::string_view n) { return value_of(agent_types, n); }
std::optional<payment_method> parse_payment_method(std::string_view n) { return value_of(payment_methods, n); }

std::optional<payment_type> parse_request_payment_type(std::string_view name) {
  const auto type = value_of(payment_types, name);
  if (!type) return std::nullopt;
  switch (*type) {
    case payment_type::card:
    case payment_type::prepayment:
    case payment_type::credit:
    case payment_type::extension:
      return type;
    default:
      return std::nullopt;
  }
}

std::uint8_t ffd_code(payment_method v) {
  switch (v) {
    case payment_method::full_prepayment_wo_delivery: return 1;
    case payment_method::prepayment: return 2;
    case payment_method::partial_prepayment_wo_delivery: return 2;
    case payment_method::ip_payment: return 3;
    case payment_method::full_payment_w_delivery: return 4;
    case payment_method::partial_payment_w_delivery: return 5;
    case payment_method::credit_w_delivery: return 6;
    case payment_method::credit_after_delivery: return 7;
  }
  throw std::invalid_argument("unknown payment_method");
}

std::optional<payment_method> payment_method_from_ffd_code(std::uint8_t code) {
  switch (code) {
    case 1: return payment_method::full_prepayment_wo_delivery;
    case 2: return payment_method::partial_prepayment_wo_delivery;
    case 3: return payment_method::ip_payment;
    case 4: return payment_method::full_payment_w_delivery;
    case 5: return payment_method::partial_payment_w_delivery;
    case 6: return payment_method::credit_w_delivery;
    case 7: return payment_method::credit_after_delivery;
    default: return std::nullopt;
  }
}

std::uint16_t payment_sum_tag(payment_type v) {
  switch (v) {
    case payment_type::cash: return tag::cash_sum;
    case payment_type::card:
    case payment_type::emoney:
    case payment_type::emoney_other: return tag::electronic_sum;
    case payment_type::prepayment: return tag::prepayment_sum;
    case payment_type::credit: return tag::postpayment_sum;
    case payment_type::extension: return tag::counter_provision_sum;
  }
  throw std::invalid_argument("unknown payment_type");
}

int shtrih_payment_index(payment_type v) {
  switch (v) {
    case payment_type::cash: return 1;
    case payment_type::card: return 2;
    case payment_type::emoney: return 3;
    case payment_type::emoney_other: return 4;
    case payment_type::prepayment: return 14;
    case payment_type::credit: return 15;
    case payment_type::extension: return 16;
  }
  throw std::invalid_argument("unknown payment_type");
}

bool is_money_received(payment_type v) {
  switch (v) {
    case payment_type::cash:
    case payment_type::card:
    case payment_type::emoney:
    case payment_type::emoney_other: return true;
    default: return false;
  }
}

}  // namespace ws::ffd
