#pragma once
// The gauges of a cluster front's nodes at a scrape: how many are connected and how many
// lost (a lost node's registers are out of the farm), and per node how many registers the
// broker holds from it. Built from the registry's node list and the broker's listing of
// the same scrape; labels are the cluster's own node names (bounded by the cluster).

#include <optional>
#include <vector>

#include <prometheus/metric_family.h>

#include "actors/cluster/cluster_messages.hpp"
#include "actors/farm_messages.hpp"

namespace ws::http::ops {

/// `listing` empty (the broker did not answer): the per-node register counts are left out.
std::vector<prometheus::MetricFamily> cluster_gauges(const std::vector<actors::cluster::node_view>& nodes,
                                                     const std::optional<actors::farm_listing>& listing);

}  // namespace ws::http::ops
