#include "http/json_body.hpp"

#include <utility>

#include "http/request_error.hpp"
#include "protocol/ffd/field_error.hpp"

namespace ws::http {

namespace dom = simdjson::dom;

std::string child_path(const std::string& parent, std::string_view key) {
  if (parent.empty()) return std::string(key);
  std::string path = parent;
  path += '.';
  path += key;
  return path;
}

std::string_view json_type_name(dom::element value) {
  switch (value.type()) {
    case dom::element_type::ARRAY: return "array";
    case dom::element_type::OBJECT: return "object";
    case dom::element_type::INT64:
    case dom::element_type::UINT64: return "integer";
    case dom::element_type::DOUBLE: return "number";
    case dom::element_type::STRING: return "string";
    case dom::element_type::BOOL: return "boolean";
    case dom::element_type::NULL_VALUE: return "null";
  }
  return "unknown";
}

namespace {

request_error wrong_type(const std::string& path, std::string_view expected, dom::element value) {
  return data_error(path, "must be " + std::string(expected) + ", got " +
                              std::string(json_type_name(value)));
}

std::string string_of(dom::element value, const std::string& path) {
  std::string_view text;
  if (value.get_string().get(text) != simdjson::SUCCESS) throw wrong_type(path, "a string", value);
  return std::string(text);  // copied now: the view dies with the parser
}

std::int64_t integer_of(dom::element value, const std::string& path) {
  std::int64_t number = 0;
  if (value.type() == dom::element_type::UINT64) throw data_error(path, "integer out of range");
  if (value.get_int64().get(number) != simdjson::SUCCESS) throw wrong_type(path, "an integer", value);
  return number;
}

bool boolean_of(dom::element value, const std::string& path) {
  bool flag = false;
  if (value.get_bool().get(flag) != simdjson::SUCCESS) throw wrong_type(path, "a boolean", value);
  return flag;
}

std::vector<object_reader> objects_of(dom::element value, const std::string& path) {
  dom::array items;
  if (value.get_array().get(items) != simdjson::SUCCESS) throw wrong_type(path, "an array", value);
  std::vector<object_reader> readers;
  std::size_t index = 0;
  for (dom::element item : items) readers.emplace_back(item, ffd::indexed(path, index++));
  return readers;
}

}  // namespace

json_body json_body::parse(std::string_view bytes) {
  json_body body;
  body.parser_ = std::make_unique<dom::parser>();
  // The DOM parser copies into its own padded buffer, so any std::string_view will do.
  auto error = body.parser_->parse(bytes.data(), bytes.size()).get(body.root_);
  if (error != simdjson::SUCCESS) {
    throw data_error("", std::string("malformed JSON: ") + simdjson::error_message(error));
  }
  if (body.root_.type() != dom::element_type::OBJECT) {
    throw data_error("", "the body must be a JSON object, got " +
                             std::string(json_type_name(body.root_)));
  }
  return body;
}

object_reader json_body::root() const { return object_reader(root_, ""); }

std::string json_body::root_json() const { return simdjson::minify(root_); }

object_reader::object_reader(dom::element value, std::string path) : path_(std::move(path)) {
  dom::object object;
  if (value.get_object().get(object) != simdjson::SUCCESS) {
    throw wrong_type(path_, "an object", value);
  }
  for (dom::key_value_pair member : object) {
    for (const field& seen : fields_) {
      if (seen.key == member.key) throw data_error(child_path(path_, member.key), "duplicate key");
    }
    fields_.push_back(field{member.key, member.value, false});
  }
}

bool object_reader::has(std::string_view key) const {
  for (const field& f : fields_) {
    if (f.key == key) return true;
  }
  return false;
}

const object_reader::field* object_reader::take(std::string_view key) {
  for (field& f : fields_) {
    if (f.key == key) {
      f.read = true;
      return &f;
    }
  }
  return nullptr;
}

const object_reader::field& object_reader::take_required(std::string_view key) {
  const field* found = take(key);
  if (found == nullptr) throw data_error(required_path(key), "required field missing");
  return *found;
}

std::string object_reader::required_string(std::string_view key) {
  return string_of(take_required(key).value, required_path(key));
}

std::optional<std::string> object_reader::optional_string(std::string_view key) {
  const field* found = take(key);
  if (found == nullptr) return std::nullopt;
  return string_of(found->value, required_path(key));
}

std::int64_t object_reader::required_integer(std::string_view key) {
  return integer_of(take_required(key).value, required_path(key));
}

std::optional<std::int64_t> object_reader::optional_integer(std::string_view key) {
  const field* found = take(key);
  if (found == nullptr) return std::nullopt;
  return integer_of(found->value, required_path(key));
}

bool object_reader::required_boolean(std::string_view key) {
  return boolean_of(take_required(key).value, required_path(key));
}

std::optional<bool> object_reader::optional_boolean(std::string_view key) {
  const field* found = take(key);
  if (found == nullptr) return std::nullopt;
  return boolean_of(found->value, required_path(key));
}

object_reader object_reader::required_object(std::string_view key) {
  return object_reader(take_required(key).value, required_path(key));
}

std::optional<object_reader> object_reader::optional_object(std::string_view key) {
  const field* found = take(key);
  if (found == nullptr) return std::nullopt;
  return object_reader(found->value, required_path(key));
}

std::vector<object_reader> object_reader::required_object_array(std::string_view key) {
  return objects_of(take_required(key).value, required_path(key));
}

std::optional<std::vector<object_reader>> object_reader::optional_object_array(std::string_view key) {
  const field* found = take(key);
  if (found == nullptr) return std::nullopt;
  return objects_of(found->value, required_path(key));
}

std::optional<std::vector<std::string>> object_reader::optional_string_array(std::string_view key) {
  const field* found = take(key);
  if (found == nullptr) return std::nullopt;
  const std::string path = required_path(key);
  dom::array items;
  if (found->value.get_array().get(items) != simdjson::SUCCESS) {
    throw wrong_type(path, "an array", found->value);
  }
  std::vector<std::string> strings;
  std::size_t index = 0;
  for (dom::element item : items) strings.push_back(string_of(item, ffd::indexed(path, index++)));
  return strings;
}

std::optional<std::string> object_reader::optional_raw_object(std::string_view key) {
  const field* found = take(key);
  if (found == nullptr) return std::nullopt;
  if (found->value.type() != dom::element_type::OBJECT) {
    throw wrong_type(required_path(key), "an object", found->value);
  }
  return simdjson::minify(found->value);
}

std::optional<std::string> object_reader::optional_raw_json(std::string_view key) {
  const field* found = take(key);
  if (found == nullptr) return std::nullopt;
  return simdjson::minify(found->value);
}

void object_reader::allow_only(std::initializer_list<std::string_view> keys) const {
  for (const field& f : fields_) {
    bool known = false;
    for (std::string_view key : keys) known = known || key == f.key;
    if (!known) throw data_error(child_path(path_, f.key), "unknown field");
  }
}

void object_reader::finish() const {
  for (const field& f : fields_) {
    if (!f.read) throw data_error(child_path(path_, f.key), "unknown field");
  }
}

}  // namespace ws::http
