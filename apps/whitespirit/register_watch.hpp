#pragma once
// The log's view of the registers: an actor subscribed to every group that writes one
// line per register state change (connecting, identifying, ready, busy, recovering,
// offline), warns when a register goes offline or starts recovering a job (a fault) and
// says when it is back (a recovery). Busy <-> ready, a register's everyday rhythm, is
// logged at debug level only.

#include <caf/all.hpp>

#include "actors/farm.hpp"

namespace ws::whitespirit {

/// Spawns the watcher and subscribes it to every group of `farm`; it ends with the groups.
caf::actor watch_registers(caf::actor_system& system, actors::farm& farm);

}  // namespace ws::whitespirit
