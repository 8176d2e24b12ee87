#include <catch2/catch.hpp>

#include <string>

#include "actors/conditions/evaluate.hpp"
#include "condition_test_helpers.hpp"

using namespace ws::conditions;
using ws::conditions::testing::error_of;
using ws::conditions::testing::eval_text;
using ws::conditions::testing::sample_device;

namespace {
std::optional<std::size_t> at(std::size_t offset) { return offset; }
}  // namespace

TEST_CASE("and returns the deciding operand and short-circuits", "[conditions][eval]") {
  CHECK(eval_text("(and)") == value(true));
  CHECK(eval_text("(and 1 2)").as_int() == 2);
  CHECK(eval_text("(and 1 \"\" 3)").as_string().empty());
  CHECK(eval_text("(and 0 device.missing)").as_int() == 0);  // the missing field is never read
  CHECK(eval_text("(and True False)") == value(false));
}

TEST_CASE("or returns the deciding operand and short-circuits", "[conditions][eval]") {
  CHECK(eval_text("(or)").is_none());
  CHECK(eval_text("(or 0 \"\" 3 device.missing)").as_int() == 3);
  CHECK(eval_text("(or 0 \"\")").as_string().empty());
  CHECK(eval_text("(or False None)").is_none());
}

TEST_CASE("not and truthiness follow Python", "[conditions][eval]") {
  CHECK(eval_text("(not 0)") == value(true));
  CHECK(eval_text("(not \"\")") == value(true));
  CHECK(eval_text("(not [])") == value(true));
  CHECK(eval_text("(not None)") == value(true));
  CHECK(eval_text("(not False)") == value(true));
  CHECK(eval_text("(not \"0\")") == value(false));
  CHECK(eval_text("(not [0])") == value(false));
  CHECK(eval_text("(not -1)") == value(false));
  CHECK(eval_text("(not device.note)") == value(true));
  CHECK_FALSE(truthy(value()));
  CHECK_FALSE(truthy(value(0)));
  CHECK_FALSE(truthy(value("")));
  CHECK_FALSE(truthy(value(value_list{})));
  CHECK(truthy(value(value_list{value()})));
  CHECK(truthy(value(" ")));
  CHECK(truthy(value(-5)));
}

TEST_CASE("equality chains like Python", "[conditions][eval]") {
  CHECK(eval_text("(= 1 1 1)") == value(true));
  CHECK(eval_text("(= 1 1 2)") == value(false));
  CHECK(eval_text("(= 5)") == value(true));
  CHECK(eval_text("(= True 1)") == value(true));
  CHECK(eval_text("(= False 0)") == value(true));
  CHECK(eval_text("(= \"1\" 1)") == value(false));
  CHECK(eval_text("(= None None)") == value(true));
  CHECK(eval_text("(= None False)") == value(false));
  CHECK(eval_text("(= [1 \"a\"] [1 \"a\"])") == value(true));
  CHECK(eval_text("(= [1 2] [1 2 3])") == value(false));
  CHECK(eval_text("(!= 1 2)") == value(true));
  CHECK(eval_text("(!= 1 1)") == value(false));
  CHECK(eval_text("(!= 1 2 1)") == value(true));  // pairwise: 1 != 2 and 2 != 1
  CHECK(eval_text("(!= 1 2 2)") == value(false));
  CHECK(eval_text("(!= \"a\" 1)") == value(true));
}

TEST_CASE("ordering chains like Python", "[conditions][eval]") {
  CHECK(eval_text("(< 1 2 3)") == value(true));
  CHECK(eval_text("(< 1 3 2)") == value(false));
  CHECK(eval_text("(< 1 2 2)") == value(false));
  CHECK(eval_text("(<= 1 2 2)") == value(true));
  CHECK(eval_text("(<= 2 1)") == value(false));
  CHECK(eval_text("(> 3 2 1)") == value(true));
  CHECK(eval_text("(> 3 1 2)") == value(false));
  CHECK(eval_text("(>= 3 3 1)") == value(true));
  CHECK(eval_text("(>= 3 4)") == value(false));
  CHECK(eval_text("(< -5 0)") == value(true));
  CHECK(eval_text("(< 7)") == value(true));
  CHECK(eval_text("(< True 2)") == value(true));
  CHECK(eval_text("(< \"a\" \"b\")") == value(true));
  CHECK(eval_text("(< \"B\" \"a\")") == value(true));  // by code point
  CHECK(eval_text("(< \"ab\" \"abc\")") == value(true));
  CHECK(eval_text(R"((< "\u0416" "\u0417" "\U0001F600"))") == value(true));
  CHECK(eval_text("(< [1 2] [1 3])") == value(true));
  CHECK(eval_text("(< [1] [1 0])") == value(true));
  CHECK(eval_text("(> [2] [1 9])") == value(true));
  CHECK(eval_text("(<= [1 2] [1 2])") == value(true));
}

TEST_CASE("a false link stops the chain before later operands", "[conditions][eval]") {
  CHECK(eval_text("(< 2 1 device.missing)") == value(false));
  CHECK(error_of("(< 1 2 device.missing)").message == "device has no field 'missing'");
}

TEST_CASE("ordering mixed types is a type error", "[conditions][eval]") {
  auto e = error_of("(and True (< \"a\" 1))");
  CHECK(e.message == "'<' not supported between instances of 'str' and 'int'");
  CHECK(e.position == at(10));
  CHECK(error_of("(>= None 1)").message == "'>=' not supported between instances of 'NoneType' and 'int'");
  CHECK(error_of("(> [1] 1)").message == "'>' not supported between instances of 'list' and 'int'");
  CHECK(error_of("(<= device.sn device.shift_number)").message ==
        "'<=' not supported between instances of 'str' and 'int'");
  // Lists compare element by element, so the error is about the first differing pair.
  CHECK(error_of("(< [1 \"a\"] [1 2])").message == "'<' not supported between instances of 'str' and 'int'");
}

TEST_CASE("in looks for a substring or a list element", "[conditions][eval]") {
  CHECK(eval_text("(in \"B\" \"ABC\")") == value(true));
  CHECK(eval_text("(in \"BC\" \"ABC\")") == value(true));
  CHECK(eval_text("(in \"\" \"x\")") == value(true));
  CHECK(eval_text("(in \"Z\" \"ABC\")") == value(false));
  CHECK(eval_text("(in 2 [1 2 3])") == value(true));
  CHECK(eval_text("(in \"2\" [1 2 3])") == value(false));
  CHECK(eval_text("(in True [1])") == value(true));
  CHECK(eval_text("(in [1] [[1] [2]])") == value(true));
  CHECK(eval_text("(in 1 [])") == value(false));
  CHECK(eval_text("(not-in 4 [1 2 3])") == value(true));
  CHECK(eval_text("(not-in \"A\" \"ABC\")") == value(false));
  auto e = error_of("(in 1 \"abc\")");
  CHECK(e.message == "'in <string>' requires string as left operand, not int");
  CHECK(e.position == at(0));
  CHECK(error_of("(in 1 5)").message == "argument of type 'int' is not iterable");
  CHECK(error_of("(in 1 None)").message == "argument of type 'NoneType' is not iterable");
}

TEST_CASE("get indexes lists", "[conditions][eval]") {
  CHECK(eval_text("(get [10 20 30] 1)").as_int() == 20);
  CHECK(eval_text("(get [10 20 30] -1)").as_int() == 30);
  CHECK(eval_text("(get [10 20 30] -3)").as_int() == 10);
  CHECK(eval_text("(get [[1 2] [3 4]] 1 0)").as_int() == 3);
  CHECK(error_of("(get [10 20] 2)").message == "list index out of range");
  CHECK(error_of("(get [10 20] -3)").message == "list index out of range");
  CHECK(error_of("(get [1] \"0\")").message == "list indices must be integers, not str");
  CHECK(error_of("(get \"abc\" 0)").message == "(get): 'str' is not a list");
}

TEST_CASE("device fields by attribute and by get", "[conditions][eval][device]") {
  CHECK(eval_text("device.sn").as_string() == "0011223344556677");
  CHECK(eval_text("(get device \"sn\")").as_string() == "0011223344556677");
  CHECK(eval_text("(= device.sn (get device \"sn\") \"0011223344556677\")") == value(true));
  CHECK(eval_text("(get device \"groups\")") == value(value_list{"A", "kitchen"}));
  CHECK(eval_text("(get device \"groups\" 0)").as_string() == "A");
  CHECK(eval_text("(get device.groups -1)").as_string() == "kitchen");
  CHECK(eval_text("device.shift_number").as_int() == 12);
  CHECK(eval_text("device.unsent-count").as_int() == 15);  // hy mangles - to _
  CHECK(eval_text("device.shift_open") == value(true));
  CHECK(eval_text("device.note").is_none());
}

TEST_CASE("an unknown device field is named in the error", "[conditions][eval][device]") {
  auto e = error_of("(= device.serial 1)");
  CHECK(e.message == "device has no field 'serial'");
  CHECK(e.position == at(3));
  e = error_of("(and (get device \"nope\"))");
  CHECK(e.message == "device has no field 'nope'");
  CHECK(e.position == at(5));
  CHECK(error_of("(get device 1)").message == "(get device key): the key must be a str, not int");
  CHECK(error_of("device.sn", device_attributes{}).message == "device has no field 'sn'");
}

TEST_CASE("realistic conditions", "[conditions][eval][device]") {
  CHECK(eval_text("(and (in \"A\" device.groups) (= device.inn \"7701234567\"))") == value(true));
  CHECK(eval_text("(and (in \"B\" device.groups) (= device.inn \"7701234567\"))") == value(false));
  CHECK(eval_text("(> device.unsent_count 10)") == value(true));
  CHECK(eval_text("(> device.unsent_count 15)") == value(false));
  CHECK(eval_text("(or (= device.state \"ready\") (in \"kitchen\" (get device \"groups\")))") == value(true));
  CHECK(eval_text("(and device.shift_open (<= 1 device.shift_number 9999))") == value(true));
  CHECK(eval_text("(in \"SHTRIH\" device.model)") == value(true));
  device_attributes other = sample_device();
  other["unsent_count"] = value(3);
  other["groups"] = value(value_list{});
  CHECK(eval_text("(> device.unsent_count 10)", other) == value(false));
  CHECK(eval_text("(in \"A\" device.groups)", other) == value(false));
  CHECK(holds(parse_expression("(not device.groups)"), other));
  CHECK_FALSE(holds(parse_expression("(not device.groups)"), sample_device()));
}

TEST_CASE("each node visit costs one step", "[conditions][eval][bounds]") {
  // (and 1 1 1): the form and three literals = 4 steps (the operator symbol is no node
  // at evaluation time).
  const expression e = parse_expression("(and 1 1 1)");
  CHECK(evaluate(e, {}, 4).as_int() == 1);
  const auto error = error_of("(and 1 1 1)", {}, 3);
  CHECK(error.message == "too many steps: the evaluation needs more than 3 steps");
  CHECK(error.position == at(9));  // the third 1
}

TEST_CASE("in charges a step per list element scanned", "[conditions][eval][bounds]") {
  // form 1 + literal 1 + list 1 + three elements = 6 visits, then 3 elements scanned.
  const expression e = parse_expression("(in 3 [1 2 3])");
  CHECK(evaluate(e, {}, 9) == value(true));
  CHECK_THROWS_AS(evaluate(e, {}, 8), condition_error);
  // A huge list supplied by the device is bounded the same way.
  value_list many(200000, value("x"));
  device_attributes device{{"groups", value(many)}};
  CHECK(error_of("(in \"A\" device.groups)", device).message ==
        "too many steps: the evaluation needs more than 100000 steps");
  CHECK(eval_text("(in \"A\" device.groups)", device, 300000) == value(false));
}

TEST_CASE("a large expression hits the step bound", "[conditions][eval][bounds]") {
  std::string text = "(and";
  for (int i = 0; i < 9998; ++i) text += " 1";
  text += ")";
  const expression e = parse_expression(text);
  CHECK(evaluate(e, {}, 9999).as_int() == 1);
  CHECK(error_of(text, {}, 5000).message == "too many steps: the evaluation needs more than 5000 steps");
}
