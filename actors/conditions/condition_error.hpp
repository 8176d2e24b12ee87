#pragma once
// The one error the conditions module throws: a syntax error found while parsing, or a
// type/name/bound error found while evaluating. The HTTP layer turns it into a 400 whose
// text is what(); position (a byte offset into the expression, when known) lets a client
// point at the offending spot.

#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>

namespace ws::conditions {

class condition_error : public std::runtime_error {
 public:
  explicit condition_error(std::string message, std::optional<std::size_t> position = std::nullopt);

  /// The message without the position suffix.
  const std::string& message() const noexcept { return message_; }
  /// Byte offset (0-based) into the expression text, when the error has a place.
  std::optional<std::size_t> position() const noexcept { return position_; }

 private:
  std::string message_;
  std::optional<std::size_t> position_;
};

}  // namespace ws::conditions
