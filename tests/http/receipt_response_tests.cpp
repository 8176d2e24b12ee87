#include <catch2/catch.hpp>

#include <string>

#include <simdjson.h>

#include "http/receipt_request.hpp"
#include "http/fiscal_document_response.hpp"
#include "http/receipt_response.hpp"

using namespace ws;
using namespace ws::http;

namespace {

const char* const body = R"({"receipt_content": {
  "firm_inn": "7707083893", "receipt_type": "return_income", "taxation_type": "OSN",
  "agent_type": "none_agent", "client_email_or_phone": "+79001234567",
  "firm_reply_email": "shop@example.ru", "firm_url": "shop.example.ru",
  "rows": [
    {"price": "100.00", "qty": "2", "tax_type": "nds_20", "payment_type_type": "full_payment_w_delivery",
     "text": "Молоко", "agent_type": "commission_agent", "supplier_info": {"inn": "500100732259", "name": "ИП \"Иванов\""}},
    {"price": "0.35", "qty": "0.5", "tax_type": "nds_10", "payment_type_type": "full_prepayment_wo_delivery", "text": "Гвозди"}
  ],
  "payments": [{"amount": "150.00", "payment_type": "card"}, {"amount": "50.18", "payment_type": "prepayment"}]}})";

receipt_document_fields document() {
  receipt_document_fields d;
  d.fd_number = 17;
  d.fiscal_sign = 2881561289U;
  d.fn_number = "9999078900001234";
  d.date_time = ffd::civil_time{2026, 1, 5, 10, 30, 45};
  d.shift_number = 3;
  d.receipt_number = 5;
  d.kkt_serial = "0000000001002003";
  d.kkt_registration_number = "0000000001012345";
  d.ofd_ticket_received = false;
  return d;
}

std::string string_at(simdjson::dom::element root, std::string_view pointer) {
  std::string_view value;
  REQUIRE(root.at_pointer(pointer).get_string().get(value) == simdjson::SUCCESS);
  return std::string(value);
}

std::uint64_t number_at(simdjson::dom::element root, std::string_view pointer) {
  std::uint64_t value = 0;
  REQUIRE(root.at_pointer(pointer).get_uint64().get(value) == simdjson::SUCCESS);
  return value;
}

}  // namespace

TEST_CASE("The receipt response carries the document fields and the QR string", "[http][receipt_response]") {
  const receipt_request request = parse_receipt_request(body);
  const std::string text = write_receipt_response(request.content, request.calculated, document());
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  REQUIRE(parser.parse(text).get(root) == simdjson::SUCCESS);

  CHECK(number_at(root, "/id") == 17);
  CHECK(number_at(root, "/fp") == 2881561289U);
  CHECK(string_at(root, "/dt") == "2026-01-05T10:30:45");
  CHECK(number_at(root, "/shift_number") == 3);
  CHECK(number_at(root, "/document_index") == 5);
  bool ticket = true;
  REQUIRE(root.at_pointer("/ofd_ticket_received").get_bool().get(ticket) == simdjson::SUCCESS);
  CHECK_FALSE(ticket);
  CHECK(string_at(root, "/fn/sn") == "9999078900001234");
  CHECK(string_at(root, "/kkt/sn") == "0000000001002003");
  CHECK(string_at(root, "/kkt/rn") == "0000000001012345");
  CHECK(string_at(root, "/firm/inn") == "7707083893");

  // 200.00 + 0.18 (0.35 × 0.5 = 0.175 half up); n=2 for return_income; minutes only.
  CHECK(string_at(root, "/receipt_calculated_content/qr") ==
        "t=20260105T1030&s=200.18&fn=9999078900001234&i=17&fp=2881561289&n=2");
  CHECK(string_at(root, "/receipt_calculated_content/total") == "200.18");
  CHECK(string_at(root, "/receipt_calculated_content/money_received_total") == "150.00");
}

TEST_CASE("receipt_calculated_content is written exactly", "[http][receipt_response]") {
  const receipt_request request = parse_receipt_request(body);
  json_writer json;
  write_receipt_calculated_content(json, request.content, request.calculated, "QR");
  // VAT: 200.00 × 20 / 120 = 33.333 -> 33.33; 0.18 × 10 / 110 = 0.0163 -> 0.02.
  CHECK(json.text() ==
        R"({"total":"200.18","money_received_total":"150.00","firm_reply_email":"shop@example.ru",)"
        R"("firm_url":"shop.example.ru","qr":"QR","rows":[)"
        R"({"price":"100.00","qty":"2","amount":"200.00","tax_type":"nds_20","tax_pct":"20.00","tax_amount":"33.33",)"
        R"("payment_type_type":"full_payment_w_delivery","text":"Молоко"},)"
        R"({"price":"0.35","qty":"0.5","amount":"0.18","tax_type":"nds_10","tax_pct":"10.00","tax_amount":"0.02",)"
        R"("payment_type_type":"full_prepayment_wo_delivery","text":"Гвозди"}],)"
        R"("tax_totals":[{"amount":"200.00","tax_type":"nds_20","tax_pct":"20.00","tax_amount":"33.33"},)"
        R"({"amount":"0.18","tax_type":"nds_10","tax_pct":"10.00","tax_amount":"0.02"}],)"
        R"("totals":[{"amount":"150.00","payment_type":"card"},{"amount":"50.18","payment_type":"prepayment"}]})");
}

TEST_CASE("The echoed receipt_content parses back to the same receipt", "[http][receipt_response]") {
  const receipt_request request = parse_receipt_request(body);
  json_writer json;
  json.begin_object().key("receipt_content");
  write_receipt_content(json, request.content);
  json.end_object();
  CHECK(json.text().find(R"("name":"ИП \"Иванов\"")") != std::string::npos);

  const receipt_request again = parse_receipt_request(json.text());
  const ffd::receipt_content& a = request.content;
  const ffd::receipt_content& b = again.content;
  CHECK(b.firm_inn == a.firm_inn);
  CHECK(b.type == a.type);
  CHECK(b.client_email_or_phone == a.client_email_or_phone);
  REQUIRE(b.rows.size() == 2);
  CHECK(b.rows[0].price == a.rows[0].price);
  CHECK(b.rows[1].qty == a.rows[1].qty);
  CHECK(b.rows[0].agent == ffd::agent_type::commission_agent);
  REQUIRE(b.rows[0].supplier);
  CHECK(b.rows[0].supplier->name == "ИП \"Иванов\"");
  CHECK(b.rows[0].supplier->phone.empty());
  REQUIRE(b.payments.size() == 2);
  CHECK(b.payments[1].amount == a.payments[1].amount);
  CHECK(again.calculated.total.kopecks == 20018);
}

TEST_CASE("A fiscal document is written as the FiscalDocument schema names it", "[http][fiscal_document]") {
  fiscal_document_summary d;
  d.type = fiscal_document_type::correction_receipt;
  d.fd_number = 42;
  d.fiscal_sign = 1234567890U;
  d.date_time = ffd::civil_time{2026, 11, 23, 9, 5, 0};
  d.inn = "7707083893";
  d.rnm = "0000000001012345";
  d.shift_number = 7;
  d.receipt_type = ffd::receipt_type::charge;
  d.amount = ffd::money{12050};
  CHECK(write_fiscal_document(d) ==
        R"({"id":"42","document_type":"CorrectionReceipt","dt":"2026-11-23T09:05:00","fp":"1234567890",)"
        R"("ofd_ticket_received":false,"inn":"7707083893","rnm":"0000000001012345","shift_number":7,)"
        R"("receipt_type":"charge","amount":"120.50"})");

  fiscal_document_summary shift;
  shift.type = fiscal_document_type::shift_open_report;
  shift.fd_number = 3;
  shift.fiscal_sign = 0;
  shift.ofd_ticket_received = true;
  CHECK(write_fiscal_document(shift) ==
        R"({"id":"3","document_type":"ShiftOpenReport","dt":"1970-01-01T00:00:00","fp":"0","ofd_ticket_received":true})");
}
