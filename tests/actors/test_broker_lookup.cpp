// Per-register operations find their register with one question to the broker, which
// follows every register's status: at 1,000 registers no register is asked anything to
// answer "which register has serial S" or the listing.

#include <catch2/catch.hpp>

#include <atomic>

#include "actors/broker_actor.hpp"
#include "tests/actors/actors_support.hpp"

using namespace ws;
using namespace ws::actors;
using namespace ws::actors::test;

namespace {

/// A register stand-in that counts every message it gets.
class counting_register : public caf::event_based_actor {
 public:
  counting_register(caf::actor_config& config, std::shared_ptr<std::atomic<int>> received)
      : caf::event_based_actor(config), received_(std::move(received)) {}

  caf::behavior make_behavior() override {
    set_default_handler([this](caf::scheduled_actor*, caf::message_view&) -> caf::result<caf::message> {
      ++*received_;
      return caf::message{};
    });
    return {[this](status_atom) {
      ++*received_;
      return register_status{};
    }};
  }

 private:
  std::shared_ptr<std::atomic<int>> received_;
};

std::string serial_of(std::size_t k) { return std::to_string(1000000000000000ULL + k); }
std::string port_of(std::size_t k) { return "/fake/kkt-" + std::to_string(k); }

/// Introduces every register to a subscriber as a group does.
class fake_group : public caf::event_based_actor {
 public:
  fake_group(caf::actor_config& config, std::vector<caf::actor> registers)
      : caf::event_based_actor(config), registers_(std::move(registers)) {}

  caf::behavior make_behavior() override {
    return {[this](subscribe_atom, const caf::actor& who) {
      for (std::size_t k = 0; k < registers_.size(); ++k) {
        register_config config;
        config.port = port_of(k);
        send(who, reg_handle_atom::value, register_member{config, caf::actor_cast<register_actor>(registers_[k]), 0});
        register_status status;
        status.port = config.port;
        status.state = register_state::ready;
        status.identity.serial_number = serial_of(k);
        status.identity.inn = 7704211201ULL;
        send(who, status);
      }
    }};
  }

 private:
  std::vector<caf::actor> registers_;
};

}  // namespace

TEST_CASE("the broker finds a register by serial among 1000 without asking any register", "[actors][broker]") {
  caf::actor_system_config config;
  add_farm_message_types(config);
  caf::actor_system system{config};
  constexpr std::size_t count = 1000;
  auto received = std::make_shared<std::atomic<int>>(0);
  std::vector<caf::actor> registers;
  for (std::size_t k = 0; k < count; ++k) registers.push_back(system.spawn<counting_register>(received));
  auto group = system.spawn<fake_group>(registers);
  broker_options options;
  options.groups.push_back(caf::actor_cast<group_actor>(group));
  auto broker = spawn_broker(system, options);
  {
    caf::scoped_actor self{system, true};
    // Wait (bounded) until the broker knows all of them.
    const auto deadline = steady::now() + 10s;
    std::size_t known = 0;
    while (known < count && steady::now() < deadline) {
      self->request(broker, 2s, list_atom::value)
          .receive([&](const farm_listing& listing) { known = listing.registers.size(); }, [](const caf::error&) {});
    }
    REQUIRE(known == count);
    const int before = received->load();

    std::optional<farm_listing> found;
    self->request(broker, 2s, locate_atom::value, serial_of(777))
        .receive([&](farm_listing& listing) { found = std::move(listing); }, [](const caf::error&) {});
    REQUIRE(found);
    REQUIRE(found->registers.size() == 1);
    CHECK(found->registers.front().config.port == port_of(777));
    REQUIRE(found->registers.front().snapshot);
    CHECK(found->registers.front().snapshot->availability == broker::register_availability::ready);

    std::optional<farm_listing> none;
    self->request(broker, 2s, locate_atom::value, std::string("0000000000000000"))
        .receive([&](farm_listing& listing) { none = std::move(listing); }, [](const caf::error&) {});
    REQUIRE(none);
    CHECK(none->registers.empty());
    CHECK(none->stats.registers.size() == count);  // the queues come with it

    // Neither question reached a register.
    CHECK(received->load() == before);
  }
  CHECK(stop_actors(system, {broker, group}, 5000ms));
  std::vector<any_actor> all(registers.begin(), registers.end());
  CHECK(stop_actors(system, all, 5000ms));
}
