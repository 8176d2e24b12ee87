// The broker's answers to questions (ping, /v1/cashmachines, Retry-After): read-only views
// of broker_core's state, kept apart from the decisions that change it.

#include <algorithm>
#include <map>

#include "actors/broker/broker_core.hpp"

namespace ws::broker {

ping_result broker_core::ping(const ping_query& query) const {
  std::size_t ready = 0;
  std::size_t waiting = 0;
  if (!query.inn) {
    for (const auto& [id, r] : registers_)
      if (can_take_jobs(r) && !r.info.inn.empty()) ++ready;
    waiting = waiting_.size();
  } else {
    route where{*query.inn, query.group && !query.group->empty() ? *query.group : std::string(no_group)};
    if (auto it = ready_.find(where); it != ready_.end()) ready = it->second.size();
    if (auto it = queues_.find(where); it != queues_.end()) waiting = it->second.size();
  }
  if (ready == 0) return ping_result::no_ready;
  if (query.backlog_ratio &&
      static_cast<double>(waiting) > *query.backlog_ratio * static_cast<double>(ready))
    return ping_result::backlog_exceeded;
  return ping_result::ok;
}

broker_stats broker_core::stats() const {
  broker_stats s;
  std::map<route, route_snapshot> routes;
  auto touch = [&routes](const route& where) -> route_snapshot& {
    route_snapshot& rs = routes[where];
    rs.inn = where.first;
    rs.group = where.second;
    return rs;
  };
  for (const auto& [id, r] : registers_) {
    if (r.removed) continue;
    std::size_t targeted = 0;
    if (auto own = targeted_.find(id); own != targeted_.end()) targeted = own->second.size();
    s.registers.push_back(register_snapshot{id, r.info.inn, r.info.groups, r.availability, r.running, targeted});
    for (const auto& where : routes_of(r.info)) {
      route_snapshot& rs = touch(where);
      ++rs.known;
      if (can_take_jobs(r)) ++rs.ready;
    }
  }
  for (const auto& [where, queue] : queues_) touch(where).waiting = queue.size();
  for (const auto& [id, job] : running_)
    if (!job.request.target) ++touch(job.where).running;  // a targeted job belongs to its register
  for (auto& [where, rs] : routes) s.routes.push_back(std::move(rs));
  s.waiting = waiting_.size();
  s.running = running_.size();
  s.service_estimate = service_estimate_;
  return s;
}

void broker_core::note_service_time(std::chrono::milliseconds sample) {
  // A moving average weighted 7:1 towards history: steady, yet follows a slower printer.
  service_estimate_ = (service_estimate_ * 7 + sample) / 8;
}

std::chrono::seconds broker_core::suggested_retry_after() const {
  std::int64_t online = 0;
  for (const auto& [id, r] : registers_)
    if (!r.removed && r.availability != register_availability::offline) ++online;
  online = std::max<std::int64_t>(online, 1);
  const std::int64_t queued = static_cast<std::int64_t>(waiting_.size()) + 1;
  const std::int64_t ms = service_estimate_.count() * queued / online;
  std::chrono::seconds secs{(ms + 999) / 1000};
  return std::clamp(secs, limits_.min_retry_after, limits_.max_retry_after);
}

}  // namespace ws::broker
