#include "actors/register_attributes.hpp"

namespace ws::actors {

conditions::device_attributes attributes_of(const register_config& config, const std::optional<register_status>& status) {
  conditions::device_attributes attributes;
  attributes["port"] = config.port;
  conditions::value_list groups;
  for (const auto& g : config.groups) groups.emplace_back(g);
  attributes["groups"] = std::move(groups);
  if (status && !status->identity.serial_number.empty()) {
    const auto& identity = status->identity;
    attributes["sn"] = identity.serial_number;
    attributes["model"] = identity.model;
    attributes["version"] = identity.firmware_version;
    attributes["inn"] = jobs::inn_text(identity.inn);
    attributes["fn"] = identity.fn_number;
    attributes["shift_open"] = identity.shift_open;
  }
  return attributes;
}

}  // namespace ws::actors
