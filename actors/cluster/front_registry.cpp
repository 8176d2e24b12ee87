#include "actors/cluster/front_registry.hpp"

#include <map>

#include <caf/io/middleman_actor.hpp>

namespace ws::actors::cluster {

namespace {

using steady = std::chrono::steady_clock;

std::int64_t wall_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string ms_text(steady::duration d) {
  return std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(d).count()) + " ms";
}

struct held_node {
  node_view view;
  caf::actor_addr agent;  ///< monitored while connected
  steady::time_point last_heartbeat{};
};

class front_registry_impl : public front_registry::base {
 public:
  front_registry_impl(caf::actor_config& config, front_registry_options options)
      : front_registry::base(config), options_(std::move(options)) {}

  const char* name() const override { return "ws.front_registry"; }

  behavior_type make_behavior() override {
    set_down_handler([this](caf::down_msg& msg) { agent_down(msg); });
    delayed_send(this, options_.sweep_period, sweep_atom::value);
    return {
        [this](hello_atom, node_hello& hello) { return on_hello(std::move(hello)); },
        [this](heartbeat_atom, const std::string& name, const std::string& incarnation) {
          return on_heartbeat(name, incarnation);
        },
        [this](nodes_atom) {
          std::vector<node_view> out;
          for (const auto& [name, node] : nodes_) out.push_back(node.view);
          return out;
        },
        [this](sweep_atom) {
          sweep();
          delayed_send(this, options_.sweep_period, sweep_atom::value);
        },
    };
  }

  void on_exit() override {
    nodes_.clear();
    options_.broker = nullptr;
    options_.middleman = nullptr;
  }

 private:
  void log(const std::string& line) const {
    if (options_.log) options_.log(line);
  }

  hello_answer on_hello(node_hello hello) {
    if (hello.protocol_version != cluster_protocol_version) {
      const std::string why = "node " + hello.name + " speaks cluster protocol version " +
                              std::to_string(hello.protocol_version) + ", this front version " +
                              std::to_string(cluster_protocol_version) + ": refused (run builds of the same version)";
      log(why);
      return {false, why};
    }
    if (hello.name.empty() || hello.incarnation.empty()) return {false, "a node needs a name and an incarnation"};
    const auto agent = caf::actor_cast<caf::actor_addr>(current_sender());
    if (!agent) return {false, "a hello needs a sender"};
    auto& node = nodes_[hello.name];
    if (node.view.connected) {
      const bool restarted = node.view.incarnation != hello.incarnation;
      lose(node, restarted ? "it restarted as incarnation " + hello.incarnation : "it announced itself again");
    }
    node.view.name = hello.name;
    node.view.incarnation = hello.incarnation;
    node.view.connected = true;
    node.view.connected_since_ms = wall_ms();
    node.view.last_heartbeat_ms = node.view.connected_since_ms;
    node.last_heartbeat = steady::now();
    node.agent = agent;
    monitor(agent);
    learn_address(hello.name, hello.incarnation, agent.node());
    send(options_.broker, join_node_atom::value, hello.name, hello.groups);
    log("node " + hello.name + " joined (incarnation " + hello.incarnation + ", " + std::to_string(hello.groups.size()) +
        " groups)");
    return {true, {}};
  }

  bool on_heartbeat(const std::string& name, const std::string& incarnation) {
    auto it = nodes_.find(name);
    if (it == nodes_.end() || !it->second.view.connected || it->second.view.incarnation != incarnation) return false;
    it->second.last_heartbeat = steady::now();
    it->second.view.last_heartbeat_ms = wall_ms();
    return true;
  }

  void sweep() {
    const auto now = steady::now();
    for (auto& [name, node] : nodes_)
      if (node.view.connected && now - node.last_heartbeat > options_.heartbeat_timeout)
        lose(node, "no heartbeat for " + ms_text(now - node.last_heartbeat));
  }

  void agent_down(const caf::down_msg& msg) {
    for (auto& [name, node] : nodes_)
      if (node.view.connected && node.agent == msg.source) lose(node, "connection lost: " + to_string(msg.reason));
  }

  void lose(held_node& node, const std::string& reason) {
    node.view.connected = false;
    node.view.lost_reason = reason;
    demonitor(node.agent);
    node.agent = nullptr;
    log("node " + node.view.name + " lost: " + reason);
    send(options_.broker, leave_node_atom::value, node.view.name, reason);
  }

  /// The node's host and port as the middleman knows its connection (for people).
  void learn_address(const std::string& name, const std::string& incarnation, const caf::node_id& peer) {
    if (!options_.middleman) return;
    request(options_.middleman, std::chrono::seconds(2), caf::get_atom::value, peer)
        .then(
            [this, name, incarnation](const caf::node_id&, const std::string& host, std::uint16_t port) {
              auto it = nodes_.find(name);
              if (it != nodes_.end() && it->second.view.incarnation == incarnation)
                it->second.view.address = host + ":" + std::to_string(port);
            },
            [](const caf::error&) {});
  }

  front_registry_options options_;
  std::map<std::string, held_node> nodes_;
};

}  // namespace

front_registry spawn_front_registry(caf::actor_system& system, front_registry_options options) {
  return system.spawn<front_registry_impl>(std::move(options));
}

}  // namespace ws::actors::cluster
