// The `conditional` language (actors/conditions): parse an expression, then evaluate it
// against a register's attributes with a small step budget. First byte: the budget
// (x 16 steps). Faults must be condition_error; evaluation must stop within its budget
// (a hang here is a finding: libFuzzer's -timeout catches it).

#include <string>
#include <string_view>

#include "actors/conditions/condition_error.hpp"
#include "actors/conditions/conditional.hpp"
#include "fuzz/fuzz_input.hpp"

using namespace ws::conditions;

namespace {

const device_attributes& device() {
  static const device_attributes attributes{
      {"sn", value("0000000000000001")},
      {"groups", value(value_list{value("A"), value("_NOGROUP")})},
      {"model", value("SHTRIH-M-01F")},
      {"version", value(2)},
      {"inn", value("7720000014")},
      {"shift_number", value(12)},
      {"shift_open", value(true)},
      {"paper", value(true)},
      {"fn_serial", value(nullptr)},
  };
  return attributes;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t budget = 16 * (1 + std::size_t{data[0]});
  const std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
  expression e;
  try {
    e = parse_expression(text);
  } catch (const condition_error&) {
    return 0;
  }
  try {
    (void)holds(e, device(), budget);
  } catch (const condition_error&) {
  }
  // The same text through the request-level entry point, as a `before` condition.
  try {
    const conditional c = parse_conditional("hy", {condition_source{"before", text}});
    (void)holds(c, condition_kind::before, device(), budget);
  } catch (const condition_error&) {
  }
  return 0;
}
