#pragma once
// The gauges of a scrape, built from one farm_snapshot: the registers by state and each
// register's health (shift, clock, paper, OFD backlog, FN expiry), the queues per route
// (INN, group), the journal by state, and on a cluster front its nodes
// (cluster_gauges.hpp). Built fresh for every scrape as metric families, so a register that left the
// farm leaves no stale series behind. Labels stay bounded: states, the farm's own
// registers (port and serial) and routes, never a receipt or a key.

#include <vector>

#include <prometheus/metric_family.h>

#include "http/ops/farm_snapshot.hpp"

namespace ws::http::ops {

std::vector<prometheus::MetricFamily> farm_gauges(const farm_snapshot& farm);

}  // namespace ws::http::ops
