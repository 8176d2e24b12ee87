#pragma once
// The bridge from an HTTP handler thread to the actors: each call makes a scoped_actor,
// sends one request and waits for its answer with a finite timeout (a dropped answer
// can never hold a pool thread for ever). nullopt means no answer in time.

#include <optional>
#include <string>
#include <vector>

#include <caf/all.hpp>

#include "actors/broker_actor.hpp"
#include "actors/farm_messages.hpp"
#include "http/server/front.hpp"

namespace ws::http::server {

/// One register as the groups know it, with its latest status when its actor answered.
struct register_view {
  actors::register_config config;
  std::optional<actors::register_status> status;  ///< nullopt: no live actor, or no answer
  int restarts = 0;

  /// The device serial once identified, else empty.
  std::string serial() const { return status ? status->identity.serial_number : std::string{}; }
};

/// Every register of every group, in group order.
std::vector<register_view> list_registers(caf::actor_system& system, const farm_handles& farm,
                                          caf::timespan limit = std::chrono::seconds(2));
/// The register whose device serial is `serial`.
std::optional<register_view> find_register(caf::actor_system& system, const farm_handles& farm,
                                           const std::string& serial);

std::optional<broker::broker_stats> ask_stats(caf::actor_system& system, const actors::broker_actor& broker,
                                              caf::timespan limit = std::chrono::seconds(2));
std::optional<broker::ping_result> ask_ping(caf::actor_system& system, const actors::broker_actor& broker,
                                            const broker::ping_query& query,
                                            caf::timespan limit = std::chrono::seconds(2));
/// Submits one job; `limit` must exceed everything the broker may spend on it (its
/// deadline plus each attempt's run timeout and margin), since the broker always answers.
std::optional<actors::broker_result> ask_broker(caf::actor_system& system, const actors::broker_actor& broker,
                                                actors::broker_request request, caf::timespan limit);

}  // namespace ws::http::server
