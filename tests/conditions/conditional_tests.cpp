#include <catch2/catch.hpp>

#include "actors/conditions/condition_error.hpp"
#include "actors/conditions/conditional.hpp"
#include "condition_test_helpers.hpp"

using namespace ws::conditions;
using ws::conditions::testing::sample_device;

namespace {

condition_error parse_error_of(std::string_view dialect, const std::vector<condition_source>& sources) {
  try {
    parse_conditional(dialect, sources);
  } catch (const condition_error& e) {
    return e;
  }
  return condition_error("<no error>");
}

}  // namespace

TEST_CASE("condition names map both ways", "[conditions][conditional]") {
  CHECK(condition_kind_from_name("accept_device") == condition_kind::accept_device);
  CHECK(condition_kind_from_name("after_select_device") == condition_kind::after_select_device);
  CHECK(condition_kind_from_name("before") == condition_kind::before);
  CHECK(condition_kind_from_name("after") == condition_kind::after);
  CHECK_FALSE(condition_kind_from_name("After").has_value());
  CHECK(name_of(condition_kind::after_select_device) == "after_select_device");
  CHECK(name_of(condition_kind::after) == "after");
}

TEST_CASE("parse_conditional sorts expressions by condition", "[conditions][conditional]") {
  const conditional c = parse_conditional(
      "hy", {{"accept_device", "(in \"A\" device.groups)"},
             {"before", "(> device.unsent_count 10)"},
             {"accept_device", "(= device.inn \"7701234567\")"},
             {"after", "False"}});
  CHECK(c.accept_device.size() == 2);
  CHECK(c.after_select_device.empty());
  CHECK(c.before.size() == 1);
  CHECK(c.after.size() == 1);
  CHECK(c.accept_device[1].source == "(= device.inn \"7701234567\")");
  CHECK_FALSE(c.empty());
  CHECK(parse_conditional("hy", {}).empty());

  const device_attributes device = sample_device();
  CHECK(holds(c, condition_kind::accept_device, device));
  CHECK(holds(c, condition_kind::after_select_device, device));  // none: holds
  CHECK(holds(c, condition_kind::before, device));
  CHECK_FALSE(holds(c, condition_kind::after, device));

  device_attributes other_firm = device;
  other_firm["inn"] = value("7800000000");
  CHECK_FALSE(holds(c, condition_kind::accept_device, other_firm));  // the second one fails
}

TEST_CASE("parse_conditional rejects a wrong dialect or condition", "[conditions][conditional]") {
  auto e = parse_error_of("python", {});
  CHECK(e.message() == "unsupported dialect 'python': only \"hy\" is supported");
  CHECK_FALSE(e.position().has_value());
  e = parse_error_of("hy", {{"before", "True"}, {"during", "True"}});
  CHECK(e.message() == "conditions[1]: unknown condition 'during' (expected accept_device, "
                       "after_select_device, before or after)");
  std::vector<condition_source> too_many(65, condition_source{"before", "True"});
  CHECK(parse_error_of("hy", too_many).message() == "too many conditions: at most 64");
  too_many.pop_back();
  CHECK(parse_conditional("hy", too_many).before.size() == 64);
}

TEST_CASE("parse_conditional names the entry of a syntax error", "[conditions][conditional]") {
  const auto e = parse_error_of("hy", {{"accept_device", "True"}, {"before", "(and True (foo))"}});
  CHECK(e.message() == "conditions[1] (before): unknown operator 'foo'");
  CHECK(e.position() == std::optional<std::size_t>(11));
  CHECK(std::string(e.what()) == "conditions[1] (before): unknown operator 'foo' (at offset 11)");
}

TEST_CASE("holds names the condition of an evaluation error", "[conditions][conditional]") {
  const conditional c = parse_conditional("hy", {{"after_select_device", "(= device.colour \"red\")"}});
  try {
    holds(c, condition_kind::after_select_device, sample_device());
    FAIL("no error thrown");
  } catch (const condition_error& e) {
    CHECK(e.message() == "after_select_device: device has no field 'colour'");
    CHECK(e.position() == std::optional<std::size_t>(3));
  }
  const conditional slow = parse_conditional("hy", {{"before", "(and 1 1 1)"}});
  CHECK(holds(slow, condition_kind::before, {}, 4));
  CHECK_THROWS_WITH(holds(slow, condition_kind::before, {}, 3),
                    "before: too many steps: the evaluation needs more than 3 steps (at offset 9)");
}
