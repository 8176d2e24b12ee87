#include "http/server/farm_bridge.hpp"

#include <utility>

namespace ws::http::server {

namespace {

/// One request to an actor of the farm, its answer or nullopt at `limit`.
///
/// The request itself has no CAF timeout: in CAF 0.17 a finite one is a timer on the
/// clock thread, which wakes that thread for every request (bench_broker_actor's
/// caf_request_roundtrips: 0.70 M/s with a timeout against 1.98 M/s without). The wait
/// is bounded here instead, by this thread's own timed wait for that one answer; the
/// scoped_actor is gone after the call, so an answer later than `limit` finds nobody.
template <class Answer, class Handle, class... Ts>
std::optional<Answer> ask(caf::actor_system& system, const Handle& to, caf::timespan limit, Ts&&... xs) {
  caf::scoped_actor self{system, true};
  std::optional<Answer> out;
  const auto answer = self->request(to, caf::infinite, std::forward<Ts>(xs)...);
  caf::blocking_actor::accept_one_cond one_answer;
  self->varargs_receive(
      one_answer, answer.id(), [&](Answer& value) { out = std::move(value); }, [](const caf::error&) {},
      caf::after(limit) >> [] {});
  return out;
}

}  // namespace

std::optional<actors::farm_listing> ask_listing(caf::actor_system& system, const actors::broker_actor& broker,
                                                const std::optional<std::string>& serial, caf::timespan limit) {
  if (serial) return ask<actors::farm_listing>(system, broker, limit, actors::locate_atom::value, *serial);
  return ask<actors::farm_listing>(system, broker, limit, actors::list_atom::value);
}

std::optional<broker::broker_stats> ask_stats(caf::actor_system& system, const actors::broker_actor& broker,
                                              caf::timespan limit) {
  return ask<broker::broker_stats>(system, broker, limit, actors::stats_atom::value);
}

std::optional<broker::ping_result> ask_ping(caf::actor_system& system, const actors::broker_actor& broker,
                                            const broker::ping_query& query, caf::timespan limit) {
  return ask<broker::ping_result>(system, broker, limit, actors::ping_atom::value, query);
}

std::optional<std::vector<actors::cluster::node_view>> ask_nodes(caf::actor_system& system,
                                                                 const actors::cluster::front_registry_public& registry,
                                                                 caf::timespan limit) {
  return ask<std::vector<actors::cluster::node_view>>(system, registry, limit, actors::cluster::nodes_atom::value);
}

std::optional<actors::broker_result> ask_broker(caf::actor_system& system, const actors::broker_actor& broker,
                                                actors::broker_request request, caf::timespan limit) {
  return ask<actors::broker_result>(system, broker, limit, std::move(request));
}

std::optional<actors::broker_result> ask_broker_journaled(caf::actor_system& system,
                                                          const actors::broker_actor& broker,
                                                          actors::broker_request request, caf::timespan limit,
                                                          const dispatch_recorder& record) {
  caf::scoped_actor self{system, true};
  request.journal = caf::actor_cast<caf::actor>(self);
  // A plain send: the broker's answer comes back as an ordinary message, so this thread
  // can serve the register's journal questions while it waits for it.
  self->send(broker, std::move(request));
  std::optional<actors::broker_result> out;
  const auto until = std::chrono::steady_clock::now() + limit;
  bool waiting = true;
  while (waiting) {
    const auto left = until - std::chrono::steady_clock::now();
    if (left <= decltype(left)::zero()) break;
    self->receive(
        [&](actors::broker_result& answer) {
          out = std::move(answer);
          waiting = false;
        },
        [&](actors::dispatched_atom, const actors::dispatch_record& where) -> caf::result<actors::dispatched_atom> {
          if (record(where)) return actors::dispatched_atom::value;
          return caf::make_error(caf::sec::runtime_error, "the journal could not be written");
        },
        caf::after(std::chrono::duration_cast<caf::timespan>(left)) >> [&] { waiting = false; });
  }
  return out;
}

}  // namespace ws::http::server
