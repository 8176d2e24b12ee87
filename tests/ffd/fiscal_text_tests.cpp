#include <catch2/catch.hpp>

#include "protocol/common/charset.hpp"
#include "protocol/ffd/field_error.hpp"
#include "protocol/ffd/fiscal_text.hpp"

using namespace ws::ffd;

namespace {

/// The reason field_error gives for `text`, empty when the text passes.
std::string refusal(std::string_view text, std::size_t max = 128) {
  try {
    fiscal_text(text, max, "receipt_content.rows[0].text");
    return {};
  } catch (const field_error& e) {
    CHECK(e.field == "receipt_content.rows[0].text");
    return e.reason;
  }
}

}  // namespace

TEST_CASE("fiscal text keeps what both code pages hold unchanged", "[ffd][fiscal_text]") {
  const std::string text = "Молоко «Домик» №5 ёЁ 1,5 л; cost=10% (a+b)/2 \u00A0end";
  const std::string printed = fiscal_text("Молоко 3.2% №5 ёЁ Ab (x+y)/2 \u00A0end", 128, "p");
  CHECK(printed == "Молоко 3.2% №5 ёЁ Ab (x+y)/2 \u00A0end");
  // What is printed round-trips through the FN's code page unchanged.
  CHECK(ws::cp866_to_utf8(ws::utf8_to_cp866(printed)) == printed);
  CHECK(ws::cp1251_to_utf8(ws::utf8_to_cp1251(printed)) == printed);
  CHECK(fiscal_text(text, 128, "p") == "Молоко \"Домик\" №5 ёЁ 1,5 л; cost=10% (a+b)/2 \u00A0end");
}

TEST_CASE("fiscal text maps typographic quotes dashes and the ellipsis to their plain form", "[ffd][fiscal_text]") {
  CHECK(fiscal_text("«Ёлка» — 2 шт…", 128, "p") == "\"Ёлка\" - 2 шт...");
  CHECK(fiscal_text("“a” ‘b’ „c“ x–y x‑y −5", 128, "p") == "\"a\" 'b' \"c\" x-y x-y -5");
}

TEST_CASE("fiscal text refuses characters no code page holds and control characters", "[ffd][fiscal_text]") {
  CHECK(refusal("Торт 5 €").find("\"€\" (U+20AC) cannot be printed") != std::string::npos);
  CHECK(refusal("Pizza 🍕").find("U+1F355") != std::string::npos);
  CHECK(refusal("Café").find("U+00E9") != std::string::npos);
  CHECK(refusal("茶").find("U+8336") != std::string::npos);
  CHECK(refusal(std::string("a\0b", 3)).find("control character") != std::string::npos);
  CHECK(refusal("a\tb").find("U+0009") != std::string::npos);
  CHECK(refusal("a\nb").find("U+000A") != std::string::npos);
  CHECK(refusal("a\x7F").find("U+007F") != std::string::npos);
  CHECK(refusal("bad \xC3 byte").find("U+FFFD") != std::string::npos);
  CHECK(refusal("ok").empty());
}

TEST_CASE("fiscal text counts its limit in bytes of the code page after mapping", "[ffd][fiscal_text]") {
  CHECK(refusal(std::string(128, 'a')).empty());
  CHECK(refusal(std::string(129, 'a')) == "longer than 128 characters");
  std::string cyrillic;
  for (int i = 0; i < 128; ++i) cyrillic += "Ж";  // 256 bytes of UTF-8 but 128 in CP866
  CHECK(refusal(cyrillic).empty());
  CHECK(refusal(std::string(126, 'a') + "…") == "longer than 128 characters");  // … is three dots
}

TEST_CASE("fiscal phones are plus and 10 to 15 digits with separators dropped", "[ffd][fiscal_text]") {
  CHECK(fiscal_phone("+7 (916) 123-45-67", "p") == "+79161234567");
  CHECK(fiscal_phone("+79161234567", "p") == "+79161234567");
  CHECK_THROWS_AS(fiscal_phone("89161234567", "p"), field_error);
  CHECK_THROWS_AS(fiscal_phone("+7916", "p"), field_error);
  CHECK_THROWS_AS(fiscal_phone("+7916123456789012", "p"), field_error);
  CHECK_THROWS_AS(fiscal_phone("+7916x234567", "p"), field_error);
}

TEST_CASE("fiscal e-mails are name at domain dot tld", "[ffd][fiscal_text]") {
  CHECK(fiscal_email("buyer.one+tag@shop.example.ru", 64, "p") == "buyer.one+tag@shop.example.ru");
  CHECK(fiscal_email("почта@пример.рф", 64, "p") == "почта@пример.рф");
  for (const char* bad : {"not an email", "a@b", "@shop.ru", "a@@shop.ru", "a@shop..ru", ".a@shop.ru", "a b@shop.ru",
                          "a@-shop.ru", "a@shop.ru."})
    CHECK_THROWS_AS(fiscal_email(bad, 64, "p"), field_error);
}

TEST_CASE("a buyer contact is an e-mail when it has an at sign and a phone otherwise", "[ffd][fiscal_text]") {
  CHECK(fiscal_email_or_phone("", 64, "p").empty());
  CHECK(fiscal_email_or_phone("a@shop.ru", 64, "p") == "a@shop.ru");
  CHECK(fiscal_email_or_phone("+7 916 123 45 67", 64, "p") == "+79161234567");
  try {
    fiscal_email_or_phone("not an email", 64, "receipt_content.client_email_or_phone");
    FAIL("accepted");
  } catch (const field_error& e) {
    CHECK(e.field == "receipt_content.client_email_or_phone");
  }
}

#include "protocol/ffd/inn.hpp"

TEST_CASE("an INN error says whether the form or the check digits are wrong", "[ffd][inn]") {
  CHECK_FALSE(inn_error("7720000014").has_value());
  CHECK_FALSE(inn_error("500100732259").has_value());
  CHECK(inn_error("7720000015") == "the INN's check digits are wrong (a typo?)");
  CHECK(inn_error("500100732258") == "the INN's check digits are wrong (a typo?)");
  CHECK(inn_error("77200000") == "must be 10 or 12 digits");
  CHECK(inn_error("77200000a4") == "must be 10 or 12 digits");
}
