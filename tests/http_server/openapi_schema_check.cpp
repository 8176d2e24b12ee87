#include "tests/http_server/openapi_schema_check.hpp"

#include <cctype>
#include <stdexcept>

namespace ws::http::test {

namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;
using simdjson::dom::object;

/// Deeper than any schema of the spec: a $ref cycle ends here instead of overflowing.
constexpr int max_depth = 64;

/// Keywords that only describe; everything else must be understood by the checker.
bool is_annotation(std::string_view key) {
  return key == "description" || key == "title" || key == "example" || key == "examples" || key == "default" ||
         key == "readOnly" || key == "writeOnly" || key == "deprecated";
}

bool is_understood(std::string_view key) {
  return key == "type" || key == "properties" || key == "required" || key == "items" || key == "enum" ||
         key == "$ref" || key == "format" || key == "minItems" || is_annotation(key);
}

std::string type_name(element_type type) {
  switch (type) {
    case element_type::ARRAY: return "array";
    case element_type::OBJECT: return "object";
    case element_type::INT64:
    case element_type::UINT64: return "integer";
    case element_type::DOUBLE: return "number";
    case element_type::STRING: return "string";
    case element_type::BOOL: return "boolean";
    case element_type::NULL_VALUE: return "null";
  }
  return "?";
}

bool is_number(element_type type) {
  return type == element_type::INT64 || type == element_type::UINT64 || type == element_type::DOUBLE;
}

bool matches_type(const element& value, std::string_view wanted) {
  const auto type = value.type();
  if (wanted == "object") return type == element_type::OBJECT;
  if (wanted == "array") return type == element_type::ARRAY;
  if (wanted == "string") return type == element_type::STRING;
  if (wanted == "boolean") return type == element_type::BOOL;
  if (wanted == "integer") return type == element_type::INT64 || type == element_type::UINT64;
  if (wanted == "number") return is_number(type);
  return false;
}

bool digits(std::string_view text, std::size_t from, std::size_t count) {
  if (text.size() < from + count) return false;
  for (std::size_t i = from; i < from + count; ++i)
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return false;
  return true;
}

/// YYYY-MM-DD
bool looks_like_date(std::string_view text) {
  return text.size() >= 10 && digits(text, 0, 4) && text[4] == '-' && digits(text, 5, 2) && text[7] == '-' &&
         digits(text, 8, 2);
}

/// Loosely ISO-8601: YYYY-MM-DDTHH:MM, then anything (seconds, fraction, zone).
bool looks_like_date_time(std::string_view text) {
  return looks_like_date(text) && text.size() >= 16 && (text[10] == 'T' || text[10] == ' ') && digits(text, 11, 2) &&
         text[13] == ':' && digits(text, 14, 2);
}

std::string quoted(std::string_view text) { return "\"" + std::string(text) + "\""; }

std::string member_path(const std::string& where, std::string_view key) { return where + "." + std::string(key); }

/// The JSON text of a scalar, for messages.
std::string shown(const element& value) {
  std::string text = simdjson::to_string(value);
  if (text.size() > 60) text = text.substr(0, 57) + "...";
  return text;
}

}  // namespace

std::string describe(const std::vector<schema_mismatch>& mismatches) {
  std::string text;
  for (const auto& m : mismatches) text += m.path + ": " + m.problem + "\n";
  return text;
}

openapi_schemas::openapi_schemas(std::string_view spec_json) : text_(spec_json) {
  auto parsed = parser_.parse(text_);
  if (parsed.error()) throw std::runtime_error("the OpenAPI spec is not JSON");
  spec_ = parsed.value_unsafe();
}

std::vector<schema_mismatch> openapi_schemas::check(const element& document, const std::string& schema_pointer) const {
  std::vector<schema_mismatch> out;
  auto schema = spec_.at_pointer(schema_pointer);
  if (schema.error()) {
    out.push_back({"$", "the spec has no schema at " + schema_pointer});
    return out;
  }
  check_value(document, schema.value_unsafe(), "$", 0, out);
  return out;
}

std::string openapi_schemas::response_schema(const std::string& path, const std::string& method) const {
  auto schema = spec_["paths"][path][method]["responses"]["200"]["content"]["application/json"]["schema"];
  if (schema.error()) return {};
  // A pointer the caller can hand back to check(): "/" inside a key is escaped as "~1".
  std::string escaped;
  for (char c : path) escaped += (c == '/') ? std::string("~1") : std::string(1, c);
  return "/paths/" + escaped + "/" + method + "/responses/200/content/application~1json/schema";
}

std::vector<schema_mismatch> openapi_schemas::check_response(const element& document, const std::string& path,
                                                             const std::string& method) const {
  const auto pointer = response_schema(path, method);
  if (pointer.empty()) return {{"$", "the spec gives " + method + " " + path + " no JSON 200 schema"}};
  return check(document, pointer);
}

void openapi_schemas::check_value(const element& value, const element& schema_element, const std::string& where,
                                  int depth, std::vector<schema_mismatch>& out) const {
  if (depth > max_depth) {
    out.push_back({where, "schema nesting too deep (a $ref cycle?)"});
    return;
  }
  object schema;
  if (schema_element.get(schema) != simdjson::SUCCESS) {
    out.push_back({where, "the schema here is not an object"});
    return;
  }
  for (auto field : schema)
    if (!is_understood(field.key)) out.push_back({where, "schema keyword '" + std::string(field.key) + "' is not checked"});

  std::string_view ref;
  if (schema["$ref"].get(ref) == simdjson::SUCCESS) {
    if (ref.empty() || ref[0] != '#') {
      out.push_back({where, "external $ref " + std::string(ref) + " is not supported"});
      return;
    }
    auto target = spec_.at_pointer(ref.substr(1));
    if (target.error()) {
      out.push_back({where, "dangling $ref " + std::string(ref)});
      return;
    }
    check_value(value, target.value_unsafe(), where, depth + 1, out);
    return;
  }

  std::string_view wanted;
  if (schema["type"].get(wanted) == simdjson::SUCCESS && !matches_type(value, wanted)) {
    out.push_back({where, "wants type " + std::string(wanted) + ", got " + type_name(value.type()) + " " + shown(value)});
    return;  // the rest of the schema speaks of the wanted type
  }

  simdjson::dom::array allowed;
  if (schema["enum"].get(allowed) == simdjson::SUCCESS) {
    bool found = false;
    const auto text = simdjson::to_string(value);
    for (auto option : allowed)
      if (simdjson::to_string(option) == text) found = true;
    if (!found) out.push_back({where, "value " + shown(value) + " is not in the enum"});
  }

  std::string_view format;
  if (schema["format"].get(format) == simdjson::SUCCESS) {
    std::string_view text;
    const bool is_text = value.get(text) == simdjson::SUCCESS;
    if (format == "date-time" && is_text && !looks_like_date_time(text))
      out.push_back({where, "format date-time wanted, got " + quoted(text)});
    if (format == "date" && is_text && !looks_like_date(text))
      out.push_back({where, "format date wanted, got " + quoted(text)});
    if ((format == "long" || format == "int64" || format == "int32") && value.type() == element_type::DOUBLE)
      out.push_back({where, "format " + std::string(format) + " wants an integral number, got " + shown(value)});
  }

  if (value.type() == element_type::OBJECT) check_object(value, schema, where, depth, out);
  if (value.type() == element_type::ARRAY) check_array(value, schema, where, depth, out);
}

void openapi_schemas::check_object(const element& value, const object& schema, const std::string& where, int depth,
                                   std::vector<schema_mismatch>& out) const {
  object members = value.get_object().value_unsafe();
  simdjson::dom::array required;
  if (schema["required"].get(required) == simdjson::SUCCESS) {
    for (auto name : required) {
      std::string_view key;
      if (name.get(key) != simdjson::SUCCESS) continue;
      if (members[key].error()) out.push_back({member_path(where, key), "required member is missing"});
    }
  }
  object properties;
  if (schema["properties"].get(properties) != simdjson::SUCCESS) return;  // an open object
  for (auto member : members) {
    auto property = properties[member.key];
    if (property.error()) {
      out.push_back({member_path(where, member.key), "member is not in the schema"});
      continue;
    }
    check_value(member.value, property.value_unsafe(), member_path(where, member.key), depth + 1, out);
  }
}

void openapi_schemas::check_array(const element& value, const object& schema, const std::string& where, int depth,
                                  std::vector<schema_mismatch>& out) const {
  auto items = value.get_array().value_unsafe();
  std::uint64_t min_items = 0;
  if (schema["minItems"].get(min_items) == simdjson::SUCCESS && items.size() < min_items)
    out.push_back({where, "wants at least " + std::to_string(min_items) + " items, got " + std::to_string(items.size())});
  auto item_schema = schema["items"];
  if (item_schema.error()) return;
  std::size_t index = 0;
  for (auto item : items) {
    check_value(item, item_schema.value_unsafe(), where + "[" + std::to_string(index) + "]", depth + 1, out);
    ++index;
  }
}

}  // namespace ws::http::test
