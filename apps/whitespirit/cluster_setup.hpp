#pragma once
// The cluster roles of the program (cluster.role): what a front adds to the standalone
// farm (its registry of nodes, published on cluster.listen) and what a node runs instead
// of the REST front (its agent, joined to every front). Links use mutual TLS through CAF's
// OpenSSL module unless cluster.insecure.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <caf/all.hpp>

#include "actors/cluster/front_registry.hpp"
#include "actors/cluster/node_agent.hpp"
#include "config/settings.hpp"
#include "config/whitespirit_config.hpp"

namespace ws::whitespirit {

using log_line = std::function<void(const std::string&)>;

/// Loads the middleman (and the OpenSSL manager unless insecure) for a front or a node;
/// nothing for a standalone farm. Before the actor system is made.
void load_cluster_modules(config::whitespirit_config& config, const config::cluster_settings& cluster);

/// The front's registry, published on cluster.listen (a blocking call: outside any actor).
class published_registry {
 public:
  /// Throws std::runtime_error naming cluster.listen when the port cannot be opened.
  published_registry(caf::actor_system& system, const config::cluster_settings& cluster,
                     const actors::broker_actor& broker, log_line log);
  ~published_registry();  ///< stop()s
  published_registry(const published_registry&) = delete;
  published_registry& operator=(const published_registry&) = delete;

  std::uint16_t port() const { return port_; }
  actors::cluster::front_registry_public handle() const;
  /// Closes the port and ends the registry. Idempotent.
  void stop();

 private:
  caf::actor_system& system_;
  actors::cluster::front_registry registry_;
  std::uint16_t port_ = 0;
};

/// The node's agent joining every front of cluster.fronts with the farm's groups (front
/// names are resolved here, outside any actor).
actors::cluster::node_agent start_node_agent(caf::actor_system& system, const config::cluster_settings& cluster,
                                             std::vector<actors::group_actor> groups, log_line log);

/// Every actor that talked to another node must be told to end (CAF keeps it otherwise).
void stop_actor(const caf::actor& actor);

}  // namespace ws::whitespirit
