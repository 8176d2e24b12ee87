#pragma once
// A value of the condition language, with Python's semantics (hy compiles to Python):
// None, bool, int, str and list. bool counts as an int in comparisons, as in Python
// (True == 1). Integers are exact 64-bit; there are no floats (money is never a float).
// device_attributes is the read-only record `device` a condition sees: a plain map the
// broker fills from a register's identity and status.

#include <cstdint>
#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

namespace ws::conditions {

struct value;
using value_list = std::vector<value>;

struct value {
  using variant_type = std::variant<std::monostate, bool, std::int64_t, std::string, value_list>;
  variant_type data;

  value() = default;  ///< None
  value(std::nullptr_t) {}  ///< None
  value(bool b) : data(b) {}
  template <class Integer,
            std::enable_if_t<std::is_integral_v<Integer> && !std::is_same_v<Integer, bool>, int> = 0>
  value(Integer i) : data(checked_int(i)) {}
  value(std::string s) : data(std::move(s)) {}
  value(const char* s) : data(std::string(s)) {}
  value(std::string_view s) : data(std::string(s)) {}
  value(value_list items) : data(std::move(items)) {}

  bool is_none() const { return std::holds_alternative<std::monostate>(data); }
  bool is_bool() const { return std::holds_alternative<bool>(data); }
  bool is_int() const { return std::holds_alternative<std::int64_t>(data); }
  bool is_string() const { return std::holds_alternative<std::string>(data); }
  bool is_list() const { return std::holds_alternative<value_list>(data); }

  bool as_bool() const { return std::get<bool>(data); }
  std::int64_t as_int() const { return std::get<std::int64_t>(data); }
  const std::string& as_string() const { return std::get<std::string>(data); }
  const value_list& as_list() const { return std::get<value_list>(data); }

 private:
  template <class Integer>
  static std::int64_t checked_int(Integer i) {
    if constexpr (std::is_unsigned_v<Integer> && sizeof(Integer) >= sizeof(std::int64_t)) {
      if (i > static_cast<Integer>(INT64_MAX)) throw std::out_of_range("integer does not fit in int64");
    }
    return static_cast<std::int64_t>(i);
  }
};

/// The register's attributes by name: sn, groups, model, version, inn, shift_number...
using device_attributes = std::map<std::string, value, std::less<>>;

/// Python's type name: "NoneType", "bool", "int", "str", "list".
const char* type_name(const value& v);

/// Python truthiness: None, False, 0, "" and [] are false; everything else is true.
bool truthy(const value& v);

/// Structural equality with Python's rules (True == 1; "1" != 1; lists element-wise).
bool operator==(const value& a, const value& b);
inline bool operator!=(const value& a, const value& b) { return !(a == b); }

/// A readable rendering, hy-style: None, True, 42, "text", [1 2 "x"].
std::string to_display(const value& v);

}  // namespace ws::conditions
