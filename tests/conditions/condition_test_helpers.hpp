#pragma once
// Shared by the condition tests: a realistic register record, and one-liners to parse
// and evaluate a text or to capture the condition_error it throws.

#include <optional>
#include <string>

#include "actors/conditions/condition_error.hpp"
#include "actors/conditions/evaluate.hpp"
#include "actors/conditions/expression.hpp"

namespace ws::conditions::testing {

inline device_attributes sample_device() {
  return device_attributes{
      {"sn", value("0011223344556677")},
      {"groups", value(value_list{"A", "kitchen"})},
      {"model", value("SHTRIH-M-01F")},
      {"version", value("C.1")},
      {"inn", value("7701234567")},
      {"shift_number", value(12)},
      {"fn_sn", value("9999078900001234")},
      {"unsent_count", value(15)},
      {"state", value("ready")},
      {"shift_open", value(true)},
      {"note", value()},
  };
}

inline value eval_text(const std::string& text, const device_attributes& device = sample_device(),
                       std::size_t budget = default_step_budget) {
  return evaluate(parse_expression(text), device, budget);
}

struct caught {
  std::string message;
  std::optional<std::size_t> position;
};

/// Parses (and, when it parses, evaluates) text and returns the condition_error; fails
/// the test when nothing is thrown.
inline caught error_of(const std::string& text, const device_attributes& device = sample_device(),
                       std::size_t budget = default_step_budget, const parse_limits& limits = {}) {
  try {
    evaluate(parse_expression(text, limits), device, budget);
  } catch (const condition_error& e) {
    return caught{e.message(), e.position()};
  }
  return caught{"<no error>", std::nullopt};
}

}  // namespace ws::conditions::testing
