#pragma once
// A parsed condition: a tree of nodes, checked at parse time so that evaluation only
// meets type errors and missing fields, never syntax. Built only by parse_expression.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "actors/conditions/value.hpp"

namespace ws::conditions {

enum class operation {
  and_,     ///< (and a b ...): first falsy operand, or the last; (and) is True
  or_,      ///< (or a b ...): first truthy operand, or the last; (or) is None
  not_,     ///< (not x)
  equal,    ///< (= a b ...), chained
  not_equal,  ///< (!= a b ...), chained pairwise like Python's a != b != c
  less,     ///< (< a b ...), chained
  less_equal,
  greater,
  greater_equal,
  in,       ///< (in x coll): substring of a str, or element of a list
  not_in,   ///< (not-in x coll)
  get,      ///< (get coll index ...): list element by int index (negative from the end)
};

struct node {
  enum class kind {
    literal,        ///< constant: literal holds it
    list,           ///< [a b c]: children are the elements
    device_field,   ///< device.name: field holds the name
    device_lookup,  ///< (get device key): children[0] is the key expression
    call,           ///< (op args...): op and children
  };

  kind type = kind::literal;
  value literal;
  std::string field;
  operation op = operation::and_;
  std::vector<node> children;
  std::size_t position = 0;  ///< byte offset of the node in the source text
};

struct expression {
  node root;
  std::string source;
  std::size_t node_count = 0;
};

struct parse_limits {
  std::size_t max_text_bytes = 64 * 1024;
  std::size_t max_nodes = 10000;  ///< every atom and every form counts as one node
  std::size_t max_depth = 64;     ///< nesting of () and []
};

/// Parses one hy expression. Throws condition_error (with the byte offset) for a syntax
/// error, an unknown operator or name, a bad literal, or a text beyond the limits.
expression parse_expression(std::string_view text, const parse_limits& limits = {});

}  // namespace ws::conditions
