#pragma once
// What a scrape reads of the farm: the broker's listing (every register's last published
// status and the queues), the journal's counts and a cluster front's nodes, each absent
// when it could not be had in time. Taken once per scrape from what the broker, the
// journal and the front's registry already know: no register is asked anything for it.

#include <chrono>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "actors/cluster/cluster_messages.hpp"
#include "actors/farm_messages.hpp"
#include "http/ops/connection_counters.hpp"
#include "journal/journal.hpp"

namespace ws::http::ops {

struct farm_snapshot {
  std::optional<actors::farm_listing> listing;  ///< nullopt: the broker did not answer in time
  std::optional<std::map<journal::entry_state, std::size_t>> journal_entries;  ///< nullopt: no journal
  /// The cluster's nodes as the front's registry knows them; nullopt: not a cluster front,
  /// or its registry did not answer in time.
  std::optional<std::vector<actors::cluster::node_view>> cluster_nodes;
  /// The API address's connections (the connection gate); nullopt: not known here.
  std::optional<connection_counters> connections;
  std::chrono::system_clock::time_point taken_at = std::chrono::system_clock::now();
};

}  // namespace ws::http::ops
