#include "http/server/farm_bridge.hpp"

#include <utility>

namespace ws::http::server {

std::vector<register_view> list_registers(caf::actor_system& system, const farm_handles& farm,
                                          caf::timespan limit) {
  caf::scoped_actor self{system, true};
  std::vector<register_view> out;
  for (const auto& group : farm.groups) {
    std::vector<actors::register_member> members;
    self->request(group, limit, actors::members_atom::value)
        .receive([&](std::vector<actors::register_member>& got) { members = std::move(got); },
                 [](const caf::error&) {});
    for (auto& member : members) {
      register_view view;
      view.config = member.config;
      view.restarts = member.restarts;
      if (member.handle) {
        self->request(member.handle, limit, actors::status_atom::value)
            .receive([&](actors::register_status& status) { view.status = std::move(status); },
                     [](const caf::error&) {});
      }
      out.push_back(std::move(view));
    }
  }
  return out;
}

std::optional<register_view> find_register(caf::actor_system& system, const farm_handles& farm,
                                           const std::string& serial) {
  if (serial.empty()) return std::nullopt;
  for (auto& view : list_registers(system, farm))
    if (view.serial() == serial) return view;
  return std::nullopt;
}

std::optional<broker::broker_stats> ask_stats(caf::actor_system& system, const actors::broker_actor& broker,
                                              caf::timespan limit) {
  caf::scoped_actor self{system, true};
  std::optional<broker::broker_stats> out;
  self->request(broker, limit, actors::stats_atom::value)
      .receive([&](broker::broker_stats& stats) { out = std::move(stats); }, [](const caf::error&) {});
  return out;
}

std::optional<broker::ping_result> ask_ping(caf::actor_system& system, const actors::broker_actor& broker,
                                            const broker::ping_query& query, caf::timespan limit) {
  caf::scoped_actor self{system, true};
  std::optional<broker::ping_result> out;
  self->request(broker, limit, actors::ping_atom::value, query)
      .receive([&](broker::ping_result result) { out = result; }, [](const caf::error&) {});
  return out;
}

std::optional<actors::broker_result> ask_broker(caf::actor_system& system, const actors::broker_actor& broker,
                                                actors::broker_request request, caf::timespan limit) {
  caf::scoped_actor self{system, true};
  std::optional<actors::broker_result> out;
  self->request(broker, limit, std::move(request))
      .receive([&](actors::broker_result& result) { out = std::move(result); }, [](const caf::error&) {});
  return out;
}

}  // namespace ws::http::server
