#include "http/request_error.hpp"

#include <utility>

namespace ws::http {

request_error::request_error(error_kind error, const std::string& text, std::string field_path)
    : std::runtime_error(std::string(name_of(error)) + ": " + text),
      kind(error),
      status(status_of(error)),
      name(name_of(error)),
      message(text),
      field(std::move(field_path)) {}

request_error data_error(std::string field_path, const std::string& text) {
  // The message names the path too, so a client reading only the message finds the field.
  std::string message = field_path.empty() ? text : field_path + ": " + text;
  return request_error(error_kind::data_error, message, std::move(field_path));
}

void check_body_size(std::size_t size, std::size_t limit) {
  if (size > limit) {
    throw request_error(error_kind::payload_too_large,
                        "body of " + std::to_string(size) + " bytes is over the limit of " +
                            std::to_string(limit));
  }
}

request_error data_error(const ffd::field_error& error) {
  return data_error(error.field, error.reason);
}

}  // namespace ws::http
