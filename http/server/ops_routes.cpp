// GET /metrics: the Prometheus exposition; and the dashboard (dashboard_routes.cpp).
// /metrics: the Prometheus exposition (http/ops/farm_metrics.hpp). One question to
// the broker (the listing it keeps from the registers' published statuses), one count of
// the journal and, on a cluster front, one question to its registry (the nodes): no
// register is asked anything for a scrape.

#include "http/ops/farm_snapshot.hpp"
#include "http/server/farm_bridge.hpp"
#include "http/server/routes.hpp"

namespace ws::http::server {

namespace {

/// A scrape waits at most this long for the broker, and as long for the cluster registry
/// (Prometheus' own default timeout is 10 s); without the broker's answer the farm's
/// gauges are left out and broker_up says 0, without the registry's the nodes' gauges.
constexpr std::chrono::seconds broker_limit{2};

}  // namespace

void add_ops_routes(httplib::Server& server, front_state& state) {
  server.Get("/metrics", [&state](const httplib::Request&, httplib::Response& res) {
    ops::farm_snapshot farm;
    farm.listing = ask_listing(state.system, state.farm.broker, std::nullopt, broker_limit);
    if (state.farm.cluster) farm.cluster_nodes = ask_nodes(state.system, state.farm.cluster, broker_limit);
    try {
      farm.journal_entries = state.receipts.store().count_by_state();
    } catch (const std::exception&) {
      // No journal (it could not be opened, or cannot be read now): its gauge is left out.
    }
    if (state.api_connections) farm.connections = state.api_connections();
    farm.taken_at = std::chrono::system_clock::now();
    res.status = 200;
    res.set_content(state.metrics.exposition(farm), "text/plain; version=0.0.4; charset=utf-8");
  });
  add_dashboard_routes(server, state);
}

}  // namespace ws::http::server
