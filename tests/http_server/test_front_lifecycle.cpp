// The front's own lifetime: a stop right after start (a stop signal during start-up)
// must end the listening thread. Run in a forked child so that a hang is a failed test,
// not a hung suite.

#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

#include <caf/all.hpp>

#include "actors/farm_messages.hpp"
#include "http/server/front.hpp"
#include "tests/support/child_process.hpp"

using namespace std::chrono_literals;

namespace {

/// Runs `body(system, options)` in a forked child: a fresh actor system and front options
/// on any free port. The child's exit code, or -1 when it hung.
template <class Body>
int with_front_setup_in_child(Body body, std::chrono::milliseconds limit) {
  auto child = ws::test::child_process::forked([&body] {
    caf::actor_system_config config;
    ws::actors::add_farm_message_types(config);
    caf::actor_system system{config};
    ws::http::front_options options;
    options.port = 0;
    return body(system, options);
  });
  return child->wait_exit(limit);
}

}  // namespace

TEST_CASE("front stop right after start ends the listener", "[front][lifecycle]") {
  // Before the fix, a stop came before the listener ran within these rounds and the child
  // hung in accept().
  const int exit_code = with_front_setup_in_child(
      [](caf::actor_system& system, const ws::http::front_options& options) {
        for (int round = 0; round < 200; ++round) {
          ws::http::front front(system, ws::http::farm_handles{}, options);
          if (front.start() == 0) return 2;
          front.stop();
        }
        return 0;
      },
      30000ms);
  CHECK(exit_code == 0);
}

TEST_CASE("front stop without start and a second stop are harmless", "[front][lifecycle]") {
  const int exit_code = with_front_setup_in_child(
      [](caf::actor_system& system, const ws::http::front_options& options) {
        ws::http::front never_started(system, ws::http::farm_handles{}, options);
        never_started.stop();
        ws::http::front started(system, ws::http::farm_handles{}, options);
        if (started.start() == 0) return 2;
        std::this_thread::sleep_for(50ms);
        started.stop();
        started.stop();
        return 0;
      },
      30000ms);
  CHECK(exit_code == 0);
}
