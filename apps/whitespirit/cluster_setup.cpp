#include "apps/whitespirit/cluster_setup.hpp"

#include "actors/cluster/tcp_probe.hpp"

#include <stdexcept>

#include <caf/io/all.hpp>
#include <caf/openssl/all.hpp>

namespace ws::whitespirit {

namespace {

bool uses_tls(const config::cluster_settings& cluster) { return !cluster.insecure; }

}  // namespace

void load_cluster_modules(config::whitespirit_config& config, const config::cluster_settings& cluster) {
  if (cluster.role == config::cluster_role::standalone) return;
  // whitespirit_config's own load(args) hides the base's module loader.
  auto& caf_config = static_cast<caf::actor_system_config&>(config);
  caf_config.load<caf::io::middleman>();
  if (uses_tls(cluster)) caf_config.load<caf::openssl::manager>();
}

published_registry::published_registry(caf::actor_system& system, const config::cluster_settings& cluster,
                                       const actors::broker_actor& broker, log_line log)
    : system_(system) {
  actors::cluster::front_registry_options options;
  options.broker = broker;
  options.heartbeat_timeout = cluster.heartbeat_timeout;
  options.middleman = system.middleman().actor_handle();
  options.log = std::move(log);
  registry_ = actors::cluster::spawn_front_registry(system, std::move(options));
  const auto published_handle = handle();
  const char* host = cluster.listen.host.c_str();
  auto published = uses_tls(cluster) ? caf::openssl::publish(published_handle, cluster.listen.port, host, true)
                                     : system.middleman().publish(published_handle, cluster.listen.port, host, true);
  if (!published) {
    stop();
    throw std::runtime_error("cluster.listen " + cluster.listen.text() + ": cannot listen (" +
                             system.render(published.error()) + ")");
  }
  port_ = *published;
}

published_registry::~published_registry() { stop(); }

actors::cluster::front_registry_public published_registry::handle() const {
  return caf::actor_cast<actors::cluster::front_registry_public>(registry_);
}

void published_registry::stop() {
  // openssl::unpublish does not work in CAF 0.17.6: the port is closed through the middleman.
  if (port_ != 0) system_.middleman().close(port_);
  port_ = 0;
  if (registry_) caf::anon_send_exit(registry_, caf::exit_reason::user_shutdown);
  registry_ = nullptr;
}

actors::cluster::node_agent start_node_agent(caf::actor_system& system, const config::cluster_settings& cluster,
                                             std::vector<actors::group_actor> groups, log_line log) {
  actors::cluster::node_agent_options options;
  options.name = cluster.name;
  options.incarnation = actors::cluster::new_incarnation();
  options.groups = std::move(groups);
  for (const auto& front : cluster.fronts)
    options.fronts.push_back({front.host, actors::cluster::resolve_numeric(front.host), front.port});
  options.connector =
      uses_tls(cluster) ? system.openssl_manager().actor_handle() : system.middleman().actor_handle();
  options.heartbeat_interval = cluster.heartbeat_interval;
  options.heartbeat_timeout = cluster.heartbeat_timeout;
  options.retry_interval = cluster.retry_interval;
  options.log = std::move(log);
  return actors::cluster::spawn_node_agent(system, std::move(options));
}

void stop_actor(const caf::actor& actor) {
  if (actor) caf::anon_send_exit(actor, caf::exit_reason::user_shutdown);
}

}  // namespace ws::whitespirit
