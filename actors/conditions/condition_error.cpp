#include "actors/conditions/condition_error.hpp"

#include <utility>

namespace ws::conditions {
namespace {

std::string full_text(const std::string& message, std::optional<std::size_t> position) {
  if (!position) return message;
  return message + " (at offset " + std::to_string(*position) + ")";
}

}  // namespace

condition_error::condition_error(std::string message, std::optional<std::size_t> position)
    : std::runtime_error(full_text(message, position)),
      message_(std::move(message)),
      position_(position) {}

}  // namespace ws::conditions
