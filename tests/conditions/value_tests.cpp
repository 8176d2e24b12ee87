#include <catch2/catch.hpp>

#include <cstdint>
#include <stdexcept>

#include "actors/conditions/value.hpp"
#include "condition_test_helpers.hpp"

using namespace ws::conditions;
using ws::conditions::testing::eval_text;

TEST_CASE("values know their Python type", "[conditions][value]") {
  CHECK(std::string(type_name(value())) == "NoneType");
  CHECK(std::string(type_name(value(false))) == "bool");
  CHECK(std::string(type_name(value(0))) == "int");
  CHECK(std::string(type_name(value(""))) == "str");
  CHECK(std::string(type_name(value(value_list{}))) == "list");
}

TEST_CASE("integer constructors keep the value or refuse it", "[conditions][value]") {
  CHECK(value(std::uint16_t{65535}).as_int() == 65535);
  CHECK(value(std::uint64_t{9223372036854775807ULL}).as_int() == INT64_MAX);
  CHECK_THROWS_AS(value(std::uint64_t{9223372036854775808ULL}), std::out_of_range);
  CHECK(value(nullptr).is_none());
  CHECK(value("text").is_string());  // not converted to bool
  CHECK(value(std::string_view("abc")).as_string() == "abc");
  CHECK(value(std::string("abc")).as_string() == "abc");
}

TEST_CASE("equality across types follows Python", "[conditions][value]") {
  CHECK(value(true) == value(1));
  CHECK(value(0) == value(false));
  CHECK(value(2) != value(true));
  CHECK(value("1") != value(1));
  CHECK(value() != value(false));
  CHECK(value(value_list{1, true}) == value(value_list{true, 1}));
  CHECK(value(value_list{1}) != value(value_list{"1"}));
}

TEST_CASE("values display hy-style", "[conditions][value]") {
  CHECK(to_display(value()) == "None");
  CHECK(to_display(value(true)) == "True");
  CHECK(to_display(value(-3)) == "-3");
  CHECK(to_display(value("a\"b\\c\nd")) == R"("a\"b\\c\nd")");
  CHECK(to_display(value(value_list{1, "x", value(value_list{}), value()})) == R"([1 "x" [] None])");
}

TEST_CASE("old hy spellings of the constants are accepted", "[conditions][value]") {
  CHECK(eval_text("true") == value(true));
  CHECK(eval_text("false") == value(false));
  CHECK(eval_text("nil").is_none());
}
