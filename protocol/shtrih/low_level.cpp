#include "protocol/shtrih/low_level.hpp"

#include "protocol/shtrih/packet_frame.hpp"

namespace ws::shtrih {

low_level low_level_chosen_by(byte_t first_byte) {
  return first_byte == packet_stx ? low_level::packet : low_level::standard;
}

std::string_view low_level_name(low_level level) {
  switch (level) {
    case low_level::standard:
      return "standard";
    case low_level::packet:
      return "packet";
  }
  return "standard";
}

std::optional<low_level> low_level_from_name(std::string_view name) {
  if (name == "standard") return low_level::standard;
  if (name == "packet") return low_level::packet;
  return std::nullopt;
}

}  // namespace ws::shtrih
