#include "http/ops/cluster_gauges.hpp"

#include <map>
#include <string>

#include "http/ops/gauge_family.hpp"

namespace ws::http::ops {

std::vector<prometheus::MetricFamily> cluster_gauges(const std::vector<actors::cluster::node_view>& nodes,
                                                     const std::optional<actors::farm_listing>& listing) {
  std::vector<prometheus::MetricFamily> out;
  auto by_state =
      gauge_family("whitespirit_cluster_nodes",
                   "Cluster nodes this front knows by state (connected; lost: its registers left the farm)");
  double connected = 0;
  for (const auto& node : nodes)
    if (node.connected) ++connected;
  add_sample(by_state, {{"state", "connected"}}, connected);
  add_sample(by_state, {{"state", "lost"}}, static_cast<double>(nodes.size()) - connected);
  out.push_back(std::move(by_state));

  auto up =
      gauge_family("whitespirit_cluster_node_connected", "1 while the node is connected to this front, 0 once lost");
  for (const auto& node : nodes) add_sample(up, {{"node", node.name}}, node.connected ? 1 : 0);
  out.push_back(std::move(up));

  if (!listing) return out;
  std::map<std::string, double> registers;
  for (const auto& node : nodes) registers[node.name] = 0;
  for (const auto& view : listing->registers)
    if (const auto it = registers.find(view.node); it != registers.end()) ++it->second;
  auto per_node = gauge_family("whitespirit_cluster_node_registers", "Registers of the farm hosted by the node");
  for (const auto& [name, count] : registers) add_sample(per_node, {{"node", name}}, count);
  out.push_back(std::move(per_node));
  return out;
}

}  // namespace ws::http::ops
