#include "actors/farm_messages.hpp"

namespace ws::actors {

std::string to_string(register_state state) {
  switch (state) {
    case register_state::connecting: return "connecting";
    case register_state::identifying: return "identifying";
    case register_state::ready: return "ready";
    case register_state::busy: return "busy";
    case register_state::recovering: return "recovering";
    case register_state::offline: return "offline";
  }
  return "unknown";
}

void add_farm_message_types(caf::actor_system_config& config) {
  config.add_message_type<register_config>("ws::register_config");
  config.add_message_type<register_identity>("ws::register_identity");
  config.add_message_type<register_status>("ws::register_status");
  config.add_message_type<register_member>("ws::register_member");
  config.add_message_type<std::vector<register_member>>("ws::register_members");
  config.add_message_type<jobs::job_failure>("ws::job_failure");
  config.add_message_type<std::vector<std::uint8_t>>("ws::bytes");
}

}  // namespace ws::actors

namespace ws::jobs {

std::string to_string(failure_kind kind) {
  switch (kind) {
    case failure_kind::none: return "none";
    case failure_kind::safe: return "safe";
    case failure_kind::wrong_state: return "wrong_state";
    case failure_kind::outcome_unknown: return "outcome_unknown";
    case failure_kind::timeout: return "timeout";
  }
  return "unknown";
}

}  // namespace ws::jobs
