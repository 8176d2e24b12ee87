#pragma once
// What a node and a front say to each other (the front's registry, front_registry.hpp;
// the node's agent, node_agent.hpp). Registered with the farm's types
// (add_farm_message_types); a change here changes actors::cluster_protocol_version.
//
//   node agent                         front registry
//   (hello_atom, node_hello)     --->  accepted, or refused with the reason (version, name)
//   (heartbeat_atom, name, inc)  --->  true while the front holds that incarnation joined;
//                                      false: announce again (the front lost it or restarted)
//
// The node's groups travel in the hello; the front's broker subscribes to them and from
// then on hears every register handle and status straight from the node.

#include <cstdint>
#include <string>
#include <vector>

#include <caf/all.hpp>

#include "actors/farm_messages.hpp"

namespace ws::actors::cluster {

using hello_atom = caf::atom_constant<caf::atom("hello")>;
using heartbeat_atom = caf::atom_constant<caf::atom("heartbeat")>;
using nodes_atom = caf::atom_constant<caf::atom("nodes")>;
using sweep_atom = caf::atom_constant<caf::atom("sweep")>;

/// A node announcing itself to a front.
struct node_hello {
  std::uint32_t protocol_version = 0;  ///< first, so that a front of any version reads it
  std::string name;                    ///< cluster.name, unique in the cluster
  std::string incarnation;             ///< new at every start of the node's process
  std::vector<group_actor> groups;     ///< the node's group actors (its registers come from them)
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, node_hello& x) {
  return f(caf::meta::type_name("node_hello"), x.protocol_version, x.name, x.incarnation, x.groups);
}

struct hello_answer {
  bool accepted = false;
  std::string message;  ///< refused: why, for the node's log
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, hello_answer& x) {
  return f(caf::meta::type_name("hello_answer"), x.accepted, x.message);
}

/// One node as a front knows it (GET /v1/cluster).
struct node_view {
  std::string name;
  std::string address;      ///< host:port of its connection, as the front's middleman sees it
  std::string incarnation;
  bool connected = false;   ///< false: lost (its registers are out of the farm)
  std::int64_t connected_since_ms = 0;  ///< wall clock, ms since the epoch (the last join)
  std::int64_t last_heartbeat_ms = 0;   ///< wall clock, ms since the epoch
  std::string lost_reason;  ///< why it was lost last, if it was
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, node_view& x) {
  return f(caf::meta::type_name("node_view"), x.name, x.address, x.incarnation, x.connected, x.connected_since_ms,
           x.last_heartbeat_ms, x.lost_reason);
}

/// What a front publishes for nodes on cluster.listen.
using front_registry_public = caf::typed_actor<
    caf::replies_to<hello_atom, node_hello>::with<hello_answer>,
    caf::replies_to<heartbeat_atom, std::string, std::string>::with<bool>,
    caf::replies_to<nodes_atom>::with<std::vector<node_view>>>;

/// With the registry's own heartbeat sweep.
using front_registry = front_registry_public::extend<caf::reacts_to<sweep_atom>>;

}  // namespace ws::actors::cluster
