#pragma once
// A request value that breaks a rule, with the JSON path of the offending field
// ("receipt_content.rows[2].price") so the API can answer 400 and point at it.

#include <stdexcept>
#include <string>

namespace ws::ffd {

struct field_error : std::invalid_argument {
  field_error(std::string field_path, const std::string& message)
      : std::invalid_argument(field_path + ": " + message), field(std::move(field_path)), reason(message) {}

  std::string field;   ///< path of the field, e.g. "receipt_content.payments"
  std::string reason;  ///< the message without the path
};

/// "receipt_content.rows" + 2 -> "receipt_content.rows[2]"
inline std::string indexed(const std::string& path, std::size_t index) {
  return path + "[" + std::to_string(index) + "]";
}

}  // namespace ws::ffd
