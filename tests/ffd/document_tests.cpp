#include <catch2/catch.hpp>

#include "protocol/ffd/civil_time.hpp"
#include "protocol/ffd/correction.hpp"
#include "protocol/ffd/field_error.hpp"
#include "protocol/ffd/fiscal_document.hpp"
#include "protocol/ffd/qr_code.hpp"
#include "protocol/ffd/receipt_calculation.hpp"

using namespace ws;
using namespace ws::ffd;

namespace {

constexpr std::uint32_t jan5_1030 = 1767609000;  // 2026-01-05 10:30:00

document_header header(std::uint32_t fd) {
  document_header h;
  h.fd_number = fd;
  h.fn_number = "9999078900001234";
  h.fiscal_sign = 2881561289;
  h.date_time = jan5_1030;
  h.kkt_reg_number = "0000000001012345";
  h.user_inn = "7701234567";
  h.ffd_version = 2;
  return h;
}

/// Encodes, decodes and reads back: what the FN archive would return.
fiscal_document through_bytes(const fiscal_document& d) { return parse_document(encode(build_document(d))); }

}  // namespace

TEST_CASE("Fiscal sign is six bytes with the printed number big-endian at 2..5", "[ffd][document]") {
  // 2881561289 = 0xABC122C9 ; 1077 = 0x0435 -> 35 04 06 00 | 00 00 AB C1 22 C9
  const tlv sign = fiscal_sign_tlv(2881561289);
  CHECK(encode(sign) == bytes{0x35, 0x04, 0x06, 0x00, 0x00, 0x00, 0xAB, 0xC1, 0x22, 0xC9});
  CHECK(read_fiscal_sign(sign) == 2881561289u);
  CHECK_THROWS_AS(read_fiscal_sign(tlv::raw(1077, {1, 2, 3, 4})), format_error);
}

TEST_CASE("Document header tags and paddings", "[ffd][document]") {
  tlv doc = tlv::structure(static_cast<tag_t>(form_code::shift_open));
  add_header(doc, header(5));
  // INN 1018 is padded to 12, reg number 1037 to 20, FN number 1041 is 16
  CHECK(doc.at(1018).value().size() == 12);
  CHECK(doc.at(1018).value().back() == ' ');
  CHECK(doc.at(1037).value().size() == 20);
  CHECK(doc.at(1041).value().size() == 16);
  CHECK(doc.at(1040).value() == bytes{5, 0, 0, 0});
  CHECK(doc.at(1209).value() == bytes{2});
  CHECK(read_header(doc) == header(5));
}

TEST_CASE("Registration and re-registration reports round-trip", "[ffd][document]") {
  registration_report r;
  r.header = header(1);
  r.user_name = "ООО \"Ромашка\" №1";
  r.settlement_address = "г. Москва, ул. Льва Толстого, 16";
  r.settlement_place = "shop.example.com";
  r.taxation_systems = 0x01 | 0x02;
  r.agent_flags = 0x40;
  r.encryption = true;
  r.internet_only = true;
  r.services = true;
  r.kkt_serial = "0000000000000001";
  r.ofd_inn = "7704358518";
  r.ofd_name = "ОФД";
  r.fns_site = "www.nalog.gov.ru";
  r.sender_email = "noreply@example.com";
  r.kkt_version = "1.0";
  r.fn_key_days_left = 400;
  const tlv doc = build_document(r);
  CHECK(doc.tag() == 1);
  CHECK(doc.at(1062).value() == bytes{0x03});
  CHECK(doc.at(1057).value() == bytes{0x40});
  CHECK(doc.at(1002).value() == bytes{0});
  CHECK(doc.at(1056).value() == bytes{1});
  CHECK(doc.at(1017).as_string() == "7704358518  ");
  CHECK(doc.find(1207) == nullptr);  // unset optional flags are left out
  CHECK(doc.find(1101) == nullptr);
  const auto back = std::get<registration_report>(through_bytes(r));
  CHECK(back.header == r.header);
  CHECK(back.user_name == r.user_name);
  CHECK(back.settlement_address == r.settlement_address);
  CHECK(back.taxation_systems == 0x03);
  CHECK(back.agent_flags == 0x40);
  CHECK(back.encryption);
  CHECK_FALSE(back.offline_mode);
  CHECK(back.internet_only);
  CHECK(back.services);
  CHECK_FALSE(back.excise);
  CHECK(back.ofd_inn == "7704358518");
  CHECK(back.fn_key_days_left == std::optional<std::uint16_t>{400});
  CHECK_FALSE(back.is_re_registration);

  r.is_re_registration = true;
  r.re_registration_reason = 2;
  r.change_reasons = 0x02;
  const tlv re = build_document(r);
  CHECK(re.tag() == 11);
  CHECK(re.at(1205).value() == bytes{0x02, 0, 0, 0});
  const auto re_back = std::get<registration_report>(through_bytes(r));
  CHECK(re_back.is_re_registration);
  CHECK(re_back.re_registration_reason == std::optional<std::uint8_t>{2});
  CHECK(re_back.change_reasons == 0x02u);
  CHECK(form_of(fiscal_document{r}) == form_code::re_registration);
}

TEST_CASE("Shift reports round-trip", "[ffd][document]") {
  shift_open_report open;
  open.header = header(2);
  open.shift_number = 1;
  open.cashier = "Иванов И.И.";
  open.kkt_version = "1.0";
  open.warnings.ofd_timeout = true;
  const tlv open_doc = build_document(open);
  CHECK(open_doc.tag() == 2);
  CHECK(open_doc.at(1053).value() == bytes{1});
  CHECK(open_doc.find(1050) == nullptr);
  const auto open_back = std::get<shift_open_report>(through_bytes(open));
  CHECK(open_back.header == open.header);
  CHECK(open_back.shift_number == 1u);
  CHECK(open_back.cashier == "Иванов И.И.");
  CHECK(open_back.warnings == open.warnings);

  shift_close_report close;
  close.header = header(9);
  close.shift_number = 1;
  close.receipts_in_shift = 6;
  close.documents_in_shift = 8;
  close.unsent_count = 3;
  close.first_unsent_date = 1767571200;  // 2026-01-05 00:00
  close.fn_key_days_left = 12;
  close.warnings.memory_full = true;
  const tlv close_doc = build_document(close);
  CHECK(close_doc.tag() == 5);
  CHECK(close_doc.at(1118).value() == bytes{6, 0, 0, 0});
  CHECK(close_doc.at(1111).value() == bytes{8, 0, 0, 0});
  const auto close_back = std::get<shift_close_report>(through_bytes(close));
  CHECK(close_back.receipts_in_shift == 6u);
  CHECK(close_back.documents_in_shift == 8u);
  CHECK(close_back.unsent_count == 3u);
  CHECK(close_back.first_unsent_date == 1767571200u);
  CHECK(close_back.fn_key_days_left == std::optional<std::uint16_t>{12});
  CHECK(close_back.warnings == close.warnings);

  settlement_report state;
  state.header = header(10);
  state.shift_number = 2;
  state.unsent_count = 2;
  state.first_unsent_number = 8;
  state.first_unsent_date = 1767571200;
  CHECK(build_document(state).tag() == 21);
  const auto state_back = std::get<settlement_report>(through_bytes(state));
  CHECK(state_back.shift_number == std::optional<std::uint32_t>{2});
  CHECK(state_back.first_unsent_number == 8u);
  CHECK(state_back.unsent_count == 2u);
  state.shift_number.reset();
  state.unsent_count = 0;
  const tlv idle = build_document(state);
  CHECK(idle.find(1038) == nullptr);
  CHECK(idle.find(1116) == nullptr);
  CHECK_FALSE(std::get<settlement_report>(through_bytes(state)).shift_number.has_value());
}

TEST_CASE("FN close report round-trips", "[ffd][document]") {
  fn_close_report r;
  r.header = header(100);
  r.user_name = "ООО «Ромашка»";
  r.settlement_address = "Москва";
  r.shift_number = 12;
  CHECK(build_document(r).tag() == 6);
  const auto back = std::get<fn_close_report>(through_bytes(r));
  CHECK(back.header == r.header);
  CHECK(back.settlement_address == "Москва");
  CHECK(back.shift_number == std::optional<std::uint32_t>{12});
}

TEST_CASE("A calculated receipt becomes a form 3 document and back", "[ffd][document]") {
  receipt_content c;
  c.firm_inn = "7701234567";
  c.type = receipt_type::income;
  c.taxation = taxation_system::usn_income;
  c.client_email_or_phone = "buyer@example.com";
  c.firm_reply_email = "shop@example.com";
  c.additional_document_requisite = "A-17";
  c.additional_user_requisite = user_requisite{"заказ", "42"};
  receipt_row tea;
  tea.text = "Чай";
  tea.price = money{4550};
  tea.qty = quantity{2'000'000};
  tea.tax = vat_rate::nds_20;
  tea.unit = "шт";
  receipt_row cheese;
  cheese.text = "Сыр";
  cheese.price = money{35};
  cheese.qty = quantity{500'000};
  cheese.tax = vat_rate::nds_none;
  cheese.method = payment_method::full_prepayment_wo_delivery;
  cheese.object = payment_object::service;
  cheese.agent = agent_type::commission_agent;
  cheese.supplier = supplier_info{"123456789012", "Поставщик", "+74950000000"};
  receipt_row oil;
  oil.text = "Масло";
  oil.price = money{10000};
  oil.qty = quantity{1'000'000};
  oil.tax = vat_rate::nds_22;
  c.rows = {tea, cheese, oil};
  // 91.00 + 0.18 + 100.00 = 191.18
  c.payments = {{payment_type::card, money{15000}}, {payment_type::prepayment, money{4118}}};
  const calculated_receipt calc = calculate_receipt(c);
  REQUIRE(calc.total == money{19118});

  receipt_document d = receipt_document_from(c, calc);
  d.header = header(3);
  d.shift_number = 1;
  d.receipt_in_shift = 1;
  d.user_name = "ООО «Ромашка»";
  d.settlement_address = "Москва";
  d.settlement_place = "shop.example.com";
  d.cashier = "Кассир";

  CHECK(d.payments.electronic == money{15000});
  CHECK(d.payments.prepayment == money{4118});
  CHECK(d.payments.cash == money{0});
  // 20%: 91.00/6 = 15.1667 -> 15.17 ; 22%: 100 x 22/122 = 18.03 ; both on 1102
  REQUIRE(d.vat.vat_20.has_value());
  CHECK(*d.vat.vat_20 == money{1517 + 1803});
  REQUIRE(d.vat.amount_no_vat.has_value());
  CHECK(*d.vat.amount_no_vat == money{18});
  CHECK_FALSE(d.vat.vat_10.has_value());

  const tlv doc = build_document(d);
  CHECK(doc.tag() == 3);
  CHECK(doc.at(1054).value() == bytes{1});
  CHECK(doc.at(1055).value() == bytes{0x02});
  CHECK(doc.at(1020).as_money() == money{19118});
  CHECK(doc.at(1031).value() == bytes{0});
  CHECK(doc.find(1057) == nullptr);
  const auto items = doc.find_all(1059);
  REQUIRE(items.size() == 3);
  // item 1: 1214=4, 1212=1, 1199=1, 1023 = 00 02, 1079 = 4550 = 0x11C6, 1043 = 9100 = 0x238C
  CHECK(items[0]->at(1214).value() == bytes{4});
  CHECK(items[0]->at(1212).value() == bytes{1});
  CHECK(items[0]->at(1199).value() == bytes{1});
  CHECK(items[0]->at(1023).value() == bytes{0x00, 0x02});
  CHECK(items[0]->at(1079).value() == bytes{0xC6, 0x11});
  CHECK(items[0]->at(1043).value() == bytes{0x8C, 0x23});
  CHECK(items[0]->at(1200).as_money() == money{1517});
  CHECK(items[0]->at(1197).as_string() == "шт");
  // item 2: no VAT sum for a row without VAT; agent and supplier data
  CHECK(items[1]->find(1200) == nullptr);
  CHECK(items[1]->at(1199).value() == bytes{6});
  CHECK(items[1]->at(1222).value() == bytes{0x20});
  CHECK(items[1]->at(1226).as_string() == "123456789012");
  CHECK(items[1]->at(1224).at(1225).as_string() == "Поставщик");
  CHECK(items[2]->at(1199).value() == bytes{11});

  const auto back = std::get<receipt_document>(through_bytes(d));
  CHECK(back.header == d.header);
  CHECK(back.type == receipt_type::income);
  CHECK(back.taxation == taxation_system::usn_income);
  CHECK(back.buyer_contact == "buyer@example.com");
  CHECK(back.sender_email == "shop@example.com");
  CHECK(back.additional_requisite == "A-17");
  REQUIRE(back.user_property.has_value());
  CHECK(back.user_property->name == "заказ");
  REQUIRE(back.items.size() == 3);
  CHECK(back.items[0].name == "Чай");
  CHECK(back.items[0].qty == quantity{2'000'000});
  CHECK(back.items[0].vat == money{1517});
  CHECK(back.items[1].qty == quantity{500'000});
  CHECK(back.items[1].amount == money{18});
  CHECK(back.items[1].method == payment_method::full_prepayment_wo_delivery);
  CHECK(back.items[1].object == payment_object::service);
  CHECK(back.items[1].agent == agent_type::commission_agent);
  REQUIRE(back.items[1].supplier.has_value());
  CHECK(back.items[1].supplier->inn == "123456789012");
  CHECK(back.items[1].supplier->phone == "+74950000000");
  CHECK(back.items[2].rate == vat_rate::nds_22);
  CHECK(back.total == money{19118});
  CHECK(back.payments.electronic == money{15000});
  CHECK(back.payments.prepayment == money{4118});
  CHECK(back.vat.vat_20 == d.vat.vat_20);
  CHECK(back.vat.amount_no_vat == d.vat.amount_no_vat);
  CHECK(encode(build_document(back)) == encode(doc));
  CHECK(qr_string(back) == "t=20260105T1030&s=191.18&fn=9999078900001234&i=3&fp=2881561289&n=1");
}

TEST_CASE("Parsing a receipt refuses bad codes", "[ffd][document]") {
  receipt_document d;
  d.header = header(3);
  d.total = money{100};
  tlv doc = build_document(d);
  CHECK_NOTHROW(parse_receipt_document(doc));
  tlv bad = tlv::structure(3);
  for (const auto& child : doc.children())
    bad.add(child.tag() == 1054 ? tlv::u8(1054, 9) : child);
  CHECK_THROWS_AS(parse_receipt_document(bad), format_error);
  CHECK_THROWS_AS(parse_shift_open_report(doc), format_error);  // wrong form
  tlv missing = tlv::structure(3);
  for (const auto& child : doc.children())
    if (child.tag() != 1040) missing.add(child);
  CHECK_THROWS_WITH(parse_receipt_document(missing), Catch::Contains("1040"));
  CHECK_THROWS_AS(parse_document(tlv::structure(4)), format_error);
}

TEST_CASE("A correction from the API becomes a form 31 document", "[ffd][document]") {
  correction_content_text t;
  t.document_type = "charge_correction";
  t.taxation_type = "OSN";
  t.correction_type = "by_order";
  t.reason_name = "Предписание";
  t.reason_number = "12-34";
  t.reason_dt = "2025-12-01";
  t.taxes = {{"16.67", "nds_18and20"}, {"50.00", "nds_none"}};
  t.payments = {{"100.00", "card"}, {"50.00", "credit"}};
  const correction_content c = parse_correction_content(t);
  CHECK(c.type == receipt_type::charge);
  CHECK(c.by_order);
  correction_receipt_document d = correction_document_from(c);
  d.header = header(20);
  d.shift_number = 3;
  d.receipt_in_shift = 4;
  CHECK(d.total == money{15000});
  CHECK(d.basis_date == 1764547200u);  // 2025-12-01 00:00:00
  const tlv doc = build_document(d);
  CHECK(doc.tag() == 31);
  CHECK(doc.at(1054).value() == bytes{3});
  CHECK(doc.at(1173).value() == bytes{1});
  CHECK(doc.at(1174).at(1179).as_string() == "12-34");
  CHECK(doc.at(1102).as_money() == money{1667});
  CHECK(doc.at(1105).as_money() == money{5000});
  CHECK(doc.find(1103) == nullptr);
  const auto back = std::get<correction_receipt_document>(through_bytes(d));
  CHECK(back.header == d.header);
  CHECK(back.type == receipt_type::charge);
  CHECK(back.correction_type == 1);
  CHECK(back.basis_name == "Предписание");
  CHECK(back.basis_date == 1764547200u);
  CHECK(back.total == money{15000});
  CHECK(back.payments.electronic == money{10000});
  CHECK(back.payments.credit == money{5000});
  CHECK(back.vat.vat_20 == std::optional<money>{money{1667}});

  d.type = receipt_type::return_income;
  CHECK_THROWS_AS(build_document(d), format_error);
}

TEST_CASE("Correction faults carry their field path", "[ffd][document]") {
  correction_content_text base;
  base.document_type = "income_correction";
  base.taxation_type = "OSN";
  base.correction_type = "independently";
  base.reason_dt = "2025-12-01";
  base.taxes = {{"1.00", "nds_10"}};
  base.payments = {{"11.00", "card"}};
  REQUIRE_NOTHROW(parse_correction_content(base));
  auto field_of = [](const correction_content_text& t) -> std::string {
    try {
      parse_correction_content(t);
    } catch (const field_error& e) {
      return e.field;
    }
    return "";
  };
  auto t = base;
  t.document_type = "income";
  CHECK(field_of(t) == "correction_receipt_content.document_type");
  t = base;
  t.reason_dt = "2025-02-29";
  CHECK(field_of(t) == "correction_receipt_content.reason.dt");
  t = base;
  t.reason_dt = "01.12.2025";
  CHECK(field_of(t) == "correction_receipt_content.reason.dt");
  t = base;
  t.taxes.clear();
  CHECK(field_of(t) == "correction_receipt_content.taxes");
  t = base;
  t.taxes.push_back({"2.00", "nds_10"});
  CHECK(field_of(t) == "correction_receipt_content.taxes[1].tax_type");
  t = base;
  t.taxes[0].tax_type = "nds_20";
  CHECK(field_of(t) == "correction_receipt_content.taxes[0].tax_type");
  t = base;
  t.payments[0].amount = "0";
  CHECK(field_of(t) == "correction_receipt_content.payments[0].amount");
  t = base;
  t.payments.clear();
  CHECK(field_of(t) == "correction_receipt_content.payments");
  t = base;
  t.correction_type = "self";
  CHECK(field_of(t) == "correction_receipt_content.correction_type");
}

TEST_CASE("QR string is exact", "[ffd][qr]") {
  qr_fields f;
  f.date_time = jan5_1030;
  f.total = money{12345};
  f.fn_number = "9999078900001234";
  f.fd_number = 17;
  f.fiscal_sign = 2881561289;
  f.type = receipt_type::return_income;
  CHECK(qr_string(f) == "t=20260105T1030&s=123.45&fn=9999078900001234&i=17&fp=2881561289&n=2");
  f.date_time = 1735689599;  // 2024-12-31 23:59:59: minutes only, no rounding up
  f.total = money{5};
  f.fd_number = 1;
  f.fiscal_sign = 7;
  f.type = receipt_type::charge;
  CHECK(qr_string(f) == "t=20241231T2359&s=0.05&fn=9999078900001234&i=1&fp=7&n=3");
}

TEST_CASE("Civil time converts both ways", "[ffd][time]") {
  CHECK(to_civil(0) == civil_time{1970, 1, 1, 0, 0, 0});
  CHECK(to_civil(951782400) == civil_time{2000, 2, 29, 0, 0, 0});
  CHECK(to_civil(jan5_1030) == civil_time{2026, 1, 5, 10, 30, 0});
  CHECK(to_civil(4294967295LL) == civil_time{2106, 2, 7, 6, 28, 15});
  CHECK(from_civil(civil_time{2026, 1, 5, 10, 30, 0}) == jan5_1030);
  CHECK(from_civil(civil_time{2000, 2, 29, 0, 0, 0}) == 951782400);
  for (std::int64_t s = 0; s < 4102444800; s += 86400 * 37 + 3671) CHECK(from_civil(to_civil(s)) == s);
  CHECK(is_valid(civil_time{2024, 2, 29, 0, 0, 0}));
  CHECK_FALSE(is_valid(civil_time{2025, 2, 29, 0, 0, 0}));
  CHECK_FALSE(is_valid(civil_time{1900, 3, 1, 0, 0, 0}));
  CHECK_FALSE(is_valid(civil_time{2025, 4, 31, 0, 0, 0}));
  CHECK_FALSE(is_valid(civil_time{2025, 4, 30, 24, 0, 0}));
}

TEST_CASE("API document type names", "[ffd][document]") {
  CHECK(api_document_type(form_code::registration) == "RegistrationReport");
  CHECK(api_document_type(form_code::re_registration) == "ReRegistrationReport");
  CHECK(api_document_type(form_code::shift_open) == "ShiftOpenReport");
  CHECK(api_document_type(form_code::shift_close) == "ShiftCloseReport");
  CHECK(api_document_type(form_code::receipt) == "Receipt");
  CHECK(api_document_type(form_code::correction_receipt) == "CorrectionReceipt");
  CHECK(api_document_type(form_code::fn_close) == "CloseFNReport");
  CHECK(api_document_type(form_code::settlement_report) == "CurrentReport");
}
