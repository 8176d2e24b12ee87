// The receipt page a buyer opens (check_url) in a real browser: headless Chromium loads it
// without the API token, the DOM holds every requisite, a screenshot at phone width shows
// a QR code that zbarimg reads back as the answer's qr, and a link with a wrong fiscal
// sign or an unknown document is a 404 that reveals nothing of the receipt.

#include <catch2/catch.hpp>

#include <httplib.h>
#include <simdjson.h>

#include <cstdio>
#include <string>

#include "tests/browser/browser_support.hpp"
#include "tests/program/whitespirit_child.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/temp_dir.hpp"

using namespace std::chrono_literals;
using ws::test::listening_port;
using ws::test::start_whitespirit;
using ws::test::temp_dir;
using ws::test::browser::chromium;
using ws::test::browser::run;

namespace {

const std::string token = "page-test-token";


const std::string receipt = R"({"receipt_content":{"firm_inn":"7720000014","receipt_type":"income",
  "taxation_type":"OSN","agent_type":"none_agent","client_email_or_phone":"buyer@example.ru",
  "client_inn":"500100732259","firm_reply_email":"shop@example.ru","firm_url":"https://shop.example.ru",
  "rows":[{"price":"100.00","qty":"2","tax_type":"nds_20","payment_type_type":"full_payment_w_delivery","text":"Молоко «Домик»","unit":"л"},
          {"price":"35.50","qty":"1","tax_type":"nds_10","payment_type_type":"full_payment_w_delivery","text":"Хлеб"}],
  "payments":[{"amount":"235.50","payment_type":"card"}]}})";

std::string field(simdjson::dom::element root, const char* pointer) {
  auto value = root.at_pointer(pointer).get_string();
  return value.error() ? std::string() : std::string(value.value());
}

}  // namespace

TEST_CASE("the receipt page opens without the API token and shows every requisite and a QR that scans",
          "[program][receipt_page]") {
  temp_dir dir;
  temp_dir profile;
  auto child = start_whitespirit({"--embedded.dir=" + (dir.path() / "var").string(), "--embedded.devices=1",
                                  "--http.port=0", "--secrets.api-token=" + token,
                                  "--journal.path=" + (dir.path() / "journal.db").string()});
  const auto port = listening_port(*child, 90000ms);
  INFO(child->output());
  REQUIRE(port);
  httplib::Client api("127.0.0.1", *port);
  api.set_read_timeout(30s);
  const httplib::Headers authorised{{"Authorization", "Bearer " + token}};
  const auto printed = api.Post("/v1/receipts?wait4free=20", authorised, receipt, "application/json");
  REQUIRE(printed);
  INFO(printed->body);
  REQUIRE(printed->status == 200);
  simdjson::dom::parser parser;
  const auto answer = parser.parse(printed->body).value();
  const std::string check_url = field(answer, "/check_url");
  const std::string qr = field(answer, "/receipt_calculated_content/qr");
  const std::string prefix = "http://127.0.0.1:" + std::to_string(*port) + "/check?fn=";
  REQUIRE(check_url.rfind(prefix, 0) == 0);

  const auto page = api.Get(check_url.substr(check_url.find("/check")).c_str());  // no token
  REQUIRE(page);
  CHECK(page->status == 200);
  CHECK(page->get_header_value("Content-Type").find("text/html") == 0);
  CHECK(api.Get("/v1/info")->status == 403);  // the API itself still needs the token

  const std::string dom = chromium(profile, check_url, "--dump-dom");
  INFO(dom);
  for (const std::string& requisite :
       {std::string("Кассовый чек"), std::string("7720000014"), std::string("Молоко \"Домик\""), std::string("Хлеб"),
        std::string("2 л × 100.00"), std::string("ИНН покупателя"), std::string("500100732259"), std::string("= 200.00"), std::string("НДС 20%"), std::string("33.33"),
        std::string("НДС 10%"), std::string("3.23"), std::string("235.50"), std::string("ПРИХОД"),
        std::string("ОСН"), std::string("buyer@example.ru"), field(answer, "/kkt/sn"), field(answer, "/fn/sn"),
        std::to_string(answer["id"].get_uint64().value()), std::to_string(answer["fp"].get_uint64().value()),
        std::to_string(answer["shift_number"].get_uint64().value()), std::string("Смена №"), std::string("Чек №"),
        std::string("Дата и время"), std::string("ОФД"), std::string("www.nalog.gov.ru"), std::string("<svg")}) {
    INFO(requisite);
    CHECK(dom.find(requisite) != std::string::npos);
  }

  const auto screenshot = (dir.path() / "receipt.png").string();
  chromium(profile, check_url, "--window-size=412,1600 --screenshot='" + screenshot + "'");
  const std::string decoded = run("zbarimg --quiet --raw '" + screenshot + "' 2>/dev/null");
  CHECK(decoded == qr + "\n");

  // A wrong fiscal sign, an unknown document, malformed numbers: one 404 saying nothing.
  const std::string base = check_url.substr(check_url.find("/check"), check_url.find("&fp=") - check_url.find("/check"));
  const std::string fp = check_url.substr(check_url.find("&fp=") + 4);
  const std::string wrong_fp = std::to_string(std::stoull(fp) ^ 1u);
  const std::string fn_part = check_url.substr(check_url.find("fn="), 19);
  for (const std::string& link : {base + "&fp=" + wrong_fp, "/check?" + fn_part + "&i=99&fp=" + fp,
                                  "/check?" + fn_part + "&i=1&fp=" + fp, std::string("/check?fn=1&i=x&fp=y")}) {
    INFO(link);
    const auto refused = api.Get(link.c_str());
    REQUIRE(refused);
    CHECK(refused->status == 404);
    CHECK(refused->body.find("Молоко") == std::string::npos);
    CHECK(refused->body.find("7720000014") == std::string::npos);
  }
  CHECK(child->terminate(15000ms) == 0);
}
