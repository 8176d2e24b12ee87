#pragma once
// The validated settings mapped onto the option types of the farm's actors and of the
// REST front.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "actors/farm.hpp"
#include "config/settings.hpp"
#include "http/server/front.hpp"

namespace ws::whitespirit {

/// One group actor supervising every register (routing groups are the registers' own
/// `groups`, which the broker reads; supervision does not need to follow them).
actors::farm_options farm_options_for(const config::whitespirit_settings& settings,
                                      const std::vector<config::register_entry>& registers,
                                      std::chrono::milliseconds byte_timeout);

http::front_options front_options_for(const config::whitespirit_settings& settings, std::string version);

/// Raises the process's open-file limit as far as the system allows and, when it still
/// cannot hold http.max-connections besides the registers' lines and the farm's own
/// files, lowers the front's cap to what fits. Returns a line for the log when it did.
std::optional<std::string> fit_connections_to_open_files(http::front_options& options, std::size_t registers);

/// The shtrih::taxation bits of API taxation names (validated by the configuration).
std::uint8_t taxation_bits(const std::vector<std::string>& names);

}  // namespace ws::whitespirit
