#pragma once
// The hy reader for conditions: text -> a tree of data (symbols, strings, integers,
// (forms) and [lists]), before any meaning is given to symbols. It enforces the size and
// depth limits, so everything after it works on a bounded tree. Internal to the module.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "actors/conditions/expression.hpp"

namespace ws::conditions::detail {

struct datum {
  enum class kind { symbol, string, integer, form, bracket_list };
  kind type = kind::symbol;
  std::string text;  ///< symbol name or decoded string
  std::int64_t integer = 0;
  std::vector<datum> items;  ///< form or bracket_list elements
  std::size_t position = 0;
};

struct read_result {
  datum root;
  std::size_t node_count = 0;
};

/// Reads exactly one datum from text; throws condition_error on a syntax error, on
/// trailing text, or beyond the limits.
read_result read_one(std::string_view text, const parse_limits& limits);

}  // namespace ws::conditions::detail
