#include "protocol/ffd/print_form.hpp"

#include <algorithm>
#include <cstdio>

#include "protocol/ffd/decimal.hpp"
#include "protocol/ffd/document_header.hpp"
#include "protocol/ffd/print_names.hpp"
#include "protocol/ffd/receipt.hpp"
#include "protocol/ffd/tags.hpp"
#include "protocol/ffd/vat.hpp"

namespace ws::ffd {

namespace {

enum class shown_as {
  text,
  number,
  money,
  quantity,
  date_time,
  date,
  flag,
  fiscal_sign,
  settlement_sign,
  taxation,
  vat_rate_name,
  payment_method_name,
  payment_object_name,
  agent,
  correction_type,
};

struct requisite {
  tag_t tag;
  const char* heading;  ///< empty: printed without a heading
  shown_as kind;
};

// FFD 1.05 table 4, the print headings ("Заголовок реквизита ФД в ПФ"); where the table
// has none ("–") the value stands alone, as on paper.
constexpr requisite requisites[] = {
    {tag::document_name, "", shown_as::text},
    {tag::automatic_mode, "АВТОМАТ. РЕЖИМ", shown_as::flag},
    {tag::offline_mode, "АВТОНОМН. РЕЖИМ", shown_as::flag},
    {tag::transfer_operator_address, "АДР. ОП. ПЕРЕВОДА", shown_as::text},
    {tag::buyer_contact, "ТЕЛ./ЭЛ. АДР. ПОКУПАТЕЛЯ", shown_as::text},
    {tag::settlement_address, "", shown_as::text},
    {tag::date_time, "", shown_as::date_time},
    {tag::kkt_serial, "ЗН ККТ", shown_as::text},
    {tag::transfer_operator_inn, "ИНН ОП. ПЕРЕВОДА", shown_as::text},
    {tag::ofd_inn, "ИНН ОФД", shown_as::text},
    {tag::user_inn, "ИНН", shown_as::text},
    {tag::total, "ИТОГ", shown_as::money},
    {tag::cashier, "КАССИР", shown_as::text},
    {tag::ofd_response_code, "КОД ОТВЕТА ОФД", shown_as::number},
    {tag::item_quantity, "КОЛ.", shown_as::quantity},
    {tag::transfer_operator_name, "ОПЕРАТОР ПЕРЕВОДА", shown_as::text},
    {tag::item_name, "", shown_as::text},
    {tag::cash_sum, "НАЛИЧНЫМИ", shown_as::money},
    {tag::machine_number, "АВТОМАТ", shown_as::text},
    {tag::kkt_reg_number, "РН ККТ", shown_as::text},
    {tag::shift_number, "СМЕНА", shown_as::number},
    {tag::fd_number, "ФД", shown_as::number},
    {tag::fn_number, "ФН", shown_as::text},
    {tag::receipt_in_shift, "ЧЕК", shown_as::number},
    {tag::item_amount, "СТОИМОСТЬ", shown_as::money},
    {tag::agent_operation, "ОП. АГЕНТА", shown_as::text},
    {tag::ofd_name, "ОФД", shown_as::text},
    {tag::user_name, "", shown_as::text},
    {tag::fn_resource_exhausted, "РЕСУРС ФН МЕНЕЕ 30 ДНЕЙ", shown_as::flag},
    {tag::fn_replace_urgent, "РЕСУРС ФН МЕНЕЕ 3 ДНЕЙ", shown_as::flag},
    {tag::fn_memory_full, "ПАМЯТЬ ФН ЗАПОЛНЕНА", shown_as::flag},
    {tag::ofd_timeout, "ОФД НЕ ОТВЕЧАЕТ", shown_as::flag},
    {tag::settlement_sign, "", shown_as::settlement_sign},
    {tag::taxation_system, "СНО", shown_as::taxation},
    {tag::encryption, "ШФД", shown_as::flag},
    {tag::agent_flags, "", shown_as::agent},
    {tag::fns_site, "САЙТ ФНС", shown_as::text},
    {tag::taxation_systems, "СНО", shown_as::taxation},
    {tag::payment_agent_phone, "ТЛФ. ПЛ. АГЕНТА", shown_as::text},
    {tag::payment_operator_phone, "ТЛФ. ОП. ПР. ПЛАТЕЖА", shown_as::text},
    {tag::transfer_operator_phone, "ТЛФ. ОП. ПЕРЕВОДА", shown_as::text},
    {tag::fiscal_sign, "ФП", shown_as::fiscal_sign},
    {tag::item_price, "ЦЕНА", shown_as::money},
    {tag::electronic_sum, "ЭЛЕКТРОННЫМИ", shown_as::money},
    {tag::user_property, "", shown_as::text},
    {tag::user_property_name, "", shown_as::text},
    {tag::user_property_value, "", shown_as::text},
    {tag::unsent_count, "НЕПЕРЕДАННЫХ ФД", shown_as::number},
    {tag::first_unsent_date, "ФД НЕ ПЕРЕДАНЫ С", shown_as::date},
    {tag::re_registration_reason, "ИЗМ. СВЕД. О ККТ", shown_as::number},
    {tag::vat_20_sum, "СУММА НДС 20%", shown_as::money},
    {tag::vat_10_sum, "СУММА НДС 10%", shown_as::money},
    {tag::vat_0_amount, "СУММА С НДС 0%", shown_as::money},
    {tag::vat_none_amount, "СУММА БЕЗ НДС", shown_as::money},
    {tag::vat_20_120_sum, "СУММА НДС 20/120", shown_as::money},
    {tag::vat_10_110_sum, "СУММА НДС 10/110", shown_as::money},
    {tag::internet_only, "ККТ ДЛЯ ИНТЕРНЕТ", shown_as::flag},
    {tag::services, "ККТ ДЛЯ УСЛУГ", shown_as::flag},
    {tag::bso_mode, "АС БСО", shown_as::flag},
    {tag::fd_count_in_shift, "ФД ЗА СМЕНУ", shown_as::number},
    {tag::first_unsent_number, "ПЕРВЫЙ НЕПЕРЕДАННЫЙ ФД", shown_as::number},
    {tag::sender_email, "ЭЛ. АДР. ОТПРАВИТЕЛЯ", shown_as::text},
    {tag::receipts_in_shift, "ЧЕКОВ ЗА СМЕНУ", shown_as::number},
    {tag::lottery, "ПРОВЕДЕНИЕ ЛОТЕРЕИ", shown_as::flag},
    {tag::supplier_phone, "ТЛФ. ПОСТ.", shown_as::text},
    {tag::correction_type, "ТИП КОРРЕКЦИИ", shown_as::correction_type},
    {tag::correction_basis, "ОСН. ДЛЯ КОРР.", shown_as::text},
    {tag::correction_basis_name, "", shown_as::text},
    {tag::correction_basis_date, "", shown_as::date},
    {tag::correction_basis_number, "№", shown_as::text},
    {tag::settlement_place, "МЕСТО РАСЧЕТОВ", shown_as::text},
    {tag::kkt_version, "ВЕР. ККТ", shown_as::text},
    {tag::kkt_ffd_version, "ФФД ККТ", shown_as::number},
    {tag::fn_ffd_version, "ФФД ФН", shown_as::number},
    {tag::additional_receipt_requisite, "", shown_as::text},
    {tag::gambling, "ПРОВЕДЕНИЕ АЗАРТНОЙ ИГРЫ", shown_as::flag},
    {tag::item_unit, "", shown_as::text},
    {tag::vat_rate, "", shown_as::vat_rate_name},
    {tag::item_vat_sum, "СУММА НДС", shown_as::money},
    {tag::cashier_inn, "ИНН КАССИРА", shown_as::text},
    {tag::kkt_change_reasons, "ИЗМ. СВЕД. О ККТ", shown_as::number},
    {tag::excise, "ПОДАКЦИЗНЫЕ ТОВАРЫ", shown_as::flag},
    {tag::receipt_site, "САЙТ ЧЕКОВ", shown_as::text},
    {tag::ffd_version, "ФФД", shown_as::number},
    {tag::payment_object, "", shown_as::payment_object_name},
    {tag::fn_key_days_left, "РЕСУРС КЛЮЧЕЙ", shown_as::number},
    {tag::payment_method, "", shown_as::payment_method_name},
    {tag::prepayment_sum, "ПРЕДВАРИТЕЛЬНАЯ ОПЛАТА (АВАНС)", shown_as::money},
    {tag::postpayment_sum, "ПОСЛЕДУЮЩАЯ ОПЛАТА (КРЕДИТ)", shown_as::money},
    {tag::counter_provision_sum, "ИНАЯ ФОРМА ОПЛАТЫ", shown_as::money},
    {tag::item_agent_flags, "", shown_as::agent},
    {tag::agent_data, "", shown_as::text},
    {tag::supplier_data, "", shown_as::text},
    {tag::supplier_name, "ПОСТАВЩИК", shown_as::text},
    {tag::supplier_inn, "ИНН ПОСТАВЩИКА", shown_as::text},
    {tag::buyer_name, "ПОКУПАТЕЛЬ", shown_as::text},
    {tag::buyer_inn, "ИНН ПОКУПАТЕЛЯ", shown_as::text},
};

const requisite* find_requisite(tag_t t) {
  for (const auto& r : requisites)
    if (r.tag == t) return &r;
  return nullptr;
}

// The paper order: these first, the items, the totals, every other requisite as kept,
// and the footer last.
constexpr tag_t head_tags[] = {tag::document_name, tag::user_name, tag::settlement_address, tag::settlement_place,
                               tag::settlement_sign, tag::receipt_in_shift, tag::shift_number, tag::cashier,
                               tag::cashier_inn};
constexpr tag_t total_tags[] = {tag::total, tag::cash_sum, tag::electronic_sum, tag::prepayment_sum,
                                tag::postpayment_sum, tag::counter_provision_sum, tag::vat_20_sum, tag::vat_10_sum,
                                tag::vat_0_amount, tag::vat_none_amount, tag::vat_20_120_sum, tag::vat_10_110_sum};
constexpr tag_t footer_tags[] = {tag::taxation_system, tag::buyer_contact, tag::buyer_inn, tag::sender_email, tag::user_inn,
                                 tag::kkt_reg_number, tag::kkt_serial, tag::fn_number, tag::fd_number,
                                 tag::fiscal_sign, tag::date_time, tag::fns_site};
// Inside an item: the name, quantity x price, the cost, VAT, method and object.
constexpr tag_t item_tags[] = {tag::item_name,    tag::item_quantity, tag::item_unit,     tag::item_price,
                               tag::item_amount,  tag::vat_rate,      tag::item_vat_sum,  tag::payment_method,
                               tag::payment_object};

template <std::size_t N>
bool listed(const tag_t (&tags)[N], tag_t t) {
  return std::find(std::begin(tags), std::end(tags), t) != std::end(tags);
}

std::string hex_text(const bytes& value) {
  std::string out;
  char pair[4];
  for (auto b : value) {
    std::snprintf(pair, sizeof pair, "%02X", static_cast<unsigned>(b));
    out += pair;
  }
  return out;
}

std::string value_text(const tlv& node, shown_as kind) {
  switch (kind) {
    case shown_as::text: return node.as_trimmed_string();
    case shown_as::number: return std::to_string(node.as_uint());
    case shown_as::money: return format_money(node.as_money());
    case shown_as::quantity: return format_quantity(node.as_quantity());
    case shown_as::date_time: return printed_date(node.as_uint(), true);
    case shown_as::date: return printed_date(node.as_uint(), false);
    case shown_as::flag: return node.as_uint() != 0 ? "ДА" : "НЕТ";
    case shown_as::fiscal_sign: return std::to_string(read_fiscal_sign(node));
    case shown_as::settlement_sign: return settlement_sign_name(node.as_uint());
    case shown_as::taxation: return taxation_names(node.as_uint());
    case shown_as::vat_rate_name: return vat_rate_name(node.as_uint());
    case shown_as::payment_method_name: return payment_method_name(node.as_uint());
    case shown_as::payment_object_name: return payment_object_name(node.as_uint());
    case shown_as::agent: return agent_names(node.as_uint());
    case shown_as::correction_type: return node.as_uint() == 0 ? "САМОСТОЯТЕЛЬНО" : "ПО ПРЕДПИСАНИЮ";
  }
  return hex_text(node.value());
}

std::string form_title(tag_t form) {
  switch (static_cast<form_code>(form)) {
    case form_code::registration: return "ОТЧЕТ О РЕГИСТРАЦИИ";
    case form_code::re_registration: return "ОТЧЕТ ОБ ИЗМ. ПАРАМЕТРОВ РЕГИСТРАЦИИ";
    case form_code::shift_open: return "ОТЧЕТ ОБ ОТКРЫТИИ СМЕНЫ";
    case form_code::settlement_report: return "ОТЧЕТ О ТЕКУЩЕМ СОСТОЯНИИ РАСЧЕТОВ";
    case form_code::receipt: return "КАССОВЫЙ ЧЕК";
    case form_code::correction_receipt: return "КАССОВЫЙ ЧЕК КОРРЕКЦИИ";
    case form_code::bso: return "БСО";
    case form_code::bso_correction: return "БСО КОРРЕКЦИИ";
    case form_code::shift_close: return "ОТЧЕТ О ЗАКРЫТИИ СМЕНЫ";
    case form_code::fn_close: return "ОТЧЕТ О ЗАКРЫТИИ ФН";
    case form_code::operator_confirmation: return "ПОДТВЕРЖДЕНИЕ ОПЕРАТОРА";
  }
  return "ДОКУМЕНТ " + std::to_string(form);
}

class printer {
 public:
  std::vector<std::string> lines;

  /// One requisite: a heading and its value, a structure as its heading and its children.
  void print(const tlv& node, const std::string& indent) {
    const requisite* known = find_requisite(node.tag());
    if (node.is_structure()) {
      if (known && *known->heading) lines.push_back(indent + known->heading);
      else if (!known) lines.push_back(indent + "ТЕГ " + std::to_string(node.tag()));
      for (const auto& child : node.children()) print(child, indent + "  ");
      return;
    }
    if (!known) {
      lines.push_back(indent + "ТЕГ " + std::to_string(node.tag()) + ": " + hex_text(node.value()));
      return;
    }
    std::string value;
    try {
      value = value_text(node, known->kind);
    } catch (const std::exception&) {
      value = hex_text(node.value());  // a malformed value is still shown, as bytes
    }
    lines.push_back(indent + (*known->heading ? std::string(known->heading) + ": " : std::string()) + value);
  }

  void print_item(const tlv& item, std::size_t number) {
    lines.push_back(std::to_string(number) + ".");
    for (tag_t t : item_tags)
      for (const tlv* child : item.find_all(t)) print(*child, "   ");
    for (const auto& child : item.children())
      if (!listed(item_tags, child.tag())) print(child, "   ");
  }
};

}  // namespace

std::vector<std::string> print_form(const tlv& document) {
  printer out;
  out.lines.push_back(form_title(document.tag()));
  for (tag_t t : head_tags)
    for (const tlv* node : document.find_all(t)) out.print(*node, "");
  std::size_t item_number = 0;
  for (const tlv* item : document.find_all(tag::item)) out.print_item(*item, ++item_number);
  for (tag_t t : total_tags)
    for (const tlv* node : document.find_all(t)) out.print(*node, "");
  for (const auto& node : document.children()) {
    const tag_t t = node.tag();
    if (t != tag::item && !listed(head_tags, t) && !listed(total_tags, t) && !listed(footer_tags, t))
      out.print(node, "");
  }
  for (tag_t t : footer_tags)
    for (const tlv* node : document.find_all(t)) out.print(*node, "");
  return out.lines;
}

}  // namespace ws::ffd
