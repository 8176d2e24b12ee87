#pragma once
// Evaluation of a parsed condition against one register's attributes. Bounded: every
// node visited costs one step, and so does every list element that `in` or a comparison
// walks; going past the budget throws condition_error "too many steps". Errors a Python
// program would raise (comparing a str with an int by '<', `in` on an int, a missing
// field) throw condition_error with the offending form's offset.

#include <cstddef>

#include "actors/conditions/expression.hpp"
#include "actors/conditions/value.hpp"

namespace ws::conditions {

inline constexpr std::size_t default_step_budget = 100000;

value evaluate(const expression& e, const device_attributes& device, std::size_t step_budget = default_step_budget);

/// Python truthiness of the result: what `accept_device`, `before`... act on.
bool holds(const expression& e, const device_attributes& device, std::size_t step_budget = default_step_budget);

}  // namespace ws::conditions
