// A long random run of the broker against a model of the farm, checking the promises the
// rest of the farm relies on: every job gets exactly one final answer, a register never
// runs two jobs, a job runs only where its route and conditions allow and never twice on
// the same register, and no job waits while an idle register could serve it.

#include <catch2/catch.hpp>

#include <map>
#include <random>
#include <set>
#include <sstream>

#include "broker_test_helpers.hpp"

using namespace ws::broker;
using namespace ws::broker::testing;
using ws::jobs::failure_kind;

namespace {

struct model_register {
  register_info info;
  bool present = true;
  register_availability availability = register_availability::offline;
  std::optional<job_id> running;
};

struct model_job {
  std::string inn;
  std::string group;
  unsigned retry_count = 0;
  time_point deadline{};
  std::optional<std::set<register_id>> allowed;  // accept_device (in device.sn [...])
  std::optional<register_id> refused;            // after_select_device (!= device.sn "...")
  std::optional<register_id> target;             // a per-register operation
  std::set<register_id> ran_on;
  std::optional<register_id> running_on;
  unsigned answers = 0;
  std::optional<outcome> final_kind;
};

class simulation {
 public:
  explicit simulation(std::uint32_t seed) : rng_(seed), farm_(limits()) {}

  static broker_limits limits() {
    broker_limits l;
    l.max_waiting = 12;
    return l;
  }

  void add_registers() {
    const std::vector<std::pair<std::string, std::vector<std::string>>> layout = {
        {inn_a, {}}, {inn_a, {}}, {inn_a, {"kitchen"}}, {inn_a, {"kitchen", "bar"}},
        {inn_a, {"bar"}}, {inn_b, {}}, {inn_b, {}}, {inn_b, {"kitchen"}}};
    for (std::size_t i = 0; i < layout.size(); ++i) {
      model_register m;
      m.info.id = "R" + std::to_string(i);
      m.info.inn = layout[i].first;
      m.info.groups = layout[i].second;
      m.info.attributes = {{"sn", ws::conditions::value(m.info.id)}, {"inn", ws::conditions::value(m.info.inn)}};
      registers_[m.info.id] = m;
      apply(farm_.core.upsert_register(m.info, farm_.now));
    }
  }

  void run(int steps, job_id max_jobs) {
    for (int step = 0; step < steps; ++step) {
      farm_.advance(std::chrono::milliseconds(pick(0, 150)));
      int dice = pick(0, 99);
      if (dice < 35 && next_job_ <= max_jobs) submit();
      else if (dice < 65) finish_random(random_failure());
      else if (dice < 77) report_ready(random_register());
      else if (dice < 82) set_availability(random_register(), register_availability::busy);
      else if (dice < 86) set_availability(random_register(), register_availability::offline);
      else if (dice < 88) remove(random_register());
      else if (dice < 91) re_add(random_register());
      else apply(farm_.core.expire(farm_.now));
      check_no_idle_register_could_serve_a_waiting_job();
    }
  }

  /// Ends every running job and lets every waiting one run out.
  void drain() {
    for (auto& [id, m] : registers_) {
      if (!m.present) re_add(id);
      report_ready(id);
    }
    while (farm_.core.running_count() > 0) finish_random(failure_kind::none);
    farm_.advance(std::chrono::hours(1));
    apply(farm_.core.expire(farm_.now));
  }

  std::map<job_id, model_job> jobs;
  std::map<outcome, int> outcomes;
  int dispatches = 0;
  int retries = 0;
  int busy_refusals = 0;

  std::size_t waiting_in_core() const { return farm_.core.waiting_count(); }
  std::size_t running_in_core() const { return farm_.core.running_count(); }

 private:
  int pick(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }

  register_id random_register() { return "R" + std::to_string(pick(0, 7)); }

  failure_kind random_failure() {
    int d = pick(0, 10);
    if (d < 4) return failure_kind::none;
    if (d < 8) return failure_kind::safe;
    if (d < 9) return failure_kind::outcome_unknown;
    if (d < 10) return failure_kind::wrong_state;
    return failure_kind::busy;  // another front's job on it: the job goes back, nothing counted
  }

  void submit() {
    static const std::vector<std::pair<std::string, std::string>> routes = {
        {inn_a, ""}, {inn_a, "kitchen"}, {inn_a, "bar"}, {inn_b, ""}, {inn_b, "kitchen"}, {"999", ""}};
    const auto& where = routes[static_cast<std::size_t>(pick(0, static_cast<int>(routes.size()) - 1))];
    job_spec s = to(where.first, where.second, std::chrono::milliseconds(pick(0, 3) == 0 ? 0 : pick(1, 8000)));
    s.retry_count = static_cast<unsigned>(pick(0, 2));
    s.deadline_in = s.wait4free + std::chrono::milliseconds(pick(1, 5000));
    model_job m;
    m.inn = s.inn;
    m.group = s.group.empty() ? "_NOGROUP" : s.group;
    m.retry_count = s.retry_count;
    m.deadline = farm_.now + s.deadline_in;
    if (pick(0, 9) == 0) {
      s.target = random_register();
      m.target = s.target;
      m.retry_count = 0;
    }
    if (pick(0, 4) == 0) {
      std::set<register_id> allowed;
      std::ostringstream list;
      list << "(in device.sn [";
      for (int i = 0; i < 8; ++i)
        if (pick(0, 1) == 0) {
          allowed.insert("R" + std::to_string(i));
          list << " \"R" << i << "\"";
        }
      list << "])";
      s.conditions.push_back({"accept_device", list.str()});
      m.allowed = allowed;
    }
    if (pick(0, 9) == 0) {
      m.refused = random_register();
      s.conditions.push_back({"after_select_device", "(!= device.sn \"" + *m.refused + "\")"});
    }
    job_id id = next_job_++;
    jobs[id] = m;
    open_.insert(id);
    apply(farm_.submit(id, s));
  }

  void finish_random(failure_kind kind) {
    std::vector<register_id> busy;
    for (auto& [id, m] : registers_)
      if (m.running) busy.push_back(id);
    if (busy.empty()) return;
    const register_id reg = busy[static_cast<std::size_t>(pick(0, static_cast<int>(busy.size()) - 1))];
    model_register& m = registers_.at(reg);
    job_id job = *m.running;
    m.running.reset();
    jobs.at(job).running_on.reset();
    if (kind == failure_kind::busy) {
      ++busy_refusals;
      jobs.at(job).ran_on.erase(reg);  // it never ran there: neither a retry used nor the register excluded
      if (m.present) m.availability = register_availability::busy;  // until it reports ready
    }
    apply(farm_.core.job_finished(job, reg, kind, farm_.now));
  }

  void report_ready(const register_id& id) {
    model_register& m = registers_.at(id);
    if (m.present) m.availability = register_availability::ready;
    apply(farm_.core.register_ready(id, farm_.now));
  }

  void set_availability(const register_id& id, register_availability a) {
    if (a == register_availability::busy) farm_.core.register_busy(id);
    else farm_.core.register_offline(id);
    if (registers_.at(id).present) registers_.at(id).availability = a;
  }

  void remove(const register_id& id) {
    farm_.core.remove_register(id);
    model_register& m = registers_.at(id);
    m.present = false;
    m.availability = register_availability::offline;
  }

  void re_add(const register_id& id) {
    model_register& m = registers_.at(id);
    if (!m.present) {
      m.present = true;
      m.availability = register_availability::offline;  // back, but offline until it reports ready
    }
    apply(farm_.core.upsert_register(m.info, farm_.now));
  }

  bool route_matches(const model_job& j, const model_register& r) const {
    if (r.info.inn != j.inn || r.info.inn.empty()) return false;
    if (r.info.groups.empty()) return j.group == "_NOGROUP";
    for (const auto& g : r.info.groups)
      if (g == j.group) return true;
    return false;
  }

  bool could_serve(const model_job& j, const model_register& r) const {
    return (j.target ? *j.target == r.info.id : route_matches(j, r)) && j.ran_on.count(r.info.id) == 0 && (!j.allowed || j.allowed->count(r.info.id)) &&
           j.refused != r.info.id;
  }

  void apply(const decisions& d) {
    for (const auto& a : d.answers) {
      model_job& j = jobs.at(a.job);
      ++j.answers;
      open_.erase(a.job);
      REQUIRE(j.answers == 1);
      REQUIRE_FALSE(j.running_on);
      j.final_kind = a.kind;
      ++outcomes[a.kind];
      if (a.kind == outcome::completed) {
        REQUIRE(a.reg);
        REQUIRE(j.ran_on.count(*a.reg) == 1);
      }
      if (a.kind == outcome::no_free_cashmachine || a.kind == outcome::no_matching_register ||
          a.kind == outcome::overloaded || a.kind == outcome::timeout)
        REQUIRE(j.ran_on.empty());
    }
    for (const auto& x : d.dispatches) {
      model_job& j = jobs.at(x.job);
      model_register& r = registers_.at(x.reg);
      REQUIRE(j.answers == 0);
      REQUIRE_FALSE(j.running_on);
      REQUIRE(r.present);
      REQUIRE_FALSE(r.running);  // never two jobs on one register
      REQUIRE(r.availability == register_availability::ready);
      REQUIRE(could_serve(j, r));
      REQUIRE(farm_.now < j.deadline);
      // Arrival order (job ids are given in arrival order): no earlier job still waiting could have had this register.
      for (job_id earlier : open_) {
        if (earlier >= x.job) break;
        const model_job& e = jobs.at(earlier);
        if (e.running_on) continue;
        INFO("job " << x.job << " went to " << x.reg << " ahead of waiting job " << earlier);
        REQUIRE_FALSE(could_serve(e, r));
      }
      if (!j.ran_on.empty()) ++retries;
      j.ran_on.insert(x.reg);
      REQUIRE(j.ran_on.size() <= j.retry_count + 1);
      j.running_on = x.reg;
      r.running = x.job;
      ++dispatches;
    }
  }

  void check_no_idle_register_could_serve_a_waiting_job() {
    for (const auto& [rid, r] : registers_) {
      if (!r.present || r.running || r.availability != register_availability::ready) continue;
      for (job_id jid : open_) {
        const model_job& j = jobs.at(jid);
        if (j.running_on) continue;
        if (could_serve(j, r)) {
          INFO("job " << jid << " waits while " << rid << " is idle and could serve it");
          REQUIRE(false);
        }
      }
    }
    REQUIRE(farm_.core.running_count() == count_running());
  }

  std::size_t count_running() const {
    std::size_t n = 0;
    for (const auto& [id, j] : jobs)
      if (j.running_on) ++n;
    return n;
  }

  std::mt19937 rng_;
  test_farm farm_;
  std::map<register_id, model_register> registers_;
  job_id next_job_ = 1;
  std::set<job_id> open_;  // submitted, not answered yet
};

}  // namespace

TEST_CASE("a long random run answers every job exactly once", "[broker][simulation]") {
  const std::uint32_t seed = GENERATE(20261123u, 7u, 424242u);
  INFO("seed " << seed);
  simulation sim(seed);
  sim.add_registers();
  sim.run(20000, 4000);
  sim.drain();
  REQUIRE(sim.jobs.size() == 4000);
  for (const auto& [id, j] : sim.jobs) {
    INFO("job " << id);
    REQUIRE(j.answers == 1);
  }
  CHECK(sim.waiting_in_core() == 0);
  CHECK(sim.running_in_core() == 0);
  // The run exercised every path it is meant to check (busy refusals take a share of the
  // job ends that were completions and retries before them).
  CHECK(sim.dispatches > 1300);
  CHECK(sim.retries > 45);
  CHECK(sim.busy_refusals > 30);
  CHECK(sim.outcomes[outcome::completed] > 1150);
  CHECK(sim.outcomes[outcome::timeout] > 30);
  CHECK(sim.outcomes[outcome::overloaded] > 10);
  CHECK(sim.outcomes[outcome::no_free_cashmachine] > 30);
  CHECK(sim.outcomes[outcome::no_matching_register] > 30);
}
