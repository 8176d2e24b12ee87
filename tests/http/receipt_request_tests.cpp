#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>

#include "http/error_response.hpp"
#include "http/receipt_request.hpp"
#include "http/request_error.hpp"

using namespace ws;
using namespace ws::http;

namespace {

// Every field of ReceiptRequest / ReceiptContent / ReceiptRow / Payment / SupplierInfo.
const char* const full_body = R"json({
  "receipt_content": {
    "firm_inn": "7707083893",
    "receipt_type": "return_income",
    "taxation_type": "USN_income",
    "agent_type": "payment_agent",
    "client_email_or_phone": "buyer@example.ru",
    "client_inn": "500100732259",
    "supplier_phone": "+79001112233",
    "firm_reply_email": "shop@example.ru",
    "firm_url": "https://shop.example.ru",
    "additional_document_requisite": "doc-7",
    "additional_user_requisite": {"name": "Заказ", "value": "A-17"},
    "rows": [
      {"price": "100.00", "qty": "2", "tax_type": "nds_20", "payment_type_type": "full_payment_w_delivery",
       "text": "Молоко", "unit": "л", "agent_type": "commission_agent",
       "supplier_info": {"inn": "500100732259", "name": "ИП Иванов", "phone": "+79990001122"}},
      {"price": "0.35", "qty": "0.5", "tax_type": "nds_10", "payment_type_type": "full_prepayment_wo_delivery",
       "text": "Гвозди \"сотка\""}
    ],
    "payments": [
      {"amount": "150.00", "payment_type": "card"},
      {"amount": "50.18", "payment_type": "prepayment"}
    ]
  },
  "conditional": {"dialect": "hy", "conditions": [
    {"condition": "accept_device", "expression": "(= device.inn \"7707083893\")"},
    {"condition": "after", "expression": "True"}
  ]},
  "trace": {"id": "abc", "nested": [1, 2.5, {"x": null}], "ok": true}
})json";

/// `text` with the single occurrence of `from` replaced; fails loudly when `from` is not
/// there exactly once, so a test cannot silently test the valid body.
std::string replaced(const std::string& text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  if (at == std::string::npos || text.find(from, at + 1) != std::string::npos) {
    throw std::logic_error("test body does not contain exactly one \"" + from + "\"");
  }
  std::string out = text;
  out.replace(at, from.size(), to);
  return out;
}

request_error receipt_error(const std::string& body) {
  try {
    parse_receipt_request(body);
  } catch (const request_error& e) {
    return e;
  }
  throw std::logic_error("the body was accepted: " + body);
}

request_error correction_error(const std::string& body) {
  try {
    parse_correction_receipt_request(body);
  } catch (const request_error& e) {
    return e;
  }
  throw std::logic_error("the body was accepted: " + body);
}

}  // namespace

TEST_CASE("A full receipt body parses to the exact model", "[http][receipt_request]") {
  const receipt_request r = parse_receipt_request(full_body);
  const ffd::receipt_content& c = r.content;
  CHECK(c.firm_inn == "7707083893");
  CHECK(c.type == ffd::receipt_type::return_income);
  CHECK(c.taxation == ffd::taxation_system::usn_income);
  CHECK(c.agent == ffd::agent_type::payment_agent);
  CHECK(c.client_email_or_phone == "buyer@example.ru");
  CHECK(c.client_inn == "500100732259");
  CHECK(c.supplier_phone == "+79001112233");
  CHECK(c.firm_reply_email == "shop@example.ru");
  CHECK(c.firm_url == "https://shop.example.ru");
  CHECK(c.additional_document_requisite == "doc-7");
  REQUIRE(c.additional_user_requisite);
  CHECK(c.additional_user_requisite->name == "Заказ");
  CHECK(c.additional_user_requisite->value == "A-17");

  REQUIRE(c.rows.size() == 2);
  CHECK(c.rows[0].price.kopecks == 10000);
  CHECK(c.rows[0].qty.millionths == 2000000);
  CHECK(c.rows[0].tax == ffd::vat_rate::nds_20);
  CHECK(c.rows[0].method == ffd::payment_method::full_payment_w_delivery);
  CHECK(c.rows[0].text == "Молоко");
  CHECK(c.rows[0].unit == "л");
  CHECK(c.rows[0].agent == ffd::agent_type::commission_agent);
  REQUIRE(c.rows[0].supplier);
  CHECK(c.rows[0].supplier->inn == "500100732259");
  CHECK(c.rows[0].supplier->name == "ИП Иванов");
  CHECK(c.rows[0].supplier->phone == "+79990001122");
  CHECK(c.rows[1].price.kopecks == 35);
  CHECK(c.rows[1].qty.millionths == 500000);
  CHECK(c.rows[1].tax == ffd::vat_rate::nds_10);
  CHECK(c.rows[1].method == ffd::payment_method::full_prepayment_wo_delivery);
  CHECK(c.rows[1].text == "Гвозди \"сотка\"");
  CHECK(c.rows[1].agent == ffd::agent_type::none_agent);
  CHECK(c.rows[1].unit.empty());
  CHECK_FALSE(c.rows[1].supplier);

  REQUIRE(c.payments.size() == 2);
  CHECK(c.payments[0].type == ffd::payment_type::card);
  CHECK(c.payments[0].amount.kopecks == 15000);
  CHECK(c.payments[1].type == ffd::payment_type::prepayment);
  CHECK(c.payments[1].amount.kopecks == 5018);

  // 100.00 × 2 = 200.00; 0.35 × 0.5 = 0.175 -> 0.18; total 200.18.
  REQUIRE(r.calculated.rows.size() == 2);
  CHECK(r.calculated.rows[1].amount.kopecks == 18);
  CHECK(r.calculated.total.kopecks == 20018);

  REQUIRE(r.conditional);
  CHECK(r.conditional->dialect == "hy");
  REQUIRE(r.conditional->conditions.size() == 2);
  CHECK(r.conditional->conditions[0].stage == condition_stage::accept_device);
  CHECK(r.conditional->conditions[0].expression == R"x((= device.inn "7707083893"))x");
  CHECK(r.conditional->conditions[1].stage == condition_stage::after);
  CHECK(r.conditional->conditions[1].expression == "True");

  REQUIRE(r.trace);
  CHECK(*r.trace == R"({"id":"abc","nested":[1,2.5,{"x":null}],"ok":true})");
}

TEST_CASE("Optional parts of a receipt request may be left out", "[http][receipt_request]") {
  const std::string body = R"({"receipt_content": {"firm_inn": "7707083893", "receipt_type": "income",
    "taxation_type": "OSN", "agent_type": "none_agent", "client_email_or_phone": "",
    "firm_reply_email": "", "firm_url": "",
    "rows": [{"price": "10", "qty": "1", "tax_type": "nds_none", "payment_type_type": "prepayment", "text": "x"}],
    "payments": [{"amount": "10.00", "payment_type": "card"}]}})";
  const receipt_request r = parse_receipt_request(body);
  CHECK_FALSE(r.conditional);
  CHECK_FALSE(r.trace);
  CHECK(r.content.supplier_phone.empty());
  CHECK(r.content.client_inn.empty());
  CHECK_FALSE(r.content.additional_user_requisite);
  CHECK(r.calculated.total.kopecks == 1000);
}

TEST_CASE("Malformed JSON is a DataError without a field", "[http][receipt_request]") {
  for (const std::string& body : {std::string(R"({"receipt_content": {)"), std::string(""),
                                 std::string(R"({"a":1,})"), std::string("{\"a\":\"\xFF\"}")}) {
    const request_error e = receipt_error(body);
    CHECK(e.status == 400);
    CHECK(e.name == "DataError");
    CHECK(e.field.empty());
    CHECK(e.message.rfind("malformed JSON: ", 0) == 0);
  }
  const request_error not_object = receipt_error("[1,2]");
  CHECK(not_object.message == "the body must be a JSON object, got array");
  CHECK(not_object.field.empty());
}

TEST_CASE("Missing required fields are named by path", "[http][receipt_request]") {
  const request_error top = receipt_error(R"({"trace": {}})");
  CHECK(top.field == "receipt_content");
  CHECK(top.message == "receipt_content: required field missing");

  const request_error inn = receipt_error(replaced(full_body, R"("firm_inn": "7707083893",)", ""));
  CHECK(inn.field == "receipt_content.firm_inn");

  const request_error price = receipt_error(replaced(full_body, R"({"price": "0.35", )", "{"));
  CHECK(price.field == "receipt_content.rows[1].price");
  CHECK(price.message == "receipt_content.rows[1].price: required field missing");

  const request_error supplier_inn = receipt_error(replaced(full_body, R"("inn": "500100732259", )", ""));
  CHECK(supplier_inn.field == "receipt_content.rows[0].supplier_info.inn");

  const request_error expression = receipt_error(replaced(full_body, R"(, "expression": "True")", ""));
  CHECK(expression.field == "conditional.conditions[1].expression");
}

TEST_CASE("Unknown fields are refused at every level", "[http][receipt_request]") {
  const request_error top = receipt_error(replaced(full_body, R"("trace": {)", R"("tracer": 1, "trace": {)"));
  CHECK(top.field == "tracer");
  CHECK(top.message == "tracer: unknown field");

  // A misspelt required field is reported as itself, not as the missing one.
  const request_error prise = receipt_error(replaced(full_body, R"({"price": "100.00")", R"({"prise": "100.00")"));
  CHECK(prise.name == "DataError");
  CHECK(prise.field == "receipt_content.rows[0].prise");
  CHECK(prise.message == "receipt_content.rows[0].prise: unknown field");

  // A misspelt optional field must not vanish.
  const request_error optional = receipt_error(replaced(full_body, R"("supplier_phone")", R"("suplier_phone")"));
  CHECK(optional.field == "receipt_content.suplier_phone");

  CHECK(receipt_error(replaced(full_body, R"("phone": "+79990001122")", R"("phone": "1", "email": "")")).field ==
        "receipt_content.rows[0].supplier_info.email");
  CHECK(receipt_error(replaced(full_body, R"("value": "A-17")", R"("value": "A-17", "v": "")")).field ==
        "receipt_content.additional_user_requisite.v");
  CHECK(receipt_error(replaced(full_body, R"("payment_type": "prepayment")", R"("payment_type": "prepayment", "x": 0)"))
            .field == "receipt_content.payments[1].x");
  CHECK(receipt_error(replaced(full_body, R"("dialect": "hy",)", R"("dialect": "hy", "dialekt": "hy",)")).field ==
        "conditional.dialekt");
  CHECK(receipt_error(replaced(full_body, R"("expression": "True")", R"("expression": "True", "when": 1)")).field ==
        "conditional.conditions[1].when");
}

TEST_CASE("Wrong JSON types are refused with the expected type", "[http][receipt_request]") {
  const request_error qty = receipt_error(replaced(full_body, R"("qty": "0.5")", R"("qty": 0.5)"));
  CHECK(qty.field == "receipt_content.rows[1].qty");
  CHECK(qty.message == "receipt_content.rows[1].qty: must be a string, got number");

  const request_error price = receipt_error(replaced(full_body, R"("price": "100.00")", R"("price": 100)"));
  CHECK(price.message == "receipt_content.rows[0].price: must be a string, got integer");

  const request_error null_text = receipt_error(replaced(full_body, R"("text": "Молоко")", R"("text": null)"));
  CHECK(null_text.message == "receipt_content.rows[0].text: must be a string, got null");

  CHECK(receipt_error(R"({"receipt_content": []})").message == "receipt_content: must be an object, got array");

  const request_error rows = receipt_error(R"({"receipt_content": {"firm_inn": "7707083893",
    "receipt_type": "income", "taxation_type": "OSN", "agent_type": "none_agent",
    "client_email_or_phone": "", "firm_reply_email": "", "firm_url": "", "rows": {}, "payments": []}})");
  CHECK(rows.message == "receipt_content.rows: must be an array, got object");
  const request_error payments = receipt_error(replaced(
      full_body, R"({"amount": "50.18", "payment_type": "prepayment"})", R"("50.18")"));
  CHECK(payments.message == "receipt_content.payments[1]: must be an object, got string");

  const request_error trace = receipt_error(replaced(full_body, R"("trace": {"id": "abc", "nested": [1, 2.5, {"x": null}], "ok": true})",
                                                     R"("trace": [1])"));
  CHECK(trace.message == "trace: must be an object, got array");

  const request_error conditions = receipt_error(replaced(full_body, R"("dialect": "hy",)", R"("dialect": true,)"));
  CHECK(conditions.message == "conditional.dialect: must be a string, got boolean");
}

TEST_CASE("Duplicate keys are refused", "[http][receipt_request]") {
  const request_error nested = receipt_error(
      replaced(full_body, R"("firm_inn": "7707083893",)", R"("firm_inn": "7707083893", "firm_inn": "7707083893",)"));
  CHECK(nested.field == "receipt_content.firm_inn");
  CHECK(nested.message == "receipt_content.firm_inn: duplicate key");

  const request_error row = receipt_error(replaced(full_body, R"("qty": "0.5")", R"("qty": "0.5", "qty": "0.5")"));
  CHECK(row.field == "receipt_content.rows[1].qty");

  const request_error top = receipt_error(std::string(full_body).insert(1, R"("trace": {}, )"));
  CHECK(top.field == "trace");
  CHECK(top.message == "trace: duplicate key");
}

TEST_CASE("Bad values come back with the fiscal core's path", "[http][receipt_request]") {
  const request_error tax = receipt_error(replaced(full_body, R"("nds_10")", R"("nds_21")"));
  CHECK(tax.field == "receipt_content.rows[1].tax_type");
  CHECK(tax.message == "receipt_content.rows[1].tax_type: unknown value \"nds_21\"");

  const request_error qty = receipt_error(replaced(full_body, R"("qty": "0.5")", R"("qty": "1e3")"));
  CHECK(qty.status == 400);
  CHECK(qty.field == "receipt_content.rows[1].qty");
  CHECK(qty.message.find("exponent") != std::string::npos);

  const request_error sum = receipt_error(replaced(full_body, R"("50.18")", R"("50.17")"));
  CHECK(sum.name == "DataError");
  CHECK(sum.field == "receipt_content.payments");

  const request_error inn = receipt_error(replaced(full_body, R"("7707083893",
    "receipt_type")", R"("77070838", "receipt_type")"));
  CHECK(inn.message == "receipt_content.firm_inn: must be 10 or 12 digits");

  const request_error buyer_inn = receipt_error(replaced(full_body, R"("500100732259",
    "supplier_phone")", R"("500100732258",
    "supplier_phone")"));
  CHECK(buyer_inn.field == "receipt_content.client_inn");

  const request_error unit = receipt_error(replaced(full_body, R"("unit": "л")", R"("unit": "килограммов брутто")"));
  CHECK(unit.field == "receipt_content.rows[0].unit");

  const request_error stage = receipt_error(replaced(full_body, R"("condition": "after")", R"("condition": "later")"));
  CHECK(stage.field == "conditional.conditions[1].condition");
  CHECK(stage.message == "conditional.conditions[1].condition: unknown value \"later\"");

  const request_error dialect = receipt_error(replaced(full_body, R"("dialect": "hy")", R"("dialect": "python")"));
  CHECK(dialect.field == "conditional.dialect");
}

TEST_CASE("Trace keeps any JSON object as it came", "[http][receipt_request]") {
  const std::string trace = R"({"a":{"b":[true,false,null,-1,1e10,"\u0001\"x"]},"a2":{"a2":1},"Ж":"ё"})";
  const std::string body = replaced(full_body, R"({"id": "abc", "nested": [1, 2.5, {"x": null}], "ok": true})", trace);
  const receipt_request r = parse_receipt_request(body);
  REQUIRE(r.trace);
  CHECK(*r.trace == R"({"a":{"b":[true,false,null,-1,10000000000.0,"\u0001\"x"]},"a2":{"a2":1},"Ж":"ё"})");
}

TEST_CASE("A full correction receipt body parses to the exact model", "[http][correction_request]") {
  const std::string body = R"({"correction_receipt_content": {
    "payments": [{"amount": "100.00", "payment_type": "card"}, {"amount": "20.00", "payment_type": "credit"}],
    "document_type": "charge_correction",
    "taxation_type": "USN_income",
    "taxes": [{"amount": "16.67", "tax_type": "nds_18and20"}, {"amount": "20.00", "tax_type": "nds_none"}],
    "correction_type": "by_order",
    "reason": {"name": "Предписание", "number": "12-3", "dt": "2026-01-05"}}})";
  const correction_receipt_request r = parse_correction_receipt_request(body);
  const ffd::correction_content& c = r.content;
  CHECK(c.type == ffd::receipt_type::charge);
  CHECK(c.taxation == ffd::taxation_system::usn_income);
  CHECK(c.by_order);
  CHECK(c.reason_name == "Предписание");
  CHECK(c.reason_number == "12-3");
  CHECK(c.reason_date == ffd::civil_time{2026, 1, 5, 0, 0, 0});
  REQUIRE(c.taxes.size() == 2);
  CHECK(c.taxes[0].tax == ffd::correction_tax::nds_18and20);
  CHECK(c.taxes[0].amount.kopecks == 1667);
  CHECK(c.taxes[1].tax == ffd::correction_tax::nds_none);
  CHECK(c.taxes[1].amount.kopecks == 2000);
  REQUIRE(c.payments.size() == 2);
  CHECK(c.payments[0].type == ffd::payment_type::card);
  CHECK(c.payments[0].amount.kopecks == 10000);
  CHECK(c.payments[1].type == ffd::payment_type::credit);

  CHECK(correction_error(replaced(body, R"("dt": "2026-01-05")", R"("dt": "2026-02-30")")).field ==
        "correction_receipt_content.reason.dt");
  CHECK(correction_error(replaced(body, R"("number": "12-3", )", R"("numbr": "12-3", )")).field ==
        "correction_receipt_content.reason.numbr");
  CHECK(correction_error(replaced(body, R"("tax_type": "nds_none")", R"("tax_type": "nds_20")")).field ==
        "correction_receipt_content.taxes[1].tax_type");
  CHECK(correction_error(replaced(body, R"("correction_type": "by_order",)", "")).field ==
        "correction_receipt_content.correction_type");
  CHECK(correction_error(std::string(body).insert(1, R"("trace": {}, )")).field == "trace");
}

TEST_CASE("Error bodies have the exact documented shape", "[http][error_response]") {
  CHECK(write_error(data_error("receipt_content.rows[0].prise", "unknown field")) ==
        R"({"error":"DataError","message":"receipt_content.rows[0].prise: unknown field","field":"receipt_content.rows[0].prise"})");
  CHECK(write_error(data_error("", "malformed JSON: x")) == R"({"error":"DataError","message":"malformed JSON: x"})");
  CHECK(write_error(request_error(error_kind::not_found, "no register \"7\"\n")) ==
        R"({"error":"NotFound","message":"no register \"7\"\n"})");
  CHECK(write_error(receipt_error(replaced(full_body, R"("qty": "0.5")", R"("qty": 0.5)"))) ==
        R"({"error":"DataError","message":"receipt_content.rows[1].qty: must be a string, got number","field":"receipt_content.rows[1].qty"})");
}
