#pragma once
// A small farm around a broker_core for the tests: a clock the test moves by hand,
// registers added in one line, jobs built with readable defaults, and lookups into the
// decisions an operation returned.

#include <algorithm>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "actors/broker/broker_core.hpp"
#include "actors/conditions/conditional.hpp"

namespace ws::broker::testing {

using namespace std::chrono_literals;

inline const std::string inn_a = "7701234567";
inline const std::string inn_b = "500100732259";

struct job_spec {
  std::string inn = inn_a;
  std::string group;
  std::chrono::milliseconds wait4free{0};
  unsigned retry_count = 0;
  std::chrono::milliseconds deadline_in{60000};
  std::vector<conditions::condition_source> conditions;
  std::optional<register_id> target;
};

/// A per-register operation for that register, which may wait that long.
inline job_spec on(register_id reg, std::chrono::milliseconds wait = std::chrono::milliseconds(0)) {
  job_spec s;
  s.target = std::move(reg);
  s.wait4free = wait;
  return s;
}

/// A job for (inn, group) that may wait that long.
inline job_spec to(std::string inn, std::string group = "", std::chrono::milliseconds wait = 0ms) {
  job_spec s;
  s.inn = std::move(inn);
  s.group = std::move(group);
  s.wait4free = wait;
  return s;
}

class test_farm {
 public:
  explicit test_farm(broker_limits limits = {}) : core(limits) {}

  broker_core core;
  time_point now = time_point{} + std::chrono::hours(1);

  void advance(std::chrono::milliseconds d) { now += d; }

  /// Adds a register (attributes sn, inn, groups) and reports it ready unless told not to.
  decisions add(const std::string& id, const std::string& inn, std::vector<std::string> groups = {},
                bool ready = true) {
    register_info info;
    info.id = id;
    info.inn = inn;
    info.groups = groups;
    conditions::value_list group_values(groups.begin(), groups.end());
    info.attributes = {{"sn", conditions::value(id)},
                       {"inn", conditions::value(inn)},
                       {"groups", conditions::value(group_values)},
                       {"model", conditions::value("SHTRIH-M-01F")}};
    decisions d = core.upsert_register(info, now);
    if (ready) d.append(core.register_ready(id, now));
    return d;
  }

  decisions submit(job_id id, const job_spec& spec = {}) {
    job_request r;
    r.id = id;
    r.inn = spec.inn;
    r.group = spec.group;
    r.wait4free = spec.wait4free;
    r.retry_count = spec.retry_count;
    r.deadline = now + spec.deadline_in;
    r.target = spec.target;
    if (!spec.conditions.empty())
      r.conditions = std::make_shared<const conditions::conditional>(conditions::parse_conditional("hy", spec.conditions));
    return core.submit(std::move(r), now);
  }
};

inline std::optional<register_id> dispatched_to(const decisions& d, job_id job) {
  for (const auto& x : d.dispatches)
    if (x.job == job) return x.reg;
  return std::nullopt;
}

inline std::optional<final_answer> answer_for(const decisions& d, job_id job) {
  for (const auto& a : d.answers)
    if (a.job == job) return a;
  return std::nullopt;
}

/// The only dispatch of the decisions, as "job@register" (empty when none, "many" when more).
inline std::string only_dispatch(const decisions& d) {
  if (d.dispatches.empty()) return "";
  if (d.dispatches.size() > 1) return "many";
  return std::to_string(d.dispatches[0].job) + "@" + d.dispatches[0].reg;
}

}  // namespace ws::broker::testing
