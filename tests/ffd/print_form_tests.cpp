#include <catch2/catch.hpp>

#include <algorithm>

#include "protocol/ffd/print_form.hpp"
#include "protocol/ffd/receipt_calculation.hpp"
#include "protocol/ffd/receipt_document.hpp"
#include "protocol/ffd/tags.hpp"

using namespace ws;
using namespace ws::ffd;

namespace {

constexpr std::uint32_t jan5_1030 = 1767609000;  // 2026-01-05 10:30:00

receipt_document sample_receipt() {
  receipt_content content;
  content.firm_inn = "7720000014";
  content.type = receipt_type::income;
  content.taxation = taxation_system::usn_income;
  content.client_email_or_phone = "+79161234567";
  content.firm_reply_email = "shop@example.com";
  receipt_row tea;
  tea.text = "Чай зелёный";
  tea.price = money{12345};
  tea.qty = quantity{2'000'000};
  tea.tax = vat_rate::nds_20;
  receipt_row bag;
  bag.text = "Пакет";
  bag.price = money{500};
  bag.qty = quantity{1'000'000};
  bag.tax = vat_rate::nds_none;
  content.rows = {tea, bag};
  content.payments = {payment{payment_type::card, money{25190}}};
  receipt_document doc = receipt_document_from(content, calculate_receipt(content));
  doc.header.fd_number = 17;
  doc.header.fn_number = "9999078900001234";
  doc.header.fiscal_sign = 2881561289;
  doc.header.date_time = jan5_1030;
  doc.header.kkt_reg_number = "0000000001012345";
  doc.header.user_inn = "7720000014";
  doc.user_name = "ООО \"Ромашка\"";
  doc.settlement_address = "г. Москва, ул. Льва Толстого, 16";
  doc.shift_number = 3;
  doc.receipt_in_shift = 9;
  doc.cashier = "Иванова";
  doc.fns_site = "www.nalog.gov.ru";
  return doc;
}

std::size_t index_of(const std::vector<std::string>& lines, const std::string& line) {
  const auto it = std::find(lines.begin(), lines.end(), line);
  INFO("no line \"" << line << "\"");
  REQUIRE(it != lines.end());
  return static_cast<std::size_t>(it - lines.begin());
}

/// Every leaf of `node` (a document or one of its structures).
void leaves(const tlv& node, std::vector<const tlv*>& out) {
  for (const auto& child : node.children()) {
    if (child.is_structure())
      leaves(child, out);
    else
      out.push_back(&child);
  }
}

}  // namespace

TEST_CASE("a receipt's print form reads as a paper receipt in Russian", "[ffd][print_form]") {
  const auto lines = print_form(build_document(sample_receipt()));
  CHECK(lines.front() == "КАССОВЫЙ ЧЕК");
  const auto seller = index_of(lines, "ООО \"Ромашка\"");
  const auto sign = index_of(lines, "ПРИХОД");
  const auto tea = index_of(lines, "   Чай зелёный");
  const auto total = index_of(lines, "ИТОГ: 251.90");
  const auto fiscal_sign = index_of(lines, "ФП: 2881561289");
  CHECK(seller < sign);
  CHECK(sign < tea);
  CHECK(tea < total);
  CHECK(total < fiscal_sign);
  index_of(lines, "   КОЛ.: 2");
  index_of(lines, "   ЦЕНА: 123.45");
  index_of(lines, "   СТОИМОСТЬ: 246.90");
  index_of(lines, "   НДС 20%");
  index_of(lines, "   СУММА НДС: 41.15");
  index_of(lines, "   ПОЛНЫЙ РАСЧЕТ");
  index_of(lines, "   ТОВАР");
  index_of(lines, "   БЕЗ НДС");
  index_of(lines, "ЭЛЕКТРОННЫМИ: 251.90");
  index_of(lines, "СУММА НДС 20%: 41.15");
  index_of(lines, "СУММА БЕЗ НДС: 5.00");
  index_of(lines, "СНО: УСН ДОХОД");
  index_of(lines, "ТЕЛ./ЭЛ. АДР. ПОКУПАТЕЛЯ: +79161234567");
  index_of(lines, "КАССИР: Иванова");
  index_of(lines, "СМЕНА: 3");
  index_of(lines, "ЧЕК: 9");
  index_of(lines, "ФН: 9999078900001234");
  index_of(lines, "ФД: 17");
  index_of(lines, "РН ККТ: 0000000001012345");
  index_of(lines, "05.01.2026 10:30");
  index_of(lines, "САЙТ ФНС: www.nalog.gov.ru");
}

TEST_CASE("a print form shows every requisite of the document", "[ffd][print_form]") {
  tlv document = build_document(sample_receipt());
  document.add(tlv::string(4321, "неизвестный"));  // a tag the table does not know
  const auto lines = print_form(document);
  std::vector<const tlv*> all;
  leaves(document, all);
  std::size_t printed_lines = 0;
  for (const auto& line : lines)
    if (line.find_first_not_of(' ') != std::string::npos) ++printed_lines;
  // One line per leaf, plus the title and one per item: nothing left out, nothing twice.
  CHECK(printed_lines == all.size() + 1 + document.find_all(tag::item).size());
  CHECK(std::find(lines.begin(), lines.end(), "ТЕГ 4321: ADA5A8A7A2A5E1E2ADEBA9") != lines.end());
}
