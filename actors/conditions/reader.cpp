#include "actors/conditions/reader.hpp"

#include <limits>

#include "actors/conditions/condition_error.hpp"

namespace ws::conditions::detail {
namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool ends_atom(char c) {
  return is_space(c) || c == '(' || c == ')' || c == '[' || c == ']' || c == '{' || c == '}' ||
         c == '"' || c == ';';
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void append_utf8(std::string& out, std::uint32_t cp) {
  auto byte = [&out](std::uint32_t b) { out += static_cast<char>(static_cast<unsigned char>(b)); };
  if (cp < 0x80) {
    byte(cp);
  } else if (cp < 0x800) {
    byte(0xC0 | (cp >> 6));
    byte(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    byte(0xE0 | (cp >> 12));
    byte(0x80 | ((cp >> 6) & 0x3F));
    byte(0x80 | (cp & 0x3F));
  } else {
    byte(0xF0 | (cp >> 18));
    byte(0x80 | ((cp >> 12) & 0x3F));
    byte(0x80 | ((cp >> 6) & 0x3F));
    byte(0x80 | (cp & 0x3F));
  }
}

class reader {
 public:
  reader(std::string_view text, const parse_limits& limits) : text_(text), limits_(limits) {}

  read_result read_all() {
    if (text_.size() > limits_.max_text_bytes) {
      throw condition_error("expression too long: more than " + std::to_string(limits_.max_text_bytes) +
                            " bytes");
    }
    skip_blank();
    if (at_end()) throw condition_error("empty expression", pos_);
    read_result result;
    result.root = read_datum(0);
    skip_blank();
    if (!at_end()) throw condition_error("unexpected text after the expression", pos_);
    result.node_count = nodes_;
    return result;
  }

 private:
  bool at_end() const { return pos_ >= text_.size(); }
  char peek() const { return text_[pos_]; }

  void skip_blank() {
    while (!at_end()) {
      if (is_space(peek())) {
        ++pos_;
      } else if (peek() == ';') {  // a comment runs to the end of the line
        while (!at_end() && peek() != '\n') ++pos_;
      } else {
        return;
      }
    }
  }

  void count_node(std::size_t at) {
    if (++nodes_ > limits_.max_nodes) {
      throw condition_error("expression too large: more than " + std::to_string(limits_.max_nodes) + " nodes",
                            at);
    }
  }

  datum read_datum(std::size_t depth) {
    const std::size_t start = pos_;
    count_node(start);
    const char c = peek();
    if (c == '(') return read_sequence(depth, datum::kind::form, ')');
    if (c == '[') return read_sequence(depth, datum::kind::bracket_list, ']');
    if (c == ')' || c == ']') {
      throw condition_error(std::string("unbalanced parentheses: unexpected '") + c + "'", start);
    }
    if (c == '"') return read_string();
    if (c == '{' || c == '}') throw condition_error("dictionaries ({...}) are not supported", start);
    if (c == '\'' || c == '`' || c == '~' || c == '#') {
      throw condition_error(std::string("unsupported syntax '") + c + "'", start);
    }
    return read_atom();
  }

  datum read_sequence(std::size_t depth, datum::kind type, char closer) {
    const std::size_t open_at = pos_;
    const char opener = peek();
    if (depth + 1 > limits_.max_depth) {
      throw condition_error("expression nested too deeply: more than " + std::to_string(limits_.max_depth) +
                                " levels",
                            open_at);
    }
    ++pos_;
    datum d;
    d.type = type;
    d.position = open_at;
    for (;;) {
      skip_blank();
      if (at_end()) {
        throw condition_error(std::string("unbalanced parentheses: '") + opener + "' is never closed", open_at);
      }
      const char c = peek();
      if (c == closer) {
        ++pos_;
        return d;
      }
      if (c == ')' || c == ']') {
        throw condition_error(std::string("unbalanced parentheses: expected '") + closer + "' to close the '" +
                                  opener + "' at offset " + std::to_string(open_at) + ", found '" + c + "'",
                              pos_);
      }
      d.items.push_back(read_datum(depth + 1));
    }
  }

  std::uint32_t read_hex_escape(std::size_t digits, std::size_t escape_at) {
    std::uint32_t cp = 0;
    for (std::size_t i = 0; i < digits; ++i) {
      const int h = at_end() ? -1 : hex_digit(peek());
      if (h < 0) {
        throw condition_error("bad string escape: expected " + std::to_string(digits) + " hex digits", escape_at);
      }
      cp = cp * 16 + static_cast<std::uint32_t>(h);
      ++pos_;
    }
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      throw condition_error("bad string escape: not a Unicode code point", escape_at);
    }
    return cp;
  }

  void read_escape(std::string& out) {
    const std::size_t escape_at = pos_;
    ++pos_;  // the backslash
    if (at_end()) throw condition_error("unterminated string", escape_at);
    const char c = peek();
    ++pos_;
    switch (c) {
      case '"': out += '"'; return;
      case '\\': out += '\\'; return;
      case 'n': out += '\n'; return;
      case 't': out += '\t'; return;
      case 'r': out += '\r'; return;
      case '0': out += '\0'; return;
      case 'x': append_utf8(out, read_hex_escape(2, escape_at)); return;
      case 'u': append_utf8(out, read_hex_escape(4, escape_at)); return;
      case 'U': append_utf8(out, read_hex_escape(8, escape_at)); return;
      default:
        throw condition_error(std::string("bad string escape '\\") + c + "'", escape_at);
    }
  }

  datum read_string() {
    datum d;
    d.type = datum::kind::string;
    d.position = pos_;
    ++pos_;  // the opening quote
    for (;;) {
      if (at_end()) throw condition_error("unterminated string", d.position);
      const char c = peek();
      if (c == '"') {
        ++pos_;
        return d;
      }
      if (c == '\\') {
        read_escape(d.text);
      } else {
        d.text += c;
        ++pos_;
      }
    }
  }

  datum read_atom() {
    datum d;
    d.position = pos_;
    while (!at_end() && !ends_atom(peek())) ++pos_;
    d.text = std::string(text_.substr(d.position, pos_ - d.position));
    if (looks_numeric(d.text)) {
      d.type = datum::kind::integer;
      d.integer = parse_integer(d.text, d.position);
    } else {
      d.type = datum::kind::symbol;
    }
    return d;
  }

  static bool looks_numeric(const std::string& s) {
    const std::size_t first = (s[0] == '+' || s[0] == '-') ? 1 : 0;
    if (first < s.size() && is_digit(s[first])) return true;
    return first < s.size() && s[first] == '.' && first + 1 < s.size() && is_digit(s[first + 1]);
  }

  static std::int64_t parse_integer(const std::string& s, std::size_t at) {
    const bool negative = s[0] == '-';
    const std::size_t first = (s[0] == '+' || s[0] == '-') ? 1 : 0;
    // Accumulate as a negative number so that INT64_MIN is reachable.
    std::int64_t acc = 0;
    constexpr std::int64_t min = std::numeric_limits<std::int64_t>::min();
    for (std::size_t i = first; i < s.size(); ++i) {
      if (!is_digit(s[i])) {
        const bool floaty = s.find_first_of(".eE") != std::string::npos;
        throw condition_error(floaty ? "floating-point numbers are not supported: '" + s + "'"
                                     : "bad number literal '" + s + "'",
                              at);
      }
      const int digit = s[i] - '0';
      if (acc < (min + digit) / 10) throw condition_error("integer literal out of range '" + s + "'", at);
      acc = acc * 10 - digit;
    }
    if (negative) return acc;
    if (acc == min) throw condition_error("integer literal out of range '" + s + "'", at);
    return -acc;
  }

  std::string_view text_;
  const parse_limits& limits_;
  std::size_t pos_ = 0;
  std::size_t nodes_ = 0;
};

}  // namespace

read_result read_one(std::string_view text, const parse_limits& limits) { return reader(text, limits).read_all(); }

}  // namespace ws::conditions::detail
