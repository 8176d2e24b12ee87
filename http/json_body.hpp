#pragma once
// Reading a request body: bytes -> simdjson DOM -> typed fields, every fault a 400
// DataError naming the field's path. simdjson accepts duplicate keys and knows nothing of
// schemas, so `object_reader` checks both: each field is read with its expected type,
// and `finish()` refuses any field nobody read (a misspelt optional field must not
// silently vanish). Open objects (`trace`, `device_payload`) are taken whole as raw JSON.
//
// The DOM lives in the json_body's parser; readers and strings copied out of them are
// only valid while that json_body lives, so parse functions copy into owned strings.

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <simdjson.h>

namespace ws::http {

class object_reader;

/// "receipt_content" + "rows" -> "receipt_content.rows"; "" + "trace" -> "trace".
std::string child_path(const std::string& parent, std::string_view key);

/// A parsed body. Not copyable: the DOM belongs to its parser.
class json_body {
 public:
  /// Throws request_error DataError for malformed JSON (invalid UTF-8 included) or a
  /// body that is not a JSON object.
  static json_body parse(std::string_view bytes);

  /// Reader over the top-level object, with paths starting at "".
  object_reader root() const;
  /// The whole body minified (for bodies the API leaves open).
  std::string root_json() const;

 private:
  json_body() = default;
  std::unique_ptr<simdjson::dom::parser> parser_;
  simdjson::dom::element root_;
};

class object_reader {
 public:
  /// Throws DataError at `path` when `value` is not an object or repeats a key.
  object_reader(simdjson::dom::element value, std::string path);

  const std::string& path() const { return path_; }
  bool has(std::string_view key) const;

  std::string required_string(std::string_view key);
  std::optional<std::string> optional_string(std::string_view key);
  std::int64_t required_integer(std::string_view key);
  std::optional<std::int64_t> optional_integer(std::string_view key);
  bool required_boolean(std::string_view key);
  std::optional<bool> optional_boolean(std::string_view key);
  object_reader required_object(std::string_view key);
  std::optional<object_reader> optional_object(std::string_view key);
  /// Each element must be an object; readers have paths "key[i]".
  std::vector<object_reader> required_object_array(std::string_view key);
  std::optional<std::vector<object_reader>> optional_object_array(std::string_view key);
  std::optional<std::vector<std::string>> optional_string_array(std::string_view key);
  /// An open object kept as minified JSON text; its inner keys are not checked.
  std::optional<std::string> optional_raw_object(std::string_view key);
  /// Any JSON value kept as minified JSON text.
  std::optional<std::string> optional_raw_json(std::string_view key);

  /// Throws DataError "<path>: unknown field" for the first field (in body order) not
  /// among `keys`. Called before reading, so a misspelt required field ("prise") is
  /// reported as the unknown field it is rather than as "price" missing.
  void allow_only(std::initializer_list<std::string_view> keys) const;

  /// Throws DataError "<path>: unknown field" for the first field (in body order) that
  /// no read above asked for. Call once every field has been read.
  void finish() const;

 private:
  struct field {
    std::string_view key;
    simdjson::dom::element value;
    bool read = false;
  };
  /// The field for `key` marked read, or nullptr when absent (JSON null counts as
  /// present: it then fails the type check).
  const field* take(std::string_view key);
  const field& take_required(std::string_view key);
  std::string required_path(std::string_view key) const { return child_path(path_, key); }

  std::vector<field> fields_;
  std::string path_;
};

/// The JSON type name used in messages: "string", "integer", "number", "boolean",
/// "object", "array", "null".
std::string_view json_type_name(simdjson::dom::element value);

}  // namespace ws::http
