#include "actors/conditions/evaluate.hpp"

#include <algorithm>
#include <string>

#include "actors/conditions/condition_error.hpp"

namespace ws::conditions {
namespace {

bool is_number(const value& v) { return v.is_int() || v.is_bool(); }

std::int64_t number_of(const value& v) { return v.is_bool() ? (v.as_bool() ? 1 : 0) : v.as_int(); }

const char* symbol_of(operation op) {
  switch (op) {
    case operation::less: return "<";
    case operation::less_equal: return "<=";
    case operation::greater: return ">";
    case operation::greater_equal: return ">=";
    default: return "?";
  }
}

class evaluator {
 public:
  evaluator(const device_attributes& device, std::size_t budget) : device_(device), budget_(budget) {}

  value eval(const node& n) {
    charge(1, n.position);
    switch (n.type) {
      case node::kind::literal: return n.literal;
      case node::kind::list: return eval_list(n);
      case node::kind::device_field: return field(n.field, n.position);
      case node::kind::device_lookup: return lookup(n);
      case node::kind::call: return call(n);
    }
    throw condition_error("internal: unknown node", n.position);
  }

 private:
  void charge(std::size_t steps, std::size_t position) {
    if (steps > budget_ - used_) {
      throw condition_error("too many steps: the evaluation needs more than " + std::to_string(budget_) +
                                " steps",
                            position);
    }
    used_ += steps;
  }

  value eval_list(const node& n) {
    value_list items;
    items.reserve(n.children.size());
    for (const node& child : n.children) items.push_back(eval(child));
    return value(std::move(items));
  }

  value field(const std::string& name, std::size_t position) const {
    const auto found = device_.find(name);
    if (found == device_.end()) throw condition_error("device has no field '" + name + "'", position);
    return found->second;
  }

  value lookup(const node& n) {
    const value key = eval(n.children[0]);
    if (!key.is_string()) {
      throw condition_error(std::string("(get device key): the key must be a str, not ") + type_name(key),
                            n.position);
    }
    return field(key.as_string(), n.position);
  }

  value call(const node& n) {
    switch (n.op) {
      case operation::and_: return eval_and(n);
      case operation::or_: return eval_or(n);
      case operation::not_: return value(!truthy(eval(n.children[0])));
      case operation::equal:
      case operation::not_equal:
      case operation::less:
      case operation::less_equal:
      case operation::greater:
      case operation::greater_equal: return eval_chain(n);
      case operation::in: return value(contains(n));
      case operation::not_in: return value(!contains(n));
      case operation::get: return eval_get(n);
    }
    throw condition_error("internal: unknown operation", n.position);
  }

  // Python's `and`/`or` yield an operand, not a bool, and stop at the first decisive one.
  value eval_and(const node& n) {
    value last(true);
    for (const node& child : n.children) {
      last = eval(child);
      if (!truthy(last)) return last;
    }
    return last;
  }

  value eval_or(const node& n) {
    value last;
    for (const node& child : n.children) {
      last = eval(child);
      if (truthy(last)) return last;
    }
    return last;
  }

  // (< a b c) is a < b and b < c, each operand evaluated once, stopping at the first false.
  value eval_chain(const node& n) {
    value left = eval(n.children[0]);
    for (std::size_t i = 1; i < n.children.size(); ++i) {
      value right = eval(n.children[i]);
      if (!compare(n.op, left, right, n.position)) return value(false);
      left = std::move(right);
    }
    return value(true);
  }

  bool compare(operation op, const value& a, const value& b, std::size_t position) {
    charge_for_lists(a, b, position);
    if (op == operation::equal) return a == b;
    if (op == operation::not_equal) return a != b;
    const int order = three_way(a, b, op, position);
    switch (op) {
      case operation::less: return order < 0;
      case operation::less_equal: return order <= 0;
      case operation::greater: return order > 0;
      default: return order >= 0;
    }
  }

  void charge_for_lists(const value& a, const value& b, std::size_t position) {
    if (a.is_list() && b.is_list()) charge(std::min(a.as_list().size(), b.as_list().size()), position);
  }

  // Ordering as Python defines it: numbers (bool counts as int), str by code point (the
  // UTF-8 byte order is the same), lists lexicographically; anything else is a TypeError.
  int three_way(const value& a, const value& b, operation op, std::size_t position) {
    if (is_number(a) && is_number(b)) {
      const std::int64_t x = number_of(a);
      const std::int64_t y = number_of(b);
      return x < y ? -1 : (x > y ? 1 : 0);
    }
    if (a.is_string() && b.is_string()) {
      const int c = a.as_string().compare(b.as_string());
      return c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
    if (a.is_list() && b.is_list()) {
      const value_list& x = a.as_list();
      const value_list& y = b.as_list();
      for (std::size_t i = 0; i < x.size() && i < y.size(); ++i) {
        if (x[i] != y[i]) return three_way(x[i], y[i], op, position);
      }
      return x.size() < y.size() ? -1 : (x.size() > y.size() ? 1 : 0);
    }
    throw condition_error(std::string("'") + symbol_of(op) + "' not supported between instances of '" +
                              type_name(a) + "' and '" + type_name(b) + "'",
                          position);
  }

  bool contains(const node& n) {
    const value item = eval(n.children[0]);
    const value collection = eval(n.children[1]);
    if (collection.is_string()) {
      if (!item.is_string()) {
        throw condition_error(std::string("'in <string>' requires string as left operand, not ") + type_name(item),
                              n.position);
      }
      return collection.as_string().find(item.as_string()) != std::string::npos;
    }
    if (collection.is_list()) {
      for (const value& element : collection.as_list()) {
        charge(1, n.position);
        if (element == item) return true;
      }
      return false;
    }
    throw condition_error(std::string("argument of type '") + type_name(collection) + "' is not iterable",
                          n.position);
  }

  // (get coll i j ...) is coll[i][j]...; only lists are indexable here.
  value eval_get(const node& n) {
    value current = eval(n.children[0]);
    for (std::size_t i = 1; i < n.children.size(); ++i) {
      const value index = eval(n.children[i]);
      current = element_at(current, index, n.position);
    }
    return current;
  }

  static value element_at(const value& container, const value& index, std::size_t position) {
    if (!container.is_list()) {
      throw condition_error(std::string("(get): '") + type_name(container) + "' is not a list", position);
    }
    if (!is_number(index)) {
      throw condition_error(std::string("list indices must be integers, not ") + type_name(index), position);
    }
    const value_list& items = container.as_list();
    const auto size = static_cast<std::int64_t>(items.size());
    std::int64_t i = number_of(index);
    if (i < 0) i += size;  // Python: -1 is the last element
    if (i < 0 || i >= size) throw condition_error("list index out of range", position);
    return items[static_cast<std::size_t>(i)];
  }

  const device_attributes& device_;
  std::size_t budget_;
  std::size_t used_ = 0;
};

}  // namespace

value evaluate(const expression& e, const device_attributes& device, std::size_t step_budget) {
  return evaluator(device, step_budget).eval(e.root);
}

bool holds(const expression& e, const device_attributes& device, std::size_t step_budget) {
  return truthy(evaluate(e, device, step_budget));
}

}  // namespace ws::conditions
