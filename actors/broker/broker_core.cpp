#include "actors/broker/broker_core.hpp"

#include <algorithm>
#include <exception>
#include <stdexcept>
#include <vector>

namespace ws::broker {

namespace {

final_answer make_answer(job_id job, outcome kind, std::string message) {
  final_answer a;
  a.job = job;
  a.kind = kind;
  a.message = std::move(message);
  return a;
}

}  // namespace

broker_core::broker_core(broker_limits limits)
    : limits_(limits), service_estimate_(limits.initial_service_estimate) {}

// ---------------------------------------------------------------- routing

broker_core::route broker_core::route_of(const job_request& request) {
  return {request.inn, request.group.empty() ? std::string(no_group) : request.group};
}

std::vector<broker_core::route> broker_core::routes_of(const register_info& info) {
  std::vector<route> routes;
  if (info.inn.empty()) return routes;  // not fiscalised: prints for nobody
  if (info.groups.empty()) {
    routes.emplace_back(info.inn, std::string(no_group));
    return routes;
  }
  for (const auto& g : info.groups) {
    route r{info.inn, g};
    if (std::find(routes.begin(), routes.end(), r) == routes.end()) routes.push_back(std::move(r));
  }
  return routes;
}

bool broker_core::can_take_jobs(const register_record& r) const {
  return !r.removed && !r.running && r.availability == register_availability::ready;
}

void broker_core::index_ready(register_record& r) {
  r.ready_since = next_ready_++;
  for (auto& where : routes_of(r.info)) ready_[where][r.ready_since] = r.info.id;
}

void broker_core::unindex_ready(const register_record& r) {
  for (auto& where : routes_of(r.info)) {
    auto it = ready_.find(where);
    if (it == ready_.end()) continue;
    it->second.erase(r.ready_since);
    if (it->second.empty()) ready_.erase(it);
  }
}

bool broker_core::has_registers_for(const job_entry& job) const {
  if (job.request.target) {
    auto it = registers_.find(*job.request.target);
    return it != registers_.end() && !it->second.removed;
  }
  const route& where = job.where;
  for (const auto& [id, r] : registers_) {
    if (r.removed) continue;
    auto routes = routes_of(r.info);
    if (std::find(routes.begin(), routes.end(), where) != routes.end()) return true;
  }
  return false;
}

// ---------------------------------------------------------------- registers

decisions broker_core::upsert_register(register_info info, time_point now) {
  decisions out = expire(now);
  if (!info.inn.empty()) inns_seen_.insert(info.inn);
  auto it = registers_.find(info.id);
  if (it == registers_.end()) {
    register_record entry;
    entry.info = std::move(info);
    registers_.emplace(entry.info.id, std::move(entry));
    return out;
  }
  register_record& r = it->second;
  unindex_ready(r);
  r.info = std::move(info);
  r.removed = false;
  if (can_take_jobs(r)) {
    index_ready(r);
    offer(r, now, out);
  }
  return out;
}

decisions broker_core::register_ready(const register_id& id, time_point now) {
  decisions out = expire(now);
  auto it = registers_.find(id);
  if (it == registers_.end() || it->second.removed) return out;
  register_record& r = it->second;
  bool was_taking = can_take_jobs(r);
  r.availability = register_availability::ready;
  if (!was_taking && can_take_jobs(r)) {
    index_ready(r);
    offer(r, now, out);
  }
  return out;
}

void broker_core::register_busy(const register_id& id) {
  auto it = registers_.find(id);
  if (it == registers_.end()) return;
  unindex_ready(it->second);
  it->second.availability = register_availability::busy;
}

void broker_core::register_offline(const register_id& id) {
  auto it = registers_.find(id);
  if (it == registers_.end()) return;
  unindex_ready(it->second);
  it->second.availability = register_availability::offline;
}

void broker_core::remove_register(const register_id& id) {
  auto it = registers_.find(id);
  if (it == registers_.end()) return;
  unindex_ready(it->second);
  if (it->second.running) {
    it->second.removed = true;  // erased when its job ends
    it->second.availability = register_availability::offline;
  } else {
    registers_.erase(it);
  }
}

std::optional<job_id> broker_core::running_on(const register_id& id) const {
  auto it = registers_.find(id);
  if (it == registers_.end()) return std::nullopt;
  return it->second.running;
}

// ---------------------------------------------------------------- matching

bool broker_core::serves(const job_entry& job, const register_record& r) const {
  if (job.tried.count(r.info.id) != 0) return false;
  if (job.request.target && *job.request.target != r.info.id) return false;
  const auto& c = job.request.conditions;
  if (!c) return true;
  using conditions::condition_kind;
  return conditions::holds(*c, condition_kind::accept_device, r.info.attributes, limits_.condition_step_budget) &&
         conditions::holds(*c, condition_kind::after_select_device, r.info.attributes,
                           limits_.condition_step_budget);
}

broker_core::selection broker_core::choose_register(const job_entry& job) const {
  selection s;
  if (job.request.target) {
    auto target = registers_.find(*job.request.target);
    if (target == registers_.end() || !can_take_jobs(target->second)) return s;
    try {
      if (serves(job, target->second)) s.reg = target->first;
    } catch (const std::exception& e) {
      s.error = e.what();
    }
    return s;
  }
  auto it = ready_.find(job.where);
  if (it == ready_.end()) return s;
  for (const auto& [since, id] : it->second) {
    const register_record& r = registers_.at(id);
    try {
      if (serves(job, r)) {
        s.reg = id;
        return s;
      }
    } catch (const std::exception& e) {
      s.error = e.what();
      return s;
    }
  }
  return s;
}

void broker_core::offer(register_record& r, time_point now, decisions& out) {
  if (!can_take_jobs(r)) return;
  // A merge over the register's queues in arrival order; the first job it can serve wins.
  using cursor = std::pair<std::map<arrival_seq, job_id>::const_iterator, std::map<arrival_seq, job_id>::const_iterator>;
  std::vector<cursor> cursors;
  for (const auto& where : routes_of(r.info)) {
    auto q = queues_.find(where);
    if (q != queues_.end()) cursors.emplace_back(q->second.begin(), q->second.end());
  }
  if (auto own = targeted_.find(r.info.id); own != targeted_.end())
    cursors.emplace_back(own->second.begin(), own->second.end());
  std::optional<job_id> chosen;
  std::vector<std::pair<job_id, std::string>> broken;  // conditions that failed to evaluate
  while (!chosen) {
    cursor* earliest = nullptr;
    for (auto& c : cursors) {
      if (c.first != c.second && (earliest == nullptr || c.first->first < earliest->first->first)) earliest = &c;
    }
    if (earliest == nullptr) break;
    job_id id = earliest->first->second;
    ++earliest->first;
    try {
      if (serves(waiting_.at(id), r)) chosen = id;
    } catch (const std::exception& e) {
      broken.emplace_back(id, e.what());
    }
  }
  for (auto& [id, message] : broken) {
    take_waiting(id);
    answer(make_answer(id, outcome::condition_error, std::move(message)), out);
  }
  if (chosen) start(take_waiting(*chosen), r, now, out);
}

// ---------------------------------------------------------------- jobs

decisions broker_core::submit(job_request request, time_point now) {
  if (waiting_.count(request.id) != 0 || running_.count(request.id) != 0)
    throw std::invalid_argument("broker: job id " + std::to_string(request.id) + " submitted twice");
  decisions out = expire(now);
  if (shutting_down_) {
    answer(make_answer(request.id, outcome::shutting_down, "the server is shutting down"), out);
    return out;
  }
  if (request.deadline <= now) {
    answer(make_answer(request.id, outcome::timeout, "the request's deadline passed before it was routed"), out);
    return out;
  }
  job_entry job;
  job.where = route_of(request);
  job.seq = next_seq_++;
  job.wait_deadline = std::min(now + request.wait4free, request.deadline);
  job.retries_left = request.target ? 0 : request.retry_count;  // one register: nowhere else to go
  job.request = std::move(request);
  place(std::move(job), now, true, out);
  return out;
}

void broker_core::place(job_entry job, time_point now, bool is_new, decisions& out) {
  selection s = choose_register(job);
  if (s.error) {
    answer(make_answer(job.request.id, outcome::condition_error, std::move(*s.error)), out);
    return;
  }
  if (s.reg) {
    start(std::move(job), registers_.at(*s.reg), now, out);
    return;
  }
  if (is_new && !job.request.target && inns_seen_.count(job.where.first) == 0) {
    // No register has ever printed for this INN: waiting for wait4free could only time out.
    answer(make_answer(job.request.id, outcome::no_matching_register,
                       "no register of the farm has served INN " + job.where.first + " since the server started"),
           out);
    return;
  }
  if (job.wait_deadline <= now) {
    if (job.safe_failure_on) {  // a retry with nowhere to go: the last register's safe failure is the answer
      final_answer a = make_answer(job.request.id, outcome::completed, "no other register was free for a retry");
      a.reg = job.safe_failure_on;
      a.failure = jobs::failure_kind::safe;
      answer(std::move(a), out);
    } else if (job.request.target && has_registers_for(job)) {
      answer(make_answer(job.request.id, outcome::no_free_cashmachine, "register " + *job.request.target + " is busy"),
             out);
    } else if (job.request.target) {
      answer(make_answer(job.request.id, outcome::no_matching_register, "no register " + *job.request.target), out);
    } else if (has_registers_for(job)) {
      answer(make_answer(job.request.id, outcome::no_free_cashmachine,
                         "every register for INN " + job.where.first + ", group " + job.where.second + " is busy"),
             out);
    } else {
      answer(make_answer(job.request.id, outcome::no_matching_register,
                         "no register serves INN " + job.where.first + ", group " + job.where.second),
             out);
    }
    return;
  }
  if (is_new && waiting_.size() >= limits_.max_waiting) {
    final_answer a = make_answer(job.request.id, outcome::overloaded, "too many requests are waiting for a register");
    a.retry_after = suggested_retry_after();
    answer(std::move(a), out);
    return;
  }
  enqueue(std::move(job));
}

void broker_core::start(job_entry job, register_record& r, time_point now, decisions& out) {
  unindex_ready(r);
  r.running = job.request.id;
  job.last_reg = r.info.id;
  job.dispatched_at = now;
  out.dispatches.push_back(dispatch{job.request.id, r.info.id});
  job_id id = job.request.id;
  running_.emplace(id, std::move(job));
}

void broker_core::enqueue(job_entry job) {
  job_id id = job.request.id;
  queue_for(job)[job.seq] = id;
  deadlines_.emplace(job.wait_deadline, id);
  waiting_.emplace(id, std::move(job));
}

broker_core::job_entry broker_core::take_waiting(job_id id) {
  auto it = waiting_.find(id);
  job_entry job = std::move(it->second);
  waiting_.erase(it);
  queue_for(job).erase(job.seq);
  drop_queue_if_empty(job);
  deadlines_.erase({job.wait_deadline, id});
  return job;
}

std::map<broker_core::arrival_seq, job_id>& broker_core::queue_for(const job_entry& job) {
  return job.request.target ? targeted_[*job.request.target] : queues_[job.where];
}

void broker_core::drop_queue_if_empty(const job_entry& job) {
  if (job.request.target) {
    if (auto it = targeted_.find(*job.request.target); it != targeted_.end() && it->second.empty()) targeted_.erase(it);
  } else if (auto it = queues_.find(job.where); it != queues_.end() && it->second.empty()) {
    queues_.erase(it);
  }
}

void broker_core::answer(final_answer a, decisions& out) { out.answers.push_back(std::move(a)); }

decisions broker_core::job_finished(job_id id, const register_id& reg, jobs::failure_kind failure, time_point now) {
  decisions out = expire(now);
  auto it = running_.find(id);
  if (it == running_.end() || it->second.last_reg != reg) return out;  // stale or foreign report
  job_entry job = std::move(it->second);
  running_.erase(it);
  if (failure == jobs::failure_kind::busy) {
    requeue_refused_busy(std::move(job), now, out);
    return out;
  }
  if (now > job.dispatched_at)
    note_service_time(std::chrono::duration_cast<std::chrono::milliseconds>(now - job.dispatched_at));

  register_record* freed = nullptr;
  auto r = registers_.find(reg);
  if (r != registers_.end()) {
    r->second.running.reset();
    if (r->second.removed) {
      registers_.erase(r);
    } else {
      freed = &r->second;
      if (can_take_jobs(*freed)) index_ready(*freed);
    }
  }

  bool retry = failure == jobs::failure_kind::safe && job.retries_left > 0 && !shutting_down_ &&
               now < job.request.deadline;
  if (retry) {
    --job.retries_left;
    job.tried.insert(reg);
    job.safe_failure_on = reg;
    place(std::move(job), now, false, out);
  } else {
    final_answer a = make_answer(id, outcome::completed, "");
    a.reg = reg;
    a.failure = failure;
    answer(std::move(a), out);
  }
  if (freed != nullptr) offer(*freed, now, out);
  return out;
}

void broker_core::requeue_refused_busy(job_entry job, time_point now, decisions& out) {
  const register_id reg = *job.last_reg;
  if (auto r = registers_.find(reg); r != registers_.end()) {
    r->second.running.reset();
    // It runs a job the core did not give it: no work until it reports ready again (its
    // ready report follows the refusal, so none is missed).
    if (r->second.removed)
      registers_.erase(r);
    else
      r->second.availability = register_availability::busy;
  }
  if (shutting_down_ || now >= job.request.deadline) {
    if (job.safe_failure_on) {
      final_answer a = make_answer(job.request.id, outcome::completed, "no other register was free for a retry");
      a.reg = job.safe_failure_on;
      a.failure = jobs::failure_kind::safe;
      answer(std::move(a), out);
    } else if (shutting_down_) {
      answer(make_answer(job.request.id, outcome::shutting_down, "the server is shutting down; nothing was printed"),
             out);
    } else {
      answer(make_answer(job.request.id, outcome::timeout,
                         "register " + reg + " was busy and no other became free before the deadline; nothing was printed"),
             out);
    }
    return;
  }
  place(std::move(job), now, false, out);
}

decisions broker_core::expire(time_point now) {
  decisions out;
  while (!deadlines_.empty() && deadlines_.begin()->first <= now) {
    job_id id = deadlines_.begin()->second;
    job_entry job = take_waiting(id);
    if (job.safe_failure_on) {  // it already failed safely somewhere: that failure is the answer
      final_answer a = make_answer(id, outcome::completed, "no other register became free before the deadline");
      a.reg = job.safe_failure_on;
      a.failure = jobs::failure_kind::safe;
      answer(std::move(a), out);
    } else {
      answer(make_answer(id, outcome::timeout, "no register became free before the deadline; nothing was printed"),
             out);
    }
  }
  return out;
}

std::optional<time_point> broker_core::next_deadline() const {
  if (deadlines_.empty()) return std::nullopt;
  return deadlines_.begin()->first;
}

decisions broker_core::shut_down() {
  shutting_down_ = true;
  decisions out;
  while (!deadlines_.empty()) {
    job_id id = deadlines_.begin()->second;
    take_waiting(id);
    answer(make_answer(id, outcome::shutting_down, "the server is shutting down; nothing was printed"), out);
  }
  return out;
}

}  // namespace ws::broker
