#include "actors/farm_messages.hpp"

#include "actors/cluster/cluster_messages.hpp"

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
  // The names are the wire's: every node of a cluster registers the same ones.
  config.add_message_type<register_config>("ws::register_config");
  config.add_message_type<register_identity>("ws::register_identity");
  config.add_message_type<register_health>("ws::register_health");
  config.add_message_type<register_status>("ws::register_status");
  config.add_message_type<register_member>("ws::register_member");
  config.add_message_type<std::vector<register_member>>("ws::register_members");
  config.add_message_type<jobs::job_order>("ws::job_order");
  config.add_message_type<jobs::job_outcome>("ws::job_outcome");
  config.add_message_type<jobs::job_failure>("ws::job_failure");
  config.add_message_type<broker_request>("ws::broker_request");
  config.add_message_type<dispatch_record>("ws::dispatch_record");
  config.add_message_type<broker_result>("ws::broker_result");
  config.add_message_type<broker::ping_query>("ws::ping_query");
  config.add_message_type<broker::ping_result>("ws::ping_result");
  config.add_message_type<broker::broker_stats>("ws::broker_stats");
  config.add_message_type<farm_listing>("ws::farm_listing");
  config.add_message_type<group_actor>("ws::group_actor");
  config.add_message_type<std::vector<group_actor>>("ws::group_actors");
  config.add_message_type<cluster::node_hello>("ws::node_hello");
  config.add_message_type<cluster::hello_answer>("ws::hello_answer");
  config.add_message_type<cluster::node_view>("ws::node_view");
  config.add_message_type<std::vector<cluster::node_view>>("ws::node_views");
  config.add_message_type<register_actor>("ws::register_actor");
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
    case failure_kind::busy: return "busy";
  }
  return "unknown";
}

}  // namespace ws::jobs
