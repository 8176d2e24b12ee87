#pragma once
// The API's `conditional` object: a dialect ("hy", the only one) and a list of
// (condition, expression). Each condition may appear more than once; all its
// expressions must hold. Parsing happens once, when the request arrives, so every
// syntax error is a 400 before any register is touched.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "actors/conditions/evaluate.hpp"
#include "actors/conditions/expression.hpp"

namespace ws::conditions {

enum class condition_kind {
  accept_device,        ///< filters candidate registers
  after_select_device,  ///< checks the chosen one (false: try another)
  before,               ///< just before printing (false: fail, nothing printed)
  after,                ///< right after printing (false: an error carrying the document)
};

/// "accept_device", "after_select_device", "before", "after".
std::string_view name_of(condition_kind kind);
std::optional<condition_kind> condition_kind_from_name(std::string_view name);

/// One element of the request's `conditions` array, as received.
struct condition_source {
  std::string condition;
  std::string expression;
};

struct conditional {
  std::vector<expression> accept_device;
  std::vector<expression> after_select_device;
  std::vector<expression> before;
  std::vector<expression> after;

  const std::vector<expression>& of(condition_kind kind) const;
  bool empty() const;
};

inline constexpr std::size_t max_conditions = 64;

/// Validates the dialect and the condition names and parses every expression. Throws
/// condition_error whose message names the entry, e.g. "conditions[1] (before): unknown
/// name 'x'", with the offset inside that entry's expression.
conditional parse_conditional(std::string_view dialect, const std::vector<condition_source>& conditions,
                              const parse_limits& limits = {});

/// True when every expression of that kind is truthy for the device (true when there
/// are none). Each expression gets its own step budget. An evaluation error is rethrown
/// as condition_error prefixed with the condition's name.
bool holds(const conditional& c, condition_kind kind, const device_attributes& device,
           std::size_t step_budget = default_step_budget);

}  // namespace ws::conditions
