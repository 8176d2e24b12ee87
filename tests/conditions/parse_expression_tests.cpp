#include <catch2/catch.hpp>

#include <string>

#include "actors/conditions/expression.hpp"
#include "condition_test_helpers.hpp"

using namespace ws::conditions;
using ws::conditions::testing::error_of;
using ws::conditions::testing::eval_text;

TEST_CASE("literals read as Python values", "[conditions][parse]") {
  CHECK(eval_text("42") == value(42));
  CHECK(eval_text("-7").as_int() == -7);
  CHECK(eval_text("+7").as_int() == 7);
  CHECK(eval_text("9223372036854775807").as_int() == INT64_MAX);
  CHECK(eval_text("-9223372036854775808").as_int() == INT64_MIN);
  CHECK(eval_text("True").as_bool() == true);
  CHECK(eval_text("False").as_bool() == false);
  CHECK(eval_text("None").is_none());
  CHECK(eval_text("\"abc\"").as_string() == "abc");
  CHECK(eval_text("\"\"").as_string().empty());
  CHECK(eval_text("[1 2 3]") == value(value_list{1, 2, 3}));
  CHECK(eval_text("[]") == value(value_list{}));
  CHECK(eval_text("[1 \"x\" [None]]") == value(value_list{1, "x", value(value_list{value()})}));
}

TEST_CASE("string escapes decode to UTF-8", "[conditions][parse]") {
  CHECK(eval_text(R"("a\"b")").as_string() == "a\"b");
  CHECK(eval_text(R"("a\\b")").as_string() == "a\\b");
  CHECK(eval_text(R"("\n\t\r")").as_string() == "\n\t\r");
  CHECK(eval_text(R"("\x41")").as_string() == "A");
  // U+0416 CYRILLIC CAPITAL LETTER ZHE is D0 96 in UTF-8.
  CHECK(eval_text(R"("\u0416")").as_string() == "\xD0\x96");
  CHECK(eval_text(R"("\U0001F600")").as_string() == "\xF0\x9F\x98\x80");
  CHECK(eval_text("\"\xD0\x96\"").as_string() == "\xD0\x96");  // raw UTF-8 passes through
}

TEST_CASE("comments and whitespace are skipped", "[conditions][parse]") {
  CHECK(eval_text("  ; leading comment\n (= 1 ; inline\n 1)\n\t").as_bool());
}

TEST_CASE("parse errors carry the byte offset", "[conditions][parse]") {
  auto e = error_of("(and True");
  CHECK(e.message == "unbalanced parentheses: '(' is never closed");
  CHECK(e.position == std::optional<std::size_t>(0));

  e = error_of("(= 1 1))");
  CHECK(e.message == "unexpected text after the expression");
  CHECK(e.position == std::optional<std::size_t>(7));

  e = error_of(")");
  CHECK(e.message == "unbalanced parentheses: unexpected ')'");
  CHECK(e.position == std::optional<std::size_t>(0));

  e = error_of("(in 1 [1 2)");
  CHECK(e.message == "unbalanced parentheses: expected ']' to close the '[' at offset 6, found ')'");
  CHECK(e.position == std::optional<std::size_t>(10));

  e = error_of("(and (foo 1) 2)");
  CHECK(e.message == "unknown operator 'foo'");
  CHECK(e.position == std::optional<std::size_t>(6));

  e = error_of("(= x 1)");
  CHECK(e.message == "unknown name 'x'");
  CHECK(e.position == std::optional<std::size_t>(3));

  e = error_of("(= 1.5 1)");
  CHECK(e.message == "floating-point numbers are not supported: '1.5'");
  CHECK(e.position == std::optional<std::size_t>(3));

  e = error_of("(= 12ab 1)");
  CHECK(e.message == "bad number literal '12ab'");
  CHECK(e.position == std::optional<std::size_t>(3));

  e = error_of("9223372036854775808");
  CHECK(e.message == "integer literal out of range '9223372036854775808'");
  CHECK(e.position == std::optional<std::size_t>(0));

  e = error_of("(= \"abc 1)");
  CHECK(e.message == "unterminated string");
  CHECK(e.position == std::optional<std::size_t>(3));

  e = error_of(R"(  "a\qb")");
  CHECK(e.message == "bad string escape '\\q'");
  CHECK(e.position == std::optional<std::size_t>(4));

  e = error_of(R"("\u12")");
  CHECK(e.message == "bad string escape: expected 4 hex digits");
  CHECK(e.position == std::optional<std::size_t>(1));

  e = error_of(R"("\uD800")");
  CHECK(e.message == "bad string escape: not a Unicode code point");
}

TEST_CASE("empty and malformed forms are rejected", "[conditions][parse]") {
  CHECK(error_of("").message == "empty expression");
  CHECK(error_of("  ; only a comment").message == "empty expression");
  CHECK(error_of("()").message == "empty form '()'");
  CHECK(error_of("(1 2)").message == "a form must start with an operator");
  CHECK(error_of("(not)").message == "'not' needs at least 1 argument");
  CHECK(error_of("(not 1 2)").message == "'not' takes 1 argument, got 2");
  CHECK(error_of("(in 1)").message == "'in' needs at least 2 arguments");
  CHECK(error_of("(<)").message == "'<' needs at least 1 argument");
  CHECK(error_of("(get device)").message == "'get' needs at least 2 arguments");
  CHECK(error_of("and").message == "operator 'and' used as a value");
  CHECK(error_of("{1 2}").message == "dictionaries ({...}) are not supported");
  CHECK(error_of("'(1 2)").message == "unsupported syntax '''");
  CHECK(error_of("1 2").message == "unexpected text after the expression");
}

TEST_CASE("device must be read through a field", "[conditions][parse]") {
  auto e = error_of("(= device 1)");
  CHECK(e.message == "'device' is a record: read a field with device.name or (get device \"name\")");
  CHECK(e.position == std::optional<std::size_t>(3));
  CHECK(error_of("device.").message == "bad device field name in 'device.' (nested attributes are not supported)");
  CHECK(error_of("device.groups.x").message ==
        "bad device field name in 'device.groups.x' (nested attributes are not supported)");
}

TEST_CASE("node count bound", "[conditions][parse][bounds]") {
  // (and 1 1 ... 1) with n ones is n + 2 nodes: the form, the symbol and the ones.
  auto and_of_ones = [](std::size_t n) {
    std::string text = "(and";
    for (std::size_t i = 0; i < n; ++i) text += " 1";
    return text + ")";
  };
  const expression at_limit = parse_expression(and_of_ones(9998));
  CHECK(at_limit.node_count == 10000);
  const auto e = error_of(and_of_ones(9999));
  CHECK(e.message == "expression too large: more than 10000 nodes");
  // The 10001st node is the last "1": after "(and" and 9998 " 1" pairs, plus its space.
  CHECK(e.position == std::optional<std::size_t>(4 + 9998 * 2 + 1));

  parse_limits small;
  small.max_nodes = 3;
  CHECK(parse_expression("(not 1)", small).node_count == 3);
  CHECK(error_of("(not [1])", {}, default_step_budget, small).message == "expression too large: more than 3 nodes");
}

TEST_CASE("depth bound", "[conditions][parse][bounds]") {
  auto nested_not = [](std::size_t depth) {
    std::string text;
    for (std::size_t i = 0; i < depth; ++i) text += "(not ";
    text += "False";
    for (std::size_t i = 0; i < depth; ++i) text += ")";
    return text;
  };
  // 64 nested forms are allowed; an even number of nots over False gives False.
  CHECK(eval_text(nested_not(64)) == value(false));
  CHECK(eval_text(nested_not(63)) == value(true));
  const auto e = error_of(nested_not(65));
  CHECK(e.message == "expression nested too deeply: more than 64 levels");
  CHECK(e.position == std::optional<std::size_t>(64 * 5));  // the 65th "(not "
  // A hostile depth far beyond the limit fails the same way without exhausting the stack.
  parse_limits long_text;
  long_text.max_text_bytes = 2000000;
  CHECK(error_of(std::string(1000000, '['), {}, default_step_budget, long_text).message ==
        "expression nested too deeply: more than 64 levels");
  // Lists count as levels too.
  CHECK(error_of(std::string(65, '[') + std::string(65, ']')).message ==
        "expression nested too deeply: more than 64 levels");
  CHECK(eval_text(std::string(64, '[') + std::string(64, ']')).is_list());
}

TEST_CASE("text length bound", "[conditions][parse][bounds]") {
  const std::string long_string = "\"" + std::string(64 * 1024, 'x') + "\"";
  CHECK(error_of(long_string).message == "expression too long: more than 65536 bytes");
  CHECK(eval_text("\"" + std::string(64 * 1024 - 2, 'x') + "\"").as_string().size() == 64 * 1024 - 2);
}
