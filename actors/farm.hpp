#pragma once
// The farm's actors wired together: the line I/O thread, the group actors (each
// supervising its registers) and the broker joined to every group. The program builds
// the options from its configuration; the REST front talks to broker() and groups().
//
// Shutdown (stop(), also on destruction) goes top-down so that nothing is cut off midway:
//   1. the broker exits: it stops taking work, answers every waiting job `shutting_down`
//      and quits once the jobs already running on registers have ended (each bounded by
//      its own run timeout);
//   2. the groups exit, and with them their registers (their lines close);
//   3. the line I/O thread finishes the closing work and joins.
// Stop the HTTP front before the farm, and the farm before the actor system.

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include <caf/all.hpp>

#include "actors/broker_actor.hpp"
#include "actors/group_actor.hpp"
#include "actors/line_io.hpp"

namespace ws::actors {

struct farm_options {
  std::vector<group_options> groups;
  broker_options broker;  ///< its `groups` are filled with the spawned groups
};

class farm {
 public:
  /// Starts the line thread and spawns the groups and the broker.
  farm(caf::actor_system& system, farm_options options);
  ~farm();
  farm(const farm&) = delete;
  farm& operator=(const farm&) = delete;

  const broker_actor& broker() const { return broker_; }
  const std::vector<group_actor>& groups() const { return groups_; }

  /// Subscribes `subscriber` to every group: it receives (reg_handle_atom, register_member)
  /// for each register and every register_status (see group_actor.hpp).
  void subscribe(const caf::actor& subscriber);

  /// Step 1 alone: the broker answers its waiting jobs `shutting_down` and ends once its
  /// running jobs have ended. `limit` bounds the wait for them (give it the longest job
  /// timeout plus a margin); past it the broker is killed. Idempotent; true when it ended
  /// by itself.
  bool stop_broker(std::chrono::milliseconds limit);
  /// Stops everything in the order above (the broker as stop_broker(broker_limit)).
  /// Idempotent; true when every actor ended within its wait.
  bool stop(std::chrono::milliseconds broker_limit);

 private:
  /// Exits `actors` with `reason` and waits (bounded) until all are down.
  bool exit_and_wait(const std::vector<caf::actor>& actors, caf::exit_reason reason, std::chrono::milliseconds limit);
  /// The register actors the groups run right now.
  std::vector<register_actor> registers();

  caf::actor_system& system_;
  line_io io_;
  std::vector<group_actor> groups_;
  broker_actor broker_;
  std::size_t baseline_actors_ = 0;  ///< actors running before the farm's own
  bool broker_stopped_ = false;
  bool broker_stopped_cleanly_ = true;
  bool stopped_ = false;
};

}  // namespace ws::actors
