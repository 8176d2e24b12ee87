#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>

#include <simdjson.h>

#include "http/json_writer.hpp"

using ws::http::json_quote;
using ws::http::json_writer;

namespace {

/// Writes {"k": text} and reads it back through simdjson.
std::string round_trip(const std::string& text) {
  json_writer json;
  json.begin_object().member("k", text).end_object();
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  REQUIRE(parser.parse(json.text()).get(root) == simdjson::SUCCESS);
  std::string_view value;
  REQUIRE(root["k"].get_string().get(value) == simdjson::SUCCESS);
  return std::string(value);
}

}  // namespace

TEST_CASE("Strings are escaped exactly", "[http][json_writer]") {
  CHECK(json_quote("a\"b\\c/d") == R"("a\"b\\c/d")");
  CHECK(json_quote("\n\t\r\b\f") == R"("\n\t\r\b\f")");
  CHECK(json_quote(std::string("\x01\x1f\x7f", 3)) == "\"\\u0001\\u001f\x7f\"");
  CHECK(json_quote(std::string("a\0b", 3)) == R"("a\u0000b")");
  // UTF-8 passes through untouched: Cyrillic, the euro sign, an emoji (4 bytes).
  CHECK(json_quote("Чек €5 😀") == "\"Чек €5 😀\"");
  CHECK(json_quote("") == R"("")");
}

TEST_CASE("Invalid UTF-8 becomes U+FFFD so the output stays valid JSON", "[http][json_writer]") {
  const std::string fffd = "\xEF\xBF\xBD";
  CHECK(json_quote("a\xFF" "b") == "\"a" + fffd + "b\"");
  CHECK(json_quote("\xC0\x80") == "\"" + fffd + fffd + "\"");              // overlong NUL
  CHECK(json_quote("\xED\xA0\x80") == "\"" + fffd + fffd + fffd + "\"");   // a surrogate
  CHECK(json_quote("x\xE2\x82") == "\"x" + fffd + fffd + "\"");            // cut short
  CHECK(json_quote("\xF4\x90\x80\x80") == "\"" + fffd + fffd + fffd + fffd + "\"");  // past U+10FFFF
  CHECK(round_trip("\xFF\xFE") == fffd + fffd);
}

TEST_CASE("Every ASCII character and multi-byte text round-trips through simdjson", "[http][json_writer]") {
  std::string all_ascii;
  for (int c = 0; c < 0x80; ++c) all_ascii += static_cast<char>(c);
  CHECK(round_trip(all_ascii) == all_ascii);
  const std::string mixed = "Молоко \"3,2%\"\t\\ 1 л\n€😀\x1b[0m";
  CHECK(round_trip(mixed) == mixed);
}

TEST_CASE("Nested objects and arrays get their commas right", "[http][json_writer]") {
  json_writer json;
  json.begin_object()
      .key("a").begin_array()
      .number(-5)
      .unsigned_number(18446744073709551615ULL)
      .boolean(true)
      .boolean(false)
      .null()
      .raw(R"({"x":1})")
      .begin_object().end_object()
      .begin_array().end_array()
      .end_array()
      .member("b", "s")
      .key("c").begin_object().key("d").number(0).end_object()
      .end_object();
  CHECK(json.text() == R"({"a":[-5,18446744073709551615,true,false,null,{"x":1},{},[]],"b":"s","c":{"d":0}})");
  CHECK(json_writer().begin_array().end_array().text() == "[]");
  CHECK(json_writer().string("top").text() == R"("top")");
}

TEST_CASE("Misusing the writer throws instead of writing bad JSON", "[http][json_writer]") {
  CHECK_THROWS_AS(json_writer().begin_object().string("no key"), std::logic_error);
  CHECK_THROWS_AS(json_writer().begin_array().key("k"), std::logic_error);
  CHECK_THROWS_AS(json_writer().begin_object().key("a").key("b"), std::logic_error);
  CHECK_THROWS_AS(json_writer().begin_object().end_array(), std::logic_error);
  CHECK_THROWS_AS(json_writer().begin_object().key("a").end_object(), std::logic_error);
  CHECK_THROWS_AS(json_writer().number(1).number(2), std::logic_error);
  CHECK_THROWS_AS(json_writer().begin_object().text(), std::logic_error);
  CHECK_THROWS_AS(json_writer().text(), std::logic_error);
}
