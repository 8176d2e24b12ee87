// The public receipt page as a front serves it over HTTP (its content and QR are checked
// in a real browser: tests/browser/test_receipt_page.cpp): a page shown once is shown
// again without the register, from memory and, after a restart, from the journal; one
// client address is held to its pace.

#include <catch2/catch.hpp>

#include <string>

#include "tests/http_server/front_fixture.hpp"
#include "tests/support/temp_dir.hpp"

using namespace ws::http::test;

namespace {

/// The path and query of a receipt answer's check_url.
std::string check_path_of(const std::string& answer) {
  const std::string url = json_doc(answer).str("/check_url");
  return url.substr(url.find("/check?"));
}

}  // namespace

TEST_CASE("a receipt page shown once is shown again while its register is silent", "[http_server][receipt_page]") {
  front_farm farm(1);
  farm.fiscalise(0, firm_a);
  farm.start({{{0}, {}}});
  auto http = farm.client(20s);
  const auto receipt = http->Post("/v1/receipts", receipt_body(firm_a, 4200), "application/json");
  REQUIRE(receipt);
  REQUIRE(receipt->status == 200);
  const std::string path = check_path_of(receipt->body);
  const auto first = http->Get(path.c_str());
  REQUIRE(first);
  REQUIRE(first->status == 200);

  farm.device(0).go_silent(std::nullopt);
  const auto again = http->Get(path.c_str());
  REQUIRE(again);
  CHECK(again->status == 200);
  CHECK(again->body == first->body);
  // A document never shown needs the register: not now.
  const std::string other = path.substr(0, path.find("&i=")) + "&i=1&fp=1";
  const auto unknown = http->Get(other.c_str());
  REQUIRE(unknown);
  CHECK(unknown->status == 503);
  farm.device(0).end_silence();
}

TEST_CASE("a receipt page is shown from the journal after a restart while its register is silent",
          "[http_server][receipt_page][journal]") {
  ws::test::temp_dir dir;
  front_farm farm(1);
  farm.fiscalise(0, firm_a);
  ws::http::front_options options;
  options.journal_path = (dir.path() / "journal.db").string();
  farm.start({{{0}, {}}}, options);
  std::string path, first_page;
  {
    auto http = farm.client(20s);
    const auto receipt = http->Post("/v1/receipts", receipt_body(firm_a, 4200), "application/json");
    REQUIRE(receipt);
    REQUIRE(receipt->status == 200);
    path = check_path_of(receipt->body);
    const auto first = http->Get(path.c_str());
    REQUIRE(first);
    REQUIRE(first->status == 200);
    first_page = first->body;
  }

  farm.device(0).go_silent(std::nullopt);
  farm.restart_front();  // the pages kept in memory are gone
  auto http = farm.client(20s);
  const auto again = http->Get(path.c_str());
  REQUIRE(again);
  CHECK(again->status == 200);
  CHECK(again->body == first_page);
  // The journal's document is checked like the FN's: a wrong fiscal sign is the 404.
  const std::string wrong_sign = path.substr(0, path.find("&fp=")) + "&fp=1";
  const auto forged = http->Get(wrong_sign.c_str());
  REQUIRE(forged);
  CHECK(forged->status == 404);
  // A document the journal does not keep needs the silent register: not now.
  const std::string other_document = path.substr(0, path.find("&i=")) + "&i=1&fp=1";
  const auto unread = http->Get(other_document.c_str());
  REQUIRE(unread);
  CHECK(unread->status == 503);
  farm.device(0).end_silence();
}

TEST_CASE("one client address asking for receipt pages too often gets 429 with Retry-After",
          "[http_server][receipt_page]") {
  front_farm farm(1);
  farm.fiscalise(0, firm_a);
  ws::http::front_options options;
  options.receipt_page_rate = 1;  // bursts of 10
  farm.start({{{0}, {}}}, options);
  auto http = farm.client(20s);
  int refused = 0;
  for (int i = 0; i < 12; ++i) {
    const auto page = http->Get("/check?fn=1&i=x&fp=y");
    REQUIRE(page);
    if (page->status == 429) {
      ++refused;
      CHECK(page->get_header_value("Retry-After") == "1");
    } else {
      CHECK(page->status == 404);
    }
  }
  CHECK(refused >= 1);
  CHECK(refused <= 2);  // 10 at once, then about one a second
  // The API is not paced by it.
  const auto ping = http->Get("/v1/ping");
  REQUIRE(ping);
  CHECK(ping->status == 200);
}
