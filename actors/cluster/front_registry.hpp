#pragma once
// The front's registry of cluster nodes: the actor a front publishes on cluster.listen.
//
// A node's agent announces itself (node_hello): the registry refuses a cluster protocol
// version other than its own (saying both versions, in its log and in the answer), and
// otherwise takes the node in: it monitors the agent, and tells the broker to join the
// node's groups (join_node_atom), whose registers then serve like local ones. A hello from
// a name already held replaces what was held: a new incarnation is a restarted node, the
// same incarnation a node coming back (a resumed process, a healed link); either way the
// broker drops the old registers and takes their state afresh from the groups.
//
// The node is lost when its agent goes down (its process died: CAF reports the link a
// few hundred ms later) or when no heartbeat came for heartbeat_timeout (a frozen process
// or a cut link keeps its TCP connection). The broker is told at once (leave_node_atom):
// the node's registers leave the farm and a job running on one of them is answered
// outcome_unknown. A heartbeat of an incarnation the registry does not hold answers
// false, and the node announces itself again.

#include <chrono>
#include <functional>
#include <string>

#include <caf/all.hpp>
#include <caf/io/middleman_actor.hpp>

#include "actors/cluster/cluster_messages.hpp"

namespace ws::actors::cluster {

struct front_registry_options {
  broker_actor broker;
  caf::timespan heartbeat_timeout = std::chrono::milliseconds(750);
  /// How often silence is looked for (a node is found lost within timeout + this).
  caf::timespan sweep_period = std::chrono::milliseconds(50);
  /// The middleman actor to ask for a node's address (null: addresses are left empty).
  caf::io::middleman_actor middleman;
  std::function<void(const std::string&)> log;  ///< one line per event; empty: not logged
};

front_registry spawn_front_registry(caf::actor_system& system, front_registry_options options);

}  // namespace ws::actors::cluster
