#pragma once
// A node's agent: it joins the node to every front and keeps it joined.
//
// For each front, without ever blocking: probe its port with a non-blocking TCP connect
// (at most probe_timeout), then ask the connector actor (the middleman's, or the OpenSSL
// manager's for TLS) to connect, with a timeout; announce the node (node_hello: name,
// incarnation, cluster protocol version, its groups) to the registry published there;
// then send a heartbeat every heartbeat_interval. A heartbeat the front answers false
// (it dropped the node, or it restarted) makes the agent announce again; a front that
// does not answer for heartbeat_timeout, or whose connection goes down, is taken for lost
// and retried every retry_interval. A refusal (another protocol version) is logged with
// the front's reason and retried as well, so an upgraded front accepts the node later.

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <caf/all.hpp>
#include <caf/io/middleman_actor.hpp>

#include "actors/cluster/cluster_messages.hpp"

namespace ws::actors::cluster {

struct front_address {
  std::string host;           ///< as configured: what CAF connects to
  std::string probe_address;  ///< numeric, resolved outside any actor (resolve_numeric)
  std::uint16_t port = 0;

  std::string text() const { return host + ":" + std::to_string(port); }
};

struct node_agent_options {
  std::string name;
  std::string incarnation;
  std::uint32_t protocol_version = cluster_protocol_version;  ///< tests may announce another
  std::vector<group_actor> groups;
  std::vector<front_address> fronts;
  caf::io::middleman_actor connector;  ///< plain middleman or OpenSSL manager actor
  caf::timespan heartbeat_interval = std::chrono::milliseconds(250);
  caf::timespan heartbeat_timeout = std::chrono::milliseconds(750);
  caf::timespan retry_interval = std::chrono::seconds(1);
  caf::timespan probe_timeout = std::chrono::milliseconds(500);
  caf::timespan connect_timeout = std::chrono::seconds(3);  ///< CAF's handshake after the probe
  std::function<void(const std::string&)> log;  ///< one line per change; empty: not logged
};

/// (joined_atom) -> the fronts the node is joined to now (host:port).
using joined_atom = caf::atom_constant<caf::atom("joined")>;
using tick_atom = caf::atom_constant<caf::atom("tick")>;

using node_agent = caf::typed_actor<caf::replies_to<joined_atom>::with<std::vector<std::string>>,
                                    caf::reacts_to<tick_atom>>;

node_agent spawn_node_agent(caf::actor_system& system, node_agent_options options);

/// A new incarnation id: random, different at every start of a process.
std::string new_incarnation();

}  // namespace ws::actors::cluster
