// Gives meaning to the reader's data: operators, literals, and the two ways to read a
// device field. Everything that can be known without the device is checked here, so a
// condition with a typo fails when the request arrives (a 400), not at print time.

#include <utility>

#include "actors/conditions/condition_error.hpp"
#include "actors/conditions/expression.hpp"
#include "actors/conditions/reader.hpp"

namespace ws::conditions {
namespace {

using detail::datum;

constexpr std::string_view device_symbol = "device";
constexpr std::string_view device_prefix = "device.";

struct operator_entry {
  std::string_view name;
  operation op;
  std::size_t min_args;
  std::size_t max_args;  // 0: no upper bound
};

constexpr operator_entry operators[] = {
    {"and", operation::and_, 0, 0},
    {"or", operation::or_, 0, 0},
    {"not", operation::not_, 1, 1},
    {"=", operation::equal, 1, 0},
    {"!=", operation::not_equal, 1, 0},
    {"<", operation::less, 1, 0},
    {"<=", operation::less_equal, 1, 0},
    {">", operation::greater, 1, 0},
    {">=", operation::greater_equal, 1, 0},
    {"in", operation::in, 2, 2},
    {"not-in", operation::not_in, 2, 2},
    {"get", operation::get, 2, 0},
};

const operator_entry* find_operator(std::string_view name) {
  for (const operator_entry& entry : operators) {
    if (entry.name == name) return &entry;
  }
  return nullptr;
}

bool is_identifier(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) return false;
  }
  return !(name[0] >= '0' && name[0] <= '9');
}

node literal_node(value v, std::size_t position) {
  node n;
  n.type = node::kind::literal;
  n.literal = std::move(v);
  n.position = position;
  return n;
}

// hy mangles '-' in names to '_', so device.unsent-count reads the field unsent_count.
std::string mangled(std::string_view name) {
  std::string out(name);
  for (char& c : out) {
    if (c == '-') c = '_';
  }
  return out;
}

node compile(const datum& d);

node compile_device_field(const datum& d) {
  const std::string field = mangled(d.text.substr(device_prefix.size()));
  if (!is_identifier(field)) {
    throw condition_error("bad device field name in '" + d.text + "' (nested attributes are not supported)",
                          d.position);
  }
  node n;
  n.type = node::kind::device_field;
  n.field = field;
  n.position = d.position;
  return n;
}

node compile_symbol(const datum& d) {
  const std::string& s = d.text;
  if (s == "True" || s == "true") return literal_node(true, d.position);
  if (s == "False" || s == "false") return literal_node(false, d.position);
  if (s == "None" || s == "nil") return literal_node(value(), d.position);
  if (s == device_symbol) {
    throw condition_error("'device' is a record: read a field with device.name or (get device \"name\")",
                          d.position);
  }
  if (s.compare(0, device_prefix.size(), device_prefix) == 0) return compile_device_field(d);
  if (find_operator(s)) throw condition_error("operator '" + s + "' used as a value", d.position);
  throw condition_error("unknown name '" + s + "'", d.position);
}

node compile_list(const datum& d) {
  node n;
  n.type = node::kind::list;
  n.position = d.position;
  for (const datum& item : d.items) n.children.push_back(compile(item));
  return n;
}

void check_arity(const operator_entry& entry, std::size_t args, std::size_t position) {
  const std::string name(entry.name);
  if (args < entry.min_args) {
    throw condition_error("'" + name + "' needs at least " + std::to_string(entry.min_args) + " argument" +
                              (entry.min_args == 1 ? "" : "s"),
                          position);
  }
  if (entry.max_args != 0 && args > entry.max_args) {
    throw condition_error("'" + name + "' takes " + std::to_string(entry.max_args) + " argument" +
                              (entry.max_args == 1 ? "" : "s") + ", got " + std::to_string(args),
                          position);
  }
}

// (get device key more...) reads a field, then indexes into it with the remaining keys.
node compile_device_get(const datum& d) {
  node lookup;
  lookup.type = node::kind::device_lookup;
  lookup.position = d.position;
  lookup.children.push_back(compile(d.items[2]));
  if (d.items.size() == 3) return lookup;
  node call;
  call.type = node::kind::call;
  call.op = operation::get;
  call.position = d.position;
  call.children.push_back(std::move(lookup));
  for (std::size_t i = 3; i < d.items.size(); ++i) call.children.push_back(compile(d.items[i]));
  return call;
}

node compile_form(const datum& d) {
  if (d.items.empty()) throw condition_error("empty form '()'", d.position);
  const datum& head = d.items[0];
  if (head.type != datum::kind::symbol) throw condition_error("a form must start with an operator", head.position);
  const operator_entry* entry = find_operator(head.text);
  if (!entry) throw condition_error("unknown operator '" + head.text + "'", head.position);
  check_arity(*entry, d.items.size() - 1, d.position);
  if (entry->op == operation::get && d.items[1].type == datum::kind::symbol && d.items[1].text == device_symbol) {
    return compile_device_get(d);
  }
  node n;
  n.type = node::kind::call;
  n.op = entry->op;
  n.position = d.position;
  for (std::size_t i = 1; i < d.items.size(); ++i) n.children.push_back(compile(d.items[i]));
  return n;
}

node compile(const datum& d) {
  switch (d.type) {
    case datum::kind::integer: return literal_node(d.integer, d.position);
    case datum::kind::string: return literal_node(d.text, d.position);
    case datum::kind::symbol: return compile_symbol(d);
    case datum::kind::bracket_list: return compile_list(d);
    case datum::kind::form: return compile_form(d);
  }
  throw condition_error("internal: unknown datum", d.position);
}

}  // namespace

expression parse_expression(std::string_view text, const parse_limits& limits) {
  detail::read_result read = detail::read_one(text, limits);
  expression e;
  e.root = compile(read.root);
  e.source = std::string(text);
  e.node_count = read.node_count;
  return e;
}

}  // namespace ws::conditions
