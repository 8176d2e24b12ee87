#include "actors/conditions/conditional.hpp"

#include "actors/conditions/condition_error.hpp"

namespace ws::conditions {
namespace {

constexpr condition_kind all_kinds[] = {condition_kind::accept_device, condition_kind::after_select_device,
                                        condition_kind::before, condition_kind::after};

// One switch for both constnesses: Conditional is conditional or const conditional.
template <class Conditional>
auto& slot(Conditional& c, condition_kind kind) {
  switch (kind) {
    case condition_kind::accept_device: return c.accept_device;
    case condition_kind::after_select_device: return c.after_select_device;
    case condition_kind::before: return c.before;
    case condition_kind::after: break;
  }
  return c.after;
}

}  // namespace

std::string_view name_of(condition_kind kind) {
  switch (kind) {
    case condition_kind::accept_device: return "accept_device";
    case condition_kind::after_select_device: return "after_select_device";
    case condition_kind::before: return "before";
    case condition_kind::after: break;
  }
  return "after";
}

std::optional<condition_kind> condition_kind_from_name(std::string_view name) {
  for (condition_kind kind : all_kinds) {
    if (name_of(kind) == name) return kind;
  }
  return std::nullopt;
}

const std::vector<expression>& conditional::of(condition_kind kind) const {
  return slot(*this, kind);
}

bool conditional::empty() const {
  return accept_device.empty() && after_select_device.empty() && before.empty() && after.empty();
}

conditional parse_conditional(std::string_view dialect, const std::vector<condition_source>& conditions,
                              const parse_limits& limits) {
  if (dialect != "hy") {
    throw condition_error("unsupported dialect '" + std::string(dialect) + "': only \"hy\" is supported");
  }
  if (conditions.size() > max_conditions) {
    throw condition_error("too many conditions: at most " + std::to_string(max_conditions));
  }
  conditional result;
  for (std::size_t i = 0; i < conditions.size(); ++i) {
    const condition_source& source = conditions[i];
    const std::string where = "conditions[" + std::to_string(i) + "]";
    const std::optional<condition_kind> kind = condition_kind_from_name(source.condition);
    if (!kind) {
      throw condition_error(where + ": unknown condition '" + source.condition +
                            "' (expected accept_device, after_select_device, before or after)");
    }
    try {
      slot(result, *kind).push_back(parse_expression(source.expression, limits));
    } catch (const condition_error& e) {
      throw condition_error(where + " (" + source.condition + "): " + e.message(), e.position());
    }
  }
  return result;
}

bool holds(const conditional& c, condition_kind kind, const device_attributes& device, std::size_t step_budget) {
  for (const expression& e : c.of(kind)) {
    try {
      if (!holds(e, device, step_budget)) return false;
    } catch (const condition_error& error) {
      throw condition_error(std::string(name_of(kind)) + ": " + error.message(), error.position());
    }
  }
  return true;
}

}  // namespace ws::conditions
