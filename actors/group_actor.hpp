#pragma once
// The group actor supervises the registers of one group: it spawns one register actor per
// configured register, monitors them (no links: a link would carry a register's kill to the
// group), and restarts one that dies (any reason
// but a normal exit) after a backoff that doubles up to restart_max, at most
// restart_budget times within budget_window; past the budget it gives the register up and
// reports it offline. When the group exits, for whatever reason, its registers exit too.
//
// Its interface (group_actor) is in actors/farm_messages.hpp. Subscribers receive:
//   (reg_handle_atom, register_member)                   for every register, again after a restart
//   register_status                                      every status change of every register
// (members_atom) -> std::vector<register_member> lists the registers with their handles.

#include <string>
#include <vector>

#include <caf/all.hpp>

#include "actors/farm_messages.hpp"
#include "actors/line_io.hpp"
#include "actors/register_actor.hpp"
#include "protocol/shtrih/link_timing.hpp"

namespace ws::actors {

struct group_options {
  std::string name;
  std::vector<register_config> registers;
  register_timing timing;
  shtrih::link_timing link;
  job_builder build_job;  ///< given to every register (empty: jobs::build_job)
  int restart_budget = 5;
  caf::timespan budget_window = std::chrono::seconds(60);
  caf::timespan restart_min = std::chrono::milliseconds(100);
  caf::timespan restart_max = std::chrono::seconds(10);
};

group_actor spawn_group(caf::actor_system& system, line_io& io, group_options options);

}  // namespace ws::actors
