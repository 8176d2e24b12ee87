#include "http/json_writer.hpp"

#include <stdexcept>

namespace ws::http {

namespace {

/// Length of the valid UTF-8 sequence at `i`, or 0 when the bytes there are not one
/// (overlong forms, surrogates and values past U+10FFFF count as invalid).
std::size_t utf8_sequence_length(std::string_view s, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char lead = byte(i);
  std::size_t length = 0;
  unsigned char low = 0x80;
  unsigned char high = 0xBF;
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    return 0;
  }
  if (i + length > s.size()) return 0;
  if (byte(i + 1) < low || byte(i + 1) > high) return 0;
  for (std::size_t k = 2; k < length; ++k) {
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
  }
  return length;
}

void append_quoted(std::string& out, std::string_view text) {
  static constexpr char hex[] = "0123456789abcdef";
  out += '"';
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80) {
      const std::size_t length = utf8_sequence_length(text, i);
      if (length == 0) {
        out += "\xEF\xBF\xBD";  // U+FFFD for a byte that starts no valid sequence
        ++i;
      } else {
        out.append(text.substr(i, length));
        i += length;
      }
      continue;
    }
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          out += "\\u00";
          out += hex[c >> 4];
          out += hex[c & 0x0F];
        } else {
          out += static_cast<char>(c);
        }
    }
    ++i;
  }
  out += '"';
}

}  // namespace

std::string json_quote(std::string_view text) {
  std::string out;
  append_quoted(out, text);
  return out;
}

void json_writer::before_value() {
  if (stack_.empty()) {
    if (done_) throw std::logic_error("json_writer: a second top-level value");
    done_ = true;
    return;
  }
  frame& top = stack_.back();
  if (top.kind == scope::object) {
    if (!top.key_pending) throw std::logic_error("json_writer: value without a key");
    top.key_pending = false;
    return;
  }
  if (!top.empty) out_ += ',';
  top.empty = false;
}

json_writer& json_writer::key(std::string_view name) {
  if (stack_.empty() || stack_.back().kind != scope::object) {
    throw std::logic_error("json_writer: key outside an object");
  }
  frame& top = stack_.back();
  if (top.key_pending) throw std::logic_error("json_writer: two keys in a row");
  if (!top.empty) out_ += ',';
  top.empty = false;
  top.key_pending = true;
  append_quoted(out_, name);
  out_ += ':';
  return *this;
}

json_writer& json_writer::begin_object() {
  before_value();
  out_ += '{';
  stack_.push_back(frame{scope::object});
  return *this;
}

json_writer& json_writer::begin_array() {
  before_value();
  out_ += '[';
  stack_.push_back(frame{scope::array});
  return *this;
}

void json_writer::close(scope kind, char bracket) {
  if (stack_.empty() || stack_.back().kind != kind || stack_.back().key_pending) {
    throw std::logic_error("json_writer: unbalanced end");
  }
  stack_.pop_back();
  out_ += bracket;
}

json_writer& json_writer::end_object() {
  close(scope::object, '}');
  return *this;
}

json_writer& json_writer::end_array() {
  close(scope::array, ']');
  return *this;
}

json_writer& json_writer::string(std::string_view text) {
  before_value();
  append_quoted(out_, text);
  return *this;
}

json_writer& json_writer::number(std::int64_t value) {
  before_value();
  out_ += std::to_string(value);
  return *this;
}

json_writer& json_writer::unsigned_number(std::uint64_t value) {
  before_value();
  out_ += std::to_string(value);
  return *this;
}

json_writer& json_writer::boolean(bool value) {
  before_value();
  out_ += value ? "true" : "false";
  return *this;
}

json_writer& json_writer::null() {
  before_value();
  out_ += "null";
  return *this;
}

json_writer& json_writer::raw(std::string_view json) {
  before_value();
  out_.append(json);
  return *this;
}

const std::string& json_writer::text() const {
  if (!stack_.empty() || !done_) throw std::logic_error("json_writer: document not finished");
  return out_;
}

}  // namespace ws::http
