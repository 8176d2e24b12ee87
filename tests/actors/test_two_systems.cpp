// The smallest proof that the farm's design crosses hosts: two actor systems in one
// process, joined by CAF's middleman over 127.0.0.1 as two hosts would be. The "node"
// system hosts a group with one register on a pty and publishes the group; the "front"
// system runs the broker, which subscribes to the remote group and sends it orders. A
// registration and a receipt go through: orders out, outcomes back, statuses pushed
// across, and the FN on the node holds exactly the documents the answers name.

#include <catch2/catch.hpp>

#include <caf/all.hpp>
#include <caf/io/all.hpp>

#include "actors/broker_actor.hpp"
#include "actors/group_actor.hpp"
#include "actors/line_io.hpp"
#include "emulator/emulator_farm.hpp"
#include "tests/actors/actors_support.hpp"
#include "tests/jobs/receipt_samples.hpp"

using namespace ws;
using namespace ws::actors;
using namespace ws::actors::test;

namespace {

const std::string firm = "7704211201";

/// A system that can talk to other nodes: the middleman loaded, the farm's types named.
struct node_config : caf::actor_system_config {
  node_config() {
    load<caf::io::middleman>();
    add_farm_message_types(*this);
  }
};

std::optional<broker_result> ask(caf::scoped_actor& self, const broker_actor& broker, broker_request request) {
  std::optional<broker_result> out;
  self->request(broker, std::chrono::seconds(60), std::move(request))
      .receive([&](broker_result& result) { out = std::move(result); }, [](const caf::error&) {});
  return out;
}

/// Asks the broker's listing until `done` holds for the one register (bounded).
bool await_listing(caf::scoped_actor& self, const broker_actor& broker,
                   const std::function<bool(const register_view&)>& done, milliseconds limit) {
  const auto deadline = steady::now() + limit;
  while (steady::now() < deadline) {
    bool holds = false;
    self->request(broker, std::chrono::seconds(2), list_atom::value)
        .receive(
            [&](const farm_listing& listing) {
              holds = listing.registers.size() == 1 && done(listing.registers.front());
            },
            [](const caf::error&) {});
    if (holds) return true;
    std::this_thread::sleep_for(50ms);
  }
  return false;
}

}  // namespace

TEST_CASE("a receipt runs between two actor systems joined by the middleman", "[actors][cluster]") {
  temp_dir dir;
  emulator::farm_options emulated;
  emulated.dir = dir.path();
  emulated.count = 1;
  emulator::emulator_farm farm(emulated);
  const std::string serial = farm.device(0).info().serial_number;
  line_io io;
  {
    node_config node_cfg;
    node_config front_cfg;
    caf::actor_system node{node_cfg};
    caf::actor_system front{front_cfg};

    group_options group_opts;
    group_opts.name = "node-group";
    group_opts.timing = quick_timing();
    register_config reg;
    reg.port = farm.device(0).options().pty_link.string();
    group_opts.registers.push_back(reg);
    auto group = spawn_group(node, io, group_opts);
    auto published = node.middleman().publish(group, 0, "127.0.0.1");
    REQUIRE(published);
    const std::uint16_t port = *published;

    auto remote_group = front.middleman().remote_actor<group_actor>("127.0.0.1", port);
    REQUIRE(remote_group);
    broker_options broker_opts;
    broker_opts.groups.push_back(*remote_group);
    auto broker = spawn_broker(front, broker_opts);

    {
      caf::scoped_actor self{front, true};
      REQUIRE(await_listing(
          self, broker,
          [&](const register_view& view) {
            return view.status && view.status->state == register_state::ready &&
                   view.serial() == serial && view.snapshot;
          },
          15000ms));

      // The registration travels to the node as an order and comes back as its document.
      broker_request registration;
      shtrih::registration_params params;
      params.inn = firm;
      params.registration_number = "0000000001012345";
      registration.order.spec = jobs::registration_order{params, "Shop", "Street 1"};
      registration.order.time_left = 20s;
      registration.target_serial = serial;
      registration.wait4free = 5s;
      registration.time_left = 30s;
      const auto registered = ask(self, broker, registration);
      REQUIRE(registered);
      REQUIRE(registered->kind == broker::outcome::completed);
      REQUIRE(registered->failure.kind == jobs::failure_kind::none);
      CHECK(std::get<jobs::printed_document>(registered->result).document_number == 1);
      CHECK(registered->serial_number == serial);

      // The register's new INN reaches the front's broker as a pushed status.
      REQUIRE(await_listing(
          self, broker,
          [&](const register_view& view) {
            return view.status && view.status->state == register_state::ready &&
                   inn_text(view.status->identity.inn) == firm;
          },
          15000ms));

      broker_request receipt;
      auto content = jobs::testing::single_row(12345);
      content.firm_inn = firm;
      receipt.order.spec = jobs::receipt_order{content, {}};
      receipt.order.time_left = 20s;
      // Conditions travel as text: the front's broker applies accept_device, the node's
      // register `before`, both on the register's own attributes.
      const std::string this_register = "(= device.sn \"" + serial + "\")";
      receipt.order.conditions = jobs::condition_text{"hy", {"accept_device", "before"}, {this_register, this_register}};
      receipt.inn = firm;
      receipt.wait4free = 5s;
      receipt.time_left = 30s;
      const auto printed = ask(self, broker, receipt);
      REQUIRE(printed);
      REQUIRE(printed->kind == broker::outcome::completed);
      REQUIRE(printed->failure.kind == jobs::failure_kind::none);
      const auto& document = std::get<jobs::printed_document>(printed->result);
      CHECK(document.total == 12345);
      CHECK(document.fiscal_sign != 0);
      // Registration FD 1, the shift the receipt opened FD 2, the receipt FD 3.
      CHECK(document.document_number == 3);
      CHECK(farm.device(0).info().last_document_number == 3);
      CHECK(printed->device.at("sn") == conditions::value(serial));

      // A `before` that is false on the node: refused there, nothing sent to the device.
      receipt.order.conditions = jobs::condition_text{"hy", {"before"}, {"(= device.sn \"0\")"}};
      const auto refused = ask(self, broker, receipt);
      REQUIRE(refused);
      CHECK(refused->kind == broker::outcome::completed);
      CHECK(refused->failure.kind == jobs::failure_kind::wrong_state);
      CHECK(refused->failure.refused_by_condition == "before");
      CHECK(farm.device(0).info().last_document_number == 3);
    }

    CHECK(stop_actors(front, {broker}, 5000ms));
    CHECK(stop_actors(node, {group}, 5000ms));
    node.middleman().close(port);
  }
  io.stop();
  farm.stop();
}
