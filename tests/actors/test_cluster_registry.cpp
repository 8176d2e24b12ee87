// A front's registry and a node's agent in two actor systems joined by the middleman on
// 127.0.0.1: a node of another cluster protocol version is refused with a message saying
// so on both sides; a node's registers serve through the front's broker; when the node is
// lost, the job running on its register is answered at once, outcome_unknown, naming the
// register and the document to check, and its registers leave the listing.

#include <catch2/catch.hpp>

#include <caf/all.hpp>
#include <caf/io/all.hpp>

#include <future>
#include <mutex>

#include "actors/broker_actor.hpp"
#include "actors/cluster/front_registry.hpp"
#include "actors/cluster/node_agent.hpp"
#include "actors/group_actor.hpp"
#include "actors/line_io.hpp"
#include "emulator/emulator_farm.hpp"
#include "tests/actors/actors_support.hpp"
#include "tests/jobs/receipt_samples.hpp"

using namespace ws;
using namespace ws::actors;
using namespace ws::actors::test;

namespace {

struct node_config : caf::actor_system_config {
  node_config() {
    load<caf::io::middleman>();
    add_farm_message_types(*this);
  }
};

/// Log lines from actors, read by the test thread.
class captured_log {
 public:
  std::function<void(const std::string&)> sink() {
    return [this](const std::string& line) {
      std::lock_guard<std::mutex> guard(lock_);
      lines_ += line + "\n";
    };
  }
  bool has(const std::string& text) const {
    std::lock_guard<std::mutex> guard(lock_);
    return lines_.find(text) != std::string::npos;
  }
  std::string text() const {
    std::lock_guard<std::mutex> guard(lock_);
    return lines_;
  }

 private:
  mutable std::mutex lock_;
  std::string lines_;
};

bool eventually(const std::function<bool()>& holds, milliseconds limit) {
  const auto deadline = steady::now() + limit;
  while (steady::now() < deadline) {
    if (holds()) return true;
    std::this_thread::sleep_for(20ms);
  }
  return holds();
}

/// A front: broker and registry, the registry published on 127.0.0.1 (any port).
struct test_front {
  explicit test_front(caf::actor_system& system, captured_log& log) {
    broker_options broker_opts;
    broker_opts.log = log.sink();
    broker = spawn_broker(system, broker_opts);
    cluster::front_registry_options options;
    options.broker = broker;
    options.heartbeat_timeout = 500ms;
    options.middleman = system.middleman().actor_handle();
    options.log = log.sink();
    registry = cluster::spawn_front_registry(system, options);
    auto published = system.middleman().publish(caf::actor_cast<cluster::front_registry_public>(registry), 0,
                                                "127.0.0.1");
    if (published) port = *published;
  }
  broker_actor broker;
  cluster::front_registry registry;
  std::uint16_t port = 0;
};

cluster::node_agent_options agent_options(caf::actor_system& system, const std::string& name, std::uint16_t port,
                                          captured_log& log) {
  cluster::node_agent_options options;
  options.name = name;
  options.incarnation = cluster::new_incarnation();
  options.fronts.push_back({"127.0.0.1", "127.0.0.1", port});
  options.connector = system.middleman().actor_handle();
  options.heartbeat_interval = 100ms;
  options.heartbeat_timeout = 500ms;
  options.retry_interval = 200ms;
  options.log = log.sink();
  return options;
}

std::optional<farm_listing> list(caf::scoped_actor& self, const broker_actor& broker) {
  std::optional<farm_listing> out;
  self->request(broker, std::chrono::seconds(2), list_atom::value)
      .receive([&](farm_listing& listing) { out = std::move(listing); }, [](const caf::error&) {});
  return out;
}

}  // namespace

TEST_CASE("a front refuses a node of another cluster protocol version and says so on both sides",
          "[actors][cluster]") {
  node_config front_cfg;
  node_config node_cfg;
  captured_log front_log;
  captured_log node_log;
  {
    caf::actor_system front_system{front_cfg};
    caf::actor_system node_system{node_cfg};
    test_front front(front_system, front_log);
    REQUIRE(front.port != 0);

    auto newer_options = agent_options(node_system, "newer", front.port, node_log);
    newer_options.protocol_version = cluster_protocol_version + 1;
    auto newer = cluster::spawn_node_agent(node_system, newer_options);
    const std::string why = "node newer speaks cluster protocol version " +
                            std::to_string(cluster_protocol_version + 1) + ", this front version " +
                            std::to_string(cluster_protocol_version) + ": refused";
    CHECK(eventually([&] { return front_log.has(why); }, 5000ms));
    CHECK(eventually([&] { return node_log.has("front 127.0.0.1:" + std::to_string(front.port) +
                                               ": refused this node: " + why); },
                     5000ms));

    // The same build's version joins.
    auto same = cluster::spawn_node_agent(node_system, agent_options(node_system, "same", front.port, node_log));
    CHECK(eventually([&] { return node_log.has("joined front 127.0.0.1:" + std::to_string(front.port) + " as same"); },
                     5000ms));
    CHECK_FALSE(node_log.has("as newer"));
    INFO(front_log.text() << node_log.text());

    CHECK(stop_actors(node_system, {newer, same}, 5000ms));
    CHECK(stop_actors(front_system, {front.registry, front.broker}, 5000ms));
    front_system.middleman().close(front.port);
  }
}

TEST_CASE("a lost node's running job is answered at once naming its register and document",
          "[actors][cluster]") {
  temp_dir dir;
  emulator::farm_options emulated;
  emulated.dir = dir.path();
  emulated.count = 1;
  emulated.serial_base = 4242;
  emulated.print_time = {1500ms, 0ms};  // each document stays on the device for 1.5 s
  emulator::emulator_farm farm(emulated);
  const std::string serial = farm.device(0).info().serial_number;
  const std::string firm = "7704211201";
  line_io io;
  {
    node_config front_cfg;
    node_config node_cfg;
    captured_log front_log;
    captured_log node_log;
    caf::actor_system front_system{front_cfg};
    caf::actor_system node_system{node_cfg};
    test_front front(front_system, front_log);
    REQUIRE(front.port != 0);

    group_options group_opts;
    group_opts.name = "node-group";
    group_opts.timing = quick_timing();
    register_config reg;
    reg.port = farm.device(0).options().pty_link.string();
    group_opts.registers.push_back(reg);
    auto group = spawn_group(node_system, io, group_opts);
    auto options = agent_options(node_system, "node-x", front.port, node_log);
    options.groups.push_back(group);
    auto agent = cluster::spawn_node_agent(node_system, options);

    caf::scoped_actor self{front_system, true};
    auto listed = [&](const std::function<bool(const register_view&)>& holds) {
      const auto listing = list(self, front.broker);
      return listing && listing->registers.size() == 1 && holds(listing->registers.front());
    };
    REQUIRE(eventually(
        [&] {
          return listed([&](const register_view& view) {
            return view.node == "node-x" && view.serial() == serial && view.status &&
                   view.status->state == register_state::ready;
          });
        },
        15000ms));

    // Fiscalise it through the front: a per-register operation on a remote register.
    broker_request registration;
    shtrih::registration_params params;
    params.inn = firm;
    params.registration_number = "0000000001012345";
    registration.order.spec = jobs::registration_order{params, "Shop", "Street 1"};
    registration.order.time_left = 20s;
    registration.target_serial = serial;
    registration.wait4free = 5s;
    registration.time_left = 30s;
    std::optional<broker_result> registered;
    self->request(front.broker, std::chrono::seconds(60), registration)
        .receive([&](broker_result& r) { registered = std::move(r); }, [](const caf::error&) {});
    REQUIRE(registered);
    REQUIRE(registered->failure.kind == jobs::failure_kind::none);
    REQUIRE(eventually(
        [&] {
          return listed([&](const register_view& view) {
            return view.status && view.status->state == register_state::ready && inn_text(view.status->identity.inn) == firm;
          });
        },
        15000ms));

    // A receipt that takes seconds on the device (its shift, then itself); the node is lost while it runs.
    auto pending = std::async(std::launch::async, [&] {
      caf::scoped_actor requester{front_system, true};
      broker_request receipt;
      auto content = jobs::testing::single_row(12345);
      content.firm_inn = firm;
      receipt.order.spec = jobs::receipt_order{content, {}};
      receipt.order.time_left = 20s;
      receipt.inn = firm;
      receipt.wait4free = 5s;
      receipt.time_left = 30s;
      std::optional<broker_result> out;
      requester->request(front.broker, std::chrono::seconds(60), receipt)
          .receive([&](broker_result& r) { out = std::move(r); }, [](const caf::error&) {});
      return out;
    });
    REQUIRE(eventually([&] { return listed([](const register_view& view) { return view.snapshot && view.snapshot->running; }); },
                       5000ms));
    std::this_thread::sleep_for(300ms);
    const auto lost = steady::now();
    caf::anon_send_exit(agent, caf::exit_reason::kill);
    REQUIRE(pending.wait_for(5s) == std::future_status::ready);
    const auto answered = steady::now() - lost;
    const auto answer = pending.get();
    REQUIRE(answer);
    INFO(answer->failure.message);
    CHECK(answered < 1000ms);
    CHECK(answer->failure.kind == jobs::failure_kind::outcome_unknown);
    CHECK(answer->serial_number == serial);
    // FD 1 registration, FD 2 the shift the receipt opens: the receipt may be FD 2 or 3.
    CHECK(answer->failure.document_to_check == std::optional<std::uint32_t>(2));
    CHECK_THAT(answer->failure.message,
               Catch::StartsWith("register " + serial + " stopped while it ran the job (node node-x was lost (connection lost"));
    CHECK(front_log.has("node node-x lost: connection lost"));
    CHECK(front_log.has("node node-x: 1 registers leave the farm"));
    const auto after = list(self, front.broker);
    REQUIRE(after);
    CHECK(after->registers.empty());

    CHECK(stop_actors(node_system, {group}, 10000ms));
    CHECK(stop_actors(front_system, {front.registry, front.broker}, 10000ms));
    front_system.middleman().close(front.port);
  }
  io.stop();
  farm.stop();
}
