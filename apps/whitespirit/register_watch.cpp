#include "apps/whitespirit/register_watch.hpp"

#include <map>
#include <optional>
#include <set>
#include <vector>
#include <string>

#include "http/ops/farm_log.hpp"

namespace ws::whitespirit {

namespace {

using actors::register_state;
using http::ops::log_level;

bool working(register_state state) { return state == register_state::ready || state == register_state::busy; }

/// How loud a change is: a fault warns, a recovery informs, the everyday rhythm is debug.
log_level level_of(std::optional<register_state> before, register_state now) {
  if (now == register_state::offline || now == register_state::recovering) return log_level::warn;
  if (before && working(*before) && working(now)) return log_level::debug;
  return log_level::info;
}

struct watch_state {
  std::map<std::string, register_state> last;  ///< by port
  std::set<std::string> faulted;               ///< ports offline or recovering since they last worked
  std::size_t groups_left = 0;
};

void on_status(watch_state& state, const actors::register_status& status) {
  const auto it = state.last.find(status.port);
  const std::optional<register_state> before =
      it == state.last.end() ? std::nullopt : std::optional<register_state>{it->second};
  if (before == status.state) return;
  state.last[status.port] = status.state;
  if (status.state == register_state::offline || status.state == register_state::recovering)
    state.faulted.insert(status.port);
  const bool recovered = working(status.state) && state.faulted.erase(status.port) > 0;
  http::ops::log_event(recovered ? log_level::info : level_of(before, status.state),
                       recovered ? "register_recovered" : "register_state",
                       {{"port", status.port},
                        {"kkt_sn", status.identity.serial_number},
                        {"from", before ? to_string(*before) : std::string{}},
                        {"to", to_string(status.state)},
                        {"detail", status.detail}});
}

/// Watches until every group is down (the farm stopping), then quits: the farm waits for
/// the actors it knows of, and this one must not outlive them.
caf::behavior watcher(caf::stateful_actor<watch_state>* self, std::vector<actors::group_actor> groups) {
  self->state.groups_left = groups.size();
  for (const auto& group : groups) self->monitor(group);
  self->set_down_handler([self](const caf::down_msg&) {
    if (--self->state.groups_left == 0) self->quit();
  });
  return {
      [self](const actors::register_status& status) { on_status(self->state, status); },
      [](actors::reg_handle_atom, const actors::register_member&) {},
  };
}

}  // namespace

caf::actor watch_registers(caf::actor_system& system, actors::farm& farm) {
  auto watch = system.spawn(watcher, farm.groups());
  farm.subscribe(watch);
  return watch;
}

}  // namespace ws::whitespirit
