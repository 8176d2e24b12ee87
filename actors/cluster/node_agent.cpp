#include "actors/cluster/node_agent.hpp"

#include <memory>
#include <optional>
#include <random>

#include "actors/cluster/tcp_probe.hpp"

namespace ws::actors::cluster {

namespace {

using steady = std::chrono::steady_clock;

/// How often the agent looks at its fronts (probes in progress, heartbeats due, retries).
constexpr auto tick_period = std::chrono::milliseconds(20);

enum class link_state {
  waiting,     ///< until next_try
  probing,     ///< non-blocking TCP connect in progress
  connecting,  ///< CAF connect requested
  announcing,  ///< hello sent
  joined,      ///< heartbeats
};

struct front_link {
  front_address address;
  link_state state = link_state::waiting;
  steady::time_point next_try{};
  steady::time_point probe_started{};
  std::unique_ptr<tcp_probe> probe;
  front_registry_public registry;
  steady::time_point last_answer{};        ///< the front's last heartbeat answer (or join)
  steady::time_point last_heartbeat_sent{};
  std::uint64_t generation = 0;            ///< answers of an older attempt are ignored
  std::string last_problem;                ///< logged once until it changes
};

class node_agent_impl : public node_agent::base {
 public:
  node_agent_impl(caf::actor_config& config, node_agent_options options)
      : node_agent::base(config), options_(std::move(options)) {
    for (const auto& address : options_.fronts) {
      front_link link;
      link.address = address;
      links_.push_back(std::move(link));
    }
  }

  const char* name() const override { return "ws.node_agent"; }

  behavior_type make_behavior() override {
    set_down_handler([this](caf::down_msg& msg) { front_down(msg); });
    send(this, tick_atom::value);
    return {
        [this](joined_atom) {
          std::vector<std::string> out;
          for (const auto& link : links_)
            if (link.state == link_state::joined) out.push_back(link.address.text());
          return out;
        },
        [this](tick_atom) {
          for (std::size_t i = 0; i < links_.size(); ++i) step(i);
          delayed_send(this, tick_period, tick_atom::value);
        },
    };
  }

  void on_exit() override {
    links_.clear();
    options_.groups.clear();
    options_.connector = nullptr;
  }

 private:
  void log(const std::string& line) const {
    if (options_.log) options_.log(line);
  }

  /// A problem with a front, logged when it differs from the last one; then retried.
  void retry_later(std::size_t index, const std::string& problem) {
    auto& link = links_[index];
    if (problem != link.last_problem) log("front " + link.address.text() + ": " + problem);
    link.last_problem = problem;
    link.state = link_state::waiting;
    link.probe.reset();
    ++link.generation;
    link.next_try = steady::now() + options_.retry_interval;
  }

  void step(std::size_t index) {
    auto& link = links_[index];
    const auto now = steady::now();
    switch (link.state) {
      case link_state::waiting:
        if (now < link.next_try) return;
        link.probe = std::make_unique<tcp_probe>(link.address.probe_address, link.address.port);
        link.probe_started = now;
        link.state = link_state::probing;
        [[fallthrough]];
      case link_state::probing: {
        const auto result = link.probe->check();
        if (result == tcp_probe::state::failed) return retry_later(index, "unreachable (" + link.probe->error() + ")");
        if (result == tcp_probe::state::pending) {
          if (now - link.probe_started > options_.probe_timeout)
            retry_later(index, "unreachable (no TCP answer within the probe timeout)");
          return;
        }
        link.probe.reset();
        return connect(index);
      }
      case link_state::connecting:
      case link_state::announcing: return;  // bounded by their request timeouts
      case link_state::joined:
        if (now - link.last_answer > options_.heartbeat_timeout) {
          retry_later(index, "lost (no heartbeat answer for " +
                                 std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(
                                                    now - link.last_answer)
                                                    .count()) +
                                 " ms)");
          links_[index].next_try = now;  // try again at once: it may be back already
          return;
        }
        if (now - link.last_heartbeat_sent >= options_.heartbeat_interval) heartbeat(index);
        return;
    }
  }

  void connect(std::size_t index) {
    auto& link = links_[index];
    link.state = link_state::connecting;
    const auto generation = ++link.generation;
    request(options_.connector, options_.connect_timeout, caf::connect_atom::value, link.address.host,
            link.address.port)
        .then(
            [this, index, generation](const caf::node_id&, caf::strong_actor_ptr& registry,
                                      const std::set<std::string>&) {
              if (links_[index].generation != generation) return;
              if (!registry) return retry_later(index, "no registry published on that port");
              links_[index].registry = caf::actor_cast<front_registry_public>(std::move(registry));
              monitor(links_[index].registry);
              announce(index);
            },
            [this, index, generation](const caf::error& error) {
              if (links_[index].generation != generation) return;
              const bool handshake = error == caf::sec::disconnect_during_handshake;
              retry_later(index, "cannot connect: " + to_string(error) +
                                     (handshake ? " (does the front speak TLS as this node does, and trust its "
                                                  "certificate's CA?)"
                                                : ""));
            });
  }

  void announce(std::size_t index) {
    auto& link = links_[index];
    link.state = link_state::announcing;
    const auto generation = ++link.generation;
    node_hello hello{options_.protocol_version, options_.name, options_.incarnation, options_.groups};
    request(link.registry, options_.connect_timeout, hello_atom::value, std::move(hello))
        .then(
            [this, index, generation](const hello_answer& answer) {
              auto& l = links_[index];
              if (l.generation != generation) return;
              if (!answer.accepted) return retry_later(index, "refused this node: " + answer.message);
              l.state = link_state::joined;
              l.last_answer = steady::now();
              l.last_heartbeat_sent = l.last_answer;
              l.last_problem.clear();
              log("joined front " + l.address.text() + " as " + options_.name + " (incarnation " +
                  options_.incarnation + ")");
            },
            [this, index, generation](const caf::error& error) {
              if (links_[index].generation != generation) return;
              retry_later(index, "no answer to the announcement: " + to_string(error));
            });
  }

  void heartbeat(std::size_t index) {
    auto& link = links_[index];
    link.last_heartbeat_sent = steady::now();
    const auto generation = link.generation;
    request(link.registry, options_.heartbeat_timeout, heartbeat_atom::value, options_.name, options_.incarnation)
        .then(
            [this, index, generation](bool known) {
              auto& l = links_[index];
              if (l.generation != generation || l.state != link_state::joined) return;
              l.last_answer = steady::now();
              if (!known) {
                log("front " + l.address.text() + " no longer holds this node: announcing again");
                announce(index);
              }
            },
            [](const caf::error&) {});  // silence is judged in step()
  }

  void front_down(const caf::down_msg& msg) {
    for (std::size_t i = 0; i < links_.size(); ++i) {
      if (links_[i].registry && links_[i].registry.address() == msg.source) {
        links_[i].registry = nullptr;
        if (links_[i].state == link_state::joined || links_[i].state == link_state::announcing)
          retry_later(i, "connection lost: " + to_string(msg.reason));
      }
    }
  }

  node_agent_options options_;
  std::vector<front_link> links_;
};

}  // namespace

node_agent spawn_node_agent(caf::actor_system& system, node_agent_options options) {
  return system.spawn<node_agent_impl>(std::move(options));
}

std::string new_incarnation() {
  std::random_device entropy;
  std::mt19937_64 mix((static_cast<std::uint64_t>(entropy()) << 32) ^ entropy() ^
                      static_cast<std::uint64_t>(steady::now().time_since_epoch().count()));
  static const char digits[] = "0123456789abcdef";
  std::string out;
  auto bits = mix();
  for (int i = 0; i < 16; ++i, bits >>= 4) out.push_back(digits[bits & 15]);
  return out;
}

}  // namespace ws::actors::cluster
