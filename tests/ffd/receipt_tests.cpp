#include <catch2/catch.hpp>

#include "protocol/ffd/field_error.hpp"
#include "protocol/ffd/receipt_calculation.hpp"
#include "protocol/ffd/receipt_parse.hpp"
#include "protocol/ffd/tags.hpp"

using namespace ws::ffd;

namespace {

receipt_row_text row_text(std::string price, std::string qty, std::string tax) {
  receipt_row_text r;
  r.price = std::move(price);
  r.qty = std::move(qty);
  r.tax_type = std::move(tax);
  r.payment_type_type = "full_payment_w_delivery";
  r.text = "Товар";
  return r;
}

receipt_content_text content_text() {
  receipt_content_text c;
  c.firm_inn = "7720000014";
  c.receipt_type = "income";
  c.taxation_type = "OSN";
  c.agent_type = "none_agent";
  c.client_email_or_phone = "buyer@example.com";
  c.firm_reply_email = "shop@example.com";
  c.firm_url = "shop.example.com";
  return c;
}

/// Parse then calculate, as the HTTP layer will.
calculated_receipt run(const receipt_content_text& t) { return calculate_receipt(parse_receipt_content(t)); }

/// The field path of the error a receipt raises, or "" when it raises none.
std::string error_field(const receipt_content_text& t) {
  try {
    run(t);
  } catch (const field_error& e) {
    return e.field;
  }
  return "";
}

}  // namespace

TEST_CASE("A receipt's rows total and VAT are calculated", "[ffd][receipt]") {
  auto t = content_text();
  t.rows = {row_text("49.08", "1.97", "nds_20_120"), row_text("2.97", "1", "nds_20_120"),
            row_text("57.08", "1.972", "nds_10"), row_text("2.97", "1.123", "nds_10")};
  t.payments = {{"215.56", "card"}};
  const calculated_receipt r = run(t);
  // amounts: 96.6876 -> 96.69 ; 2.97 ; 112.56176 -> 112.56 ; 3.33531 -> 3.34
  REQUIRE(r.rows.size() == 4);
  CHECK(r.rows[0].amount == money{9669});
  CHECK(r.rows[1].amount == money{297});
  CHECK(r.rows[2].amount == money{11256});
  CHECK(r.rows[3].amount == money{334});
  // per-row VAT: 96.69/6 = 16.115 -> 16.12 ; 2.97/6 = 0.495 -> 0.50 ;
  //              112.56/11 = 10.2327 -> 10.23 ; 3.34/11 = 0.3036 -> 0.30
  CHECK(r.rows[0].vat == money{1612});
  CHECK(r.rows[1].vat == money{50});
  CHECK(r.rows[2].vat == money{1023});
  CHECK(r.rows[3].vat == money{30});
  // total 96.69 + 2.97 + 112.56 + 3.34 = 215.56
  CHECK(r.total == money{21556});
  // per rate from the summed amounts, rounded once:
  //   20/120: 99.66 / 6 = 16.61 (rows' VATs would add to 16.62)
  //   10:    115.90 / 11 = 10.536 -> 10.54 (rows' VATs would add to 10.53)
  REQUIRE(r.vat_totals.size() == 2);
  CHECK(r.vat_totals[0].rate == vat_rate::nds_20_120);
  CHECK(r.vat_totals[0].amount == money{9966});
  CHECK(r.vat_totals[0].vat == money{1661});
  CHECK(r.vat_totals[1].rate == vat_rate::nds_10);
  CHECK(r.vat_totals[1].amount == money{11590});
  CHECK(r.vat_totals[1].vat == money{1054});
  REQUIRE(r.payments.size() == 1);
  CHECK(r.payments[0].type == payment_type::card);
  CHECK(r.payments[0].amount == money{21556});
  CHECK(r.money_received == money{21556});
}

TEST_CASE("Rate VAT differs by a kopeck from the sum of row VATs", "[ffd][receipt]") {
  auto t = content_text();
  // each row 0.03 at 20%: 0.005 -> 0.01 per row, 0.02 summed; on 0.06 once: 0.01
  t.rows = {row_text("0.03", "1", "nds_20"), row_text("0.03", "1", "nds_20")};
  t.payments = {{"0.06", "card"}};
  const auto r = run(t);
  CHECK(r.rows[0].vat == money{1});
  CHECK(r.rows[1].vat == money{1});
  REQUIRE(r.vat_totals.size() == 1);
  CHECK(r.vat_totals[0].vat == money{1});
}

TEST_CASE("Total is the sum of rounded row amounts", "[ffd][receipt]") {
  auto t = content_text();
  // 0.35 x 0.5 = 0.175 -> 0.18 twice: total 0.36 (0.35 x 1 would be 0.35)
  t.rows = {row_text("0.35", "0.5", "nds_none"), row_text("0.35", "0.5", "nds_none")};
  t.payments = {{"0.36", "card"}};
  const auto r = run(t);
  CHECK(r.total == money{36});
  REQUIRE(r.vat_totals.size() == 1);
  CHECK(r.vat_totals[0].rate == vat_rate::nds_none);
  CHECK(r.vat_totals[0].amount == money{36});
  CHECK(r.vat_totals[0].vat == money{0});
}

TEST_CASE("Payments that do not add up name the payments field", "[ffd][receipt]") {
  auto t = content_text();
  t.rows = {row_text("10.00", "2", "nds_20")};
  t.payments = {{"15.00", "card"}, {"4.99", "prepayment"}};
  try {
    run(t);
    FAIL("no error");
  } catch (const field_error& e) {
    CHECK(e.field == "receipt_content.payments");
    CHECK(e.reason == "payments add up to 19.99 but the total is 20.00");
  }
  t.payments[1].amount = "5.00";
  const auto r = run(t);
  REQUIRE(r.payments.size() == 2);
  CHECK(r.payments[1].type == payment_type::prepayment);
  CHECK(r.money_received == money{1500});
}

TEST_CASE("Payments of one type are summed into one total", "[ffd][receipt]") {
  auto t = content_text();
  t.rows = {row_text("10.00", "1", "nds_20")};
  t.payments = {{"3.00", "card"}, {"2.00", "credit"}, {"5.00", "card"}};
  const auto r = run(t);
  REQUIRE(r.payments.size() == 2);
  CHECK(r.payments[0].type == payment_type::card);
  CHECK(r.payments[0].amount == money{800});
  CHECK(r.payments[1].type == payment_type::credit);
  CHECK(r.payments[1].amount == money{200});
  CHECK(r.money_received == money{800});
}

TEST_CASE("Bad values are reported with their field path", "[ffd][receipt]") {
  auto base = content_text();
  base.rows = {row_text("1.00", "1", "nds_20"), row_text("2.00", "1", "nds_20"), row_text("3.00", "1", "nds_20")};
  base.payments = {{"6.00", "card"}};
  REQUIRE(error_field(base).empty());

  auto t = base;
  t.rows[2].price = "1e5";
  CHECK(error_field(t) == "receipt_content.rows[2].price");
  t = base;
  t.rows[1].qty = "-1";
  CHECK(error_field(t) == "receipt_content.rows[1].qty");
  t = base;
  t.rows[1].qty = "0";
  CHECK(error_field(t) == "receipt_content.rows[1].qty");
  t = base;
  t.rows[0].tax_type = "nds_21";
  CHECK(error_field(t) == "receipt_content.rows[0].tax_type");
  t = base;
  t.rows[0].payment_type_type = "cash";
  CHECK(error_field(t) == "receipt_content.rows[0].payment_type_type");
  t = base;
  t.rows[2].text = "";
  CHECK(error_field(t) == "receipt_content.rows[2].text");
  t = base;
  t.rows[2].text = std::string(129, 'x');
  CHECK(error_field(t) == "receipt_content.rows[2].text");
  t = base;
  t.rows[2].text = std::string(128, 'x');
  CHECK(error_field(t).empty());
  t = base;
  t.rows[1].supplier_info = supplier_info{"12345", "", ""};
  CHECK(error_field(t) == "receipt_content.rows[1].supplier_info.inn");
  t = base;
  t.payments[0].payment_type = "cash";  // not in the request enum
  CHECK(error_field(t) == "receipt_content.payments[0].payment_type");
  t = base;
  t.payments[0].amount = "6.001";
  CHECK(error_field(t) == "receipt_content.payments[0].amount");
  t = base;
  t.payments = {{"6.00", "card"}, {"0", "credit"}};
  CHECK(error_field(t) == "receipt_content.payments[1].amount");
  t = base;
  t.firm_inn = "77012345";
  CHECK(error_field(t) == "receipt_content.firm_inn");
  t = base;
  t.receipt_type = "sale";
  CHECK(error_field(t) == "receipt_content.receipt_type");
  t = base;
  t.taxation_type = "osn";
  CHECK(error_field(t) == "receipt_content.taxation_type");
  t = base;
  t.client_email_or_phone = std::string(65, 'a');
  CHECK(error_field(t) == "receipt_content.client_email_or_phone");
  t = base;
  t.additional_document_requisite = std::string(17, 'a');
  CHECK(error_field(t) == "receipt_content.additional_document_requisite");
}

TEST_CASE("Receipts without rows or payments or total are refused", "[ffd][receipt]") {
  auto t = content_text();
  t.payments = {{"1.00", "card"}};
  CHECK(error_field(t) == "receipt_content.rows");
  t.rows = {row_text("1.00", "1", "nds_20")};
  t.payments.clear();
  CHECK(error_field(t) == "receipt_content.payments");
  t.rows = {row_text("0.00", "1", "nds_20")};
  t.payments = {{"0.01", "card"}};
  CHECK(error_field(t) == "receipt_content.rows");
  // 0.01 x 0.4 = 0.004 -> 0.00: a zero total even with a price
  t.rows = {row_text("0.01", "0.4", "nds_20")};
  CHECK(error_field(t) == "receipt_content.rows");
}

TEST_CASE("Payment of a credit must be alone on its receipt", "[ffd][receipt]") {
  auto t = content_text();
  t.rows = {row_text("1.00", "1", "nds_20"), row_text("1.00", "1", "nds_20")};
  t.rows[1].payment_type_type = "credit_after_delivery";
  t.payments = {{"2.00", "card"}};
  CHECK(error_field(t) == "receipt_content.rows[1].payment_type_type");
  t.rows.pop_back();
  t.rows[0].payment_type_type = "credit_after_delivery";
  t.payments = {{"1.00", "card"}};
  CHECK(error_field(t).empty());
}

TEST_CASE("A row amount past the register's limit is refused", "[ffd][receipt]") {
  auto t = content_text();
  t.rows = {row_text("10995116277.75", "2", "nds_20")};
  t.payments = {{"1.00", "card"}};
  CHECK(error_field(t) == "receipt_content.rows[0]");
}

TEST_CASE("Parsed receipts carry every API field", "[ffd][receipt]") {
  auto t = content_text();
  t.receipt_type = "return_charge";
  t.taxation_type = "USN_income_minus_charge";
  t.agent_type = "commission_agent";
  t.supplier_phone = "+79990000000";
  t.additional_document_requisite = "doc-17";
  t.additional_user_requisite = user_requisite{"order", "A-1"};
  t.rows = {row_text("1.50", "2", "nds_5_105")};
  t.rows[0].payment_type_type = "ip_payment";
  t.rows[0].agent_type = "agent";
  t.rows[0].supplier_info = supplier_info{"500100732259", "Поставщик", "+74951234567"};
  t.payments = {{"3.00", "extension"}};
  const receipt_content c = parse_receipt_content(t);
  CHECK(c.type == receipt_type::return_charge);
  CHECK(static_cast<int>(c.type) == 4);
  CHECK(c.taxation == taxation_system::usn_income_minus_charge);
  CHECK(static_cast<int>(c.taxation) == 4);
  CHECK(c.agent == agent_type::commission_agent);
  CHECK(static_cast<int>(c.agent) == 0x20);
  CHECK(c.supplier_phone == "+79990000000");
  CHECK(c.additional_document_requisite == "doc-17");
  REQUIRE(c.additional_user_requisite.has_value());
  CHECK(c.additional_user_requisite->value == "A-1");
  REQUIRE(c.rows.size() == 1);
  CHECK(c.rows[0].price == money{150});
  CHECK(c.rows[0].qty == quantity{2'000'000});
  CHECK(c.rows[0].tax == vat_rate::nds_5_105);
  CHECK(c.rows[0].method == payment_method::ip_payment);
  CHECK(ffd_code(c.rows[0].method) == 3);
  CHECK(c.rows[0].agent == agent_type::agent);
  REQUIRE(c.rows[0].supplier.has_value());
  CHECK(c.rows[0].supplier->name == "Поставщик");
  CHECK(c.payments[0].type == payment_type::extension);
  const auto r = calculate_receipt(c);
  CHECK(r.total == money{300});
  // 3.00 x 5/105 = 0.142857 -> 0.14
  CHECK(r.rows[0].vat == money{14});
  CHECK(r.money_received == money{0});
}

TEST_CASE("Enum names and codes match the API and the FFD", "[ffd][receipt]") {
  for (const char* name : {"income", "return_income", "charge", "return_charge"})
    CHECK(to_string(*parse_receipt_type(name)) == name);
  for (const char* name : {"OSN", "USN_income", "USN_income_minus_charge", "ESN_calc_income", "ESN_agriculture", "patent"})
    CHECK(to_string(*parse_taxation_system(name)) == name);
  CHECK(static_cast<int>(*parse_taxation_system("patent")) == 0x20);
  CHECK(static_cast<int>(*parse_taxation_system("ESN_calc_income")) == 0x08);
  CHECK(static_cast<int>(*parse_agent_type("payment_bank_agent")) == 0x01);
  CHECK(static_cast<int>(*parse_agent_type("agent")) == 0x40);
  CHECK(ffd_code(*parse_payment_method("full_prepayment_wo_delivery")) == 1);
  CHECK(ffd_code(*parse_payment_method("partial_prepayment_wo_delivery")) == 2);
  CHECK(ffd_code(*parse_payment_method("prepayment")) == 2);
  CHECK(ffd_code(*parse_payment_method("ip_payment")) == 3);
  CHECK(ffd_code(*parse_payment_method("full_payment_w_delivery")) == 4);
  CHECK(ffd_code(*parse_payment_method("partial_payment_w_delivery")) == 5);
  CHECK(ffd_code(*parse_payment_method("credit_w_delivery")) == 6);
  CHECK(ffd_code(*parse_payment_method("credit_after_delivery")) == 7);
  CHECK(payment_method_from_ffd_code(4) == payment_method::full_payment_w_delivery);
  CHECK_FALSE(payment_method_from_ffd_code(8).has_value());
  CHECK(payment_sum_tag(payment_type::cash) == tag::cash_sum);
  CHECK(payment_sum_tag(payment_type::card) == 1081);
  CHECK(payment_sum_tag(payment_type::emoney_other) == 1081);
  CHECK(payment_sum_tag(payment_type::prepayment) == 1215);
  CHECK(payment_sum_tag(payment_type::credit) == 1216);
  CHECK(payment_sum_tag(payment_type::extension) == 1217);
  CHECK(shtrih_payment_index(payment_type::cash) == 1);
  CHECK(shtrih_payment_index(payment_type::card) == 2);
  CHECK(shtrih_payment_index(payment_type::prepayment) == 14);
  CHECK(shtrih_payment_index(payment_type::credit) == 15);
  CHECK(shtrih_payment_index(payment_type::extension) == 16);
  CHECK(parse_request_payment_type("card") == payment_type::card);
  CHECK_FALSE(parse_request_payment_type("emoney").has_value());
}
