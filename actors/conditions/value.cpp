#include "actors/conditions/value.hpp"

#include <cstddef>

namespace ws::conditions {
namespace {

bool is_number(const value& v) { return v.is_int() || v.is_bool(); }

std::int64_t number_of(const value& v) { return v.is_bool() ? (v.as_bool() ? 1 : 0) : v.as_int(); }

std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

}  // namespace

const char* type_name(const value& v) {
  if (v.is_none()) return "NoneType";
  if (v.is_bool()) return "bool";
  if (v.is_int()) return "int";
  if (v.is_string()) return "str";
  return "list";
}

bool truthy(const value& v) {
  if (v.is_none()) return false;
  if (v.is_bool()) return v.as_bool();
  if (v.is_int()) return v.as_int() != 0;
  if (v.is_string()) return !v.as_string().empty();
  return !v.as_list().empty();
}

bool operator==(const value& a, const value& b) {
  if (is_number(a) && is_number(b)) return number_of(a) == number_of(b);
  if (a.data.index() != b.data.index()) return false;
  if (a.is_none()) return true;
  if (a.is_string()) return a.as_string() == b.as_string();
  const value_list& x = a.as_list();
  const value_list& y = b.as_list();
  if (x.size() != y.size()) return false;
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (x[i] != y[i]) return false;
  }
  return true;
}

std::string to_display(const value& v) {
  if (v.is_none()) return "None";
  if (v.is_bool()) return v.as_bool() ? "True" : "False";
  if (v.is_int()) return std::to_string(v.as_int());
  if (v.is_string()) return quoted(v.as_string());
  std::string out = "[";
  for (const value& item : v.as_list()) {
    if (out.size() > 1) out += ' ';
    out += to_display(item);
  }
  return out + "]";
}

}  // namespace ws::conditions
