#pragma once
// Writes JSON for every response. simdjson only reads, so this is the one place that
// knows the output rules: commas between members, string escaping (quote, backslash
// and every control character; other UTF-8 passes through, invalid bytes become
// U+FFFD so the output is always valid JSON), integers exactly. Misuse (a value where a
// key is due, unbalanced ends, reading an unfinished document) throws std::logic_error.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ws::http {

class json_writer {
 public:
  json_writer& begin_object();
  json_writer& end_object();
  json_writer& begin_array();
  json_writer& end_array();
  /// The next member's name; only inside an object.
  json_writer& key(std::string_view name);

  json_writer& string(std::string_view text);
  json_writer& number(std::int64_t value);
  json_writer& unsigned_number(std::uint64_t value);
  json_writer& boolean(bool value);
  json_writer& null();
  /// Already-valid JSON (a stored `trace`), inserted as a value without checking.
  json_writer& raw(std::string_view json);

  /// key + string value, the common case.
  json_writer& member(std::string_view name, std::string_view text) { return key(name).string(text); }

  /// The document; throws std::logic_error while an object or array is still open.
  const std::string& text() const;

 private:
  enum class scope { object, array };
  struct frame {
    scope kind;
    bool empty = true;
    bool key_pending = false;
  };
  void before_value();
  void close(scope kind, char bracket);

  std::string out_;
  std::vector<frame> stack_;
  bool done_ = false;  ///< a top-level value has been written
};

/// `text` as a JSON string literal, quotes included.
std::string json_quote(std::string_view text);

}  // namespace ws::http
