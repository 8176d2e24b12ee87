#pragma once
// A register's attributes as the API's conditions see them (the record `device`): the
// broker evaluates accept_device and after_select_device on them, the register itself
// `before`, and the front `after`. One function makes them, so all three see the same.

#include <optional>

#include "actors/conditions/value.hpp"
#include "actors/farm_messages.hpp"

namespace ws::actors {

/// port and groups always; sn, model, version, inn, fn and shift_open once identified.
conditions::device_attributes attributes_of(const register_config& config, const std::optional<register_status>& status);

}  // namespace ws::actors
