#pragma once
// The bridge from an HTTP handler thread to the actors: each call makes a scoped_actor,
// sends one request to the broker and waits a bounded time for its answer (a dropped
// answer can never hold a pool thread for ever). nullopt means no answer in time.
// Every question goes to the broker, which follows every register: one request each.

#include <functional>
#include <optional>
#include <string>

#include <caf/all.hpp>

#include "actors/broker_actor.hpp"
#include "actors/cluster/cluster_messages.hpp"
#include "actors/farm_messages.hpp"

namespace ws::http::server {

using actors::register_view;

/// Every register with the queues (serial empty), or only the register with that device
/// serial (none in the listing when no register has it).
std::optional<actors::farm_listing> ask_listing(caf::actor_system& system, const actors::broker_actor& broker,
                                                const std::optional<std::string>& serial = std::nullopt,
                                                caf::timespan limit = std::chrono::seconds(2));

std::optional<broker::broker_stats> ask_stats(caf::actor_system& system, const actors::broker_actor& broker,
                                              caf::timespan limit = std::chrono::seconds(2));
std::optional<broker::ping_result> ask_ping(caf::actor_system& system, const actors::broker_actor& broker,
                                            const broker::ping_query& query,
                                            caf::timespan limit = std::chrono::seconds(2));
/// Submits one job; `limit` must exceed everything the broker may spend on it (its
/// deadline plus each attempt's run timeout and margin), since the broker always answers.
/// The cluster's nodes as the front's registry knows them; nullopt when it does not answer.
std::optional<std::vector<actors::cluster::node_view>> ask_nodes(caf::actor_system& system,
                                                                 const actors::cluster::front_registry_public& registry,
                                                                 caf::timespan limit = std::chrono::seconds(2));
std::optional<actors::broker_result> ask_broker(caf::actor_system& system, const actors::broker_actor& broker,
                                                actors::broker_request request, caf::timespan limit);

/// Called on the asking thread when the register that takes a journaled job asks to record
/// where it went; true once recorded (the register then prints), false when it could not
/// be (the register sends nothing).
using dispatch_recorder = std::function<bool(const actors::dispatch_record&)>;

/// As ask_broker, journaled: the register that takes the job (each one tried, when the
/// broker retries elsewhere) has `record` called before it sends its first command.
std::optional<actors::broker_result> ask_broker_journaled(caf::actor_system& system,
                                                          const actors::broker_actor& broker,
                                                          actors::broker_request request, caf::timespan limit,
                                                          const dispatch_recorder& record);

}  // namespace ws::http::server
