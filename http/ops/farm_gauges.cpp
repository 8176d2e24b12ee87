#include "http/ops/farm_gauges.hpp"

#include <array>
#include <string>

#include "http/ops/cluster_gauges.hpp"
#include "http/ops/gauge_family.hpp"
#include "protocol/shtrih/commands_fn_status.hpp"
#include "protocol/shtrih/commands_status_mode.hpp"

namespace ws::http::ops {

namespace {

using prometheus::MetricFamily;
using prometheus::MetricType;
using labels = metric_labels;

constexpr std::array<actors::register_state, 6> every_state{
    actors::register_state::connecting, actors::register_state::identifying, actors::register_state::ready,
    actors::register_state::busy,       actors::register_state::recovering,  actors::register_state::offline};

constexpr std::array<journal::entry_state, 5> every_entry_state{journal::entry_state::accepted,
                                                                journal::entry_state::dispatched,
                                                                journal::entry_state::printed,
                                                                journal::entry_state::failed,
                                                                journal::entry_state::unknown};

labels register_labels(const actors::register_view& view) {
  return {{"port", view.config.port}, {"serial", view.serial()}};
}

labels with(labels base, std::string name, std::string value) {
  base.push_back({std::move(name), std::move(value)});
  return base;
}

/// Per-register families, filled register by register.
struct register_families {
  MetricFamily state = gauge_family("whitespirit_register_state",
                                    "1 for the state the register is in (connecting, identifying, ready, busy, "
                                    "recovering, offline)");
  MetricFamily restarts = [] {
    auto f = gauge_family("whitespirit_register_restarts_total", "Restarts of the register's actor after a crash");
    f.type = MetricType::Counter;
    return f;
  }();
  MetricFamily waiting = gauge_family("whitespirit_register_jobs_waiting",
                                      "Jobs waiting for this register by name (per-register operations)");
  MetricFamily shift_open = gauge_family("whitespirit_register_shift_open", "1 while the register's shift is open");
  MetricFamily shift_age = gauge_family("whitespirit_register_shift_age_seconds",
                                        "Age of the open shift by the device's clock (the FN refuses documents past "
                                        "24 h); absent until a job learnt the shift's opening");
  MetricFamily clock_offset = gauge_family("whitespirit_register_clock_offset_seconds",
                                           "Device clock minus the host's local clock at the last status poll (the "
                                           "FN refuses documents past 5 minutes of drift)");
  MetricFamily paper = gauge_family("whitespirit_register_paper_ok", "1 when the printer can print (paper present)");
  MetricFamily fiscal = gauge_family("whitespirit_register_fn_fiscal_mode",
                                     "1 when the FN is in fiscal mode (registered and not closed)");
  MetricFamily last_document = gauge_family("whitespirit_register_last_document_number",
                                            "Number of the FN's last fiscal document");
  MetricFamily ofd_unsent = gauge_family("whitespirit_register_ofd_unsent_documents",
                                         "Documents the OFD has not acknowledged yet (FF39h at the register's last "
                                         "health read)");
  MetricFamily ofd_oldest_age = gauge_family("whitespirit_register_ofd_oldest_unsent_age_seconds",
                                             "Age of the oldest document not acknowledged by the OFD, by the device's "
                                             "clock (the FN refuses documents once it passes 30 days); absent when "
                                             "none waits");
  MetricFamily fn_expires = gauge_family("whitespirit_register_fn_expires_timestamp_seconds",
                                         "When the FN's expiry date begins (FF03h), Unix time on the host's clock");

  void add_register(const actors::register_view& view, std::chrono::system_clock::time_point now) {
    const auto id = register_labels(view);
    add_sample(restarts, id, view.restarts);
    if (view.snapshot) add_sample(waiting, id, static_cast<double>(view.snapshot->waiting));
    if (!view.status) {
      add_sample(state, with(id, "state", "offline"), 1);
      return;
    }
    const auto& status = *view.status;
    add_sample(state, with(id, "state", to_string(status.state)), 1);
    if (status.identity.serial_number.empty()) return;  // nothing read from the device yet
    const auto& device = status.identity;
    add_sample(shift_open, id, device.shift_open ? 1 : 0);
    if (device.shift_open)
      if (const auto age = actors::shift_age_seconds(status.health, now))
        add_sample(shift_age, id, static_cast<double>(*age));
    if (const auto offset = status.health.clock_offset_seconds) add_sample(clock_offset, id, static_cast<double>(*offset));
    add_sample(paper, id, shtrih::printer_ready(device.submode) ? 1 : 0);
    const bool in_fiscal_mode = (device.fn_phase & shtrih::fn_phase::fiscal_mode) != 0 &&
                                (device.fn_phase & shtrih::fn_phase::fiscal_mode_closed) == 0;
    add_sample(fiscal, id, in_fiscal_mode ? 1 : 0);
    add_sample(last_document, id, device.last_document_number);
    const auto& health = status.health;
    if (health.ofd_unsent_documents) add_sample(ofd_unsent, id, *health.ofd_unsent_documents);
    if (const auto age = actors::ofd_oldest_unsent_age_seconds(health, now))
      add_sample(ofd_oldest_age, id, static_cast<double>(*age));
    if (const auto expires = actors::fn_expires_unix_seconds(health, now))
      add_sample(fn_expires, id, static_cast<double>(*expires));
  }

  void move_into(std::vector<MetricFamily>& out) {
    for (auto* family : {&state, &restarts, &waiting, &shift_open, &shift_age, &clock_offset, &paper, &fiscal,
                         &last_document, &ofd_unsent, &ofd_oldest_age, &fn_expires})
      out.push_back(std::move(*family));
  }
};

void add_farm(const actors::farm_listing& listing, std::chrono::system_clock::time_point now,
              std::vector<MetricFamily>& out) {
  auto by_state = gauge_family("whitespirit_registers", "Registers of the farm by state");
  std::array<double, every_state.size()> counts{};
  register_families registers;
  for (const auto& view : listing.registers) {
    const auto state = view.status ? view.status->state : actors::register_state::offline;
    for (std::size_t i = 0; i < every_state.size(); ++i)
      if (every_state[i] == state) ++counts[i];
    registers.add_register(view, now);
  }
  for (std::size_t i = 0; i < every_state.size(); ++i) add_sample(by_state, {{"state", to_string(every_state[i])}}, counts[i]);
  out.push_back(std::move(by_state));
  registers.move_into(out);

  auto waiting = gauge_family("whitespirit_jobs_waiting", "Jobs waiting for a free register, per route (INN, group)");
  auto running = gauge_family("whitespirit_jobs_running", "Jobs running on a register, per route (INN, group)");
  auto ready = gauge_family("whitespirit_route_registers_ready", "Registers free to take a job now, per route");
  auto known = gauge_family("whitespirit_route_registers", "Registers serving the route, in any state");
  for (const auto& route : listing.stats.routes) {
    const labels id{{"group", route.group}, {"inn", route.inn}};
    add_sample(waiting, id, static_cast<double>(route.waiting));
    add_sample(running, id, static_cast<double>(route.running));
    add_sample(ready, id, static_cast<double>(route.ready));
    add_sample(known, id, static_cast<double>(route.known));
  }
  for (auto* family : {&waiting, &running, &ready, &known}) out.push_back(std::move(*family));
  auto all_waiting = gauge_family("whitespirit_broker_jobs_waiting", "Jobs waiting over all queues (broker.max-waiting caps it)");
  add_sample(all_waiting, {}, static_cast<double>(listing.stats.waiting));
  out.push_back(std::move(all_waiting));
  auto all_running = gauge_family("whitespirit_broker_jobs_running", "Jobs running over all registers");
  add_sample(all_running, {}, static_cast<double>(listing.stats.running));
  out.push_back(std::move(all_running));
}

/// The API's connections held now, and those its gate closed itself since start.
void add_connections(const connection_counters& connections, std::vector<MetricFamily>& out) {
  auto open = gauge_family("whitespirit_http_connections", "Connections the API address holds now");
  add_sample(open, {}, static_cast<double>(connections.open));
  out.push_back(std::move(open));
  auto refused = gauge_family("whitespirit_http_connections_refused_total",
                              "Connections the API's gate answered and closed itself: a connection cap (503), a "
                              "request not in time (408), a head too large (431)");
  refused.type = MetricType::Counter;
  add_sample(refused, {{"reason", "cap"}}, static_cast<double>(connections.refused_cap));
  add_sample(refused, {{"reason", "timeout"}}, static_cast<double>(connections.timed_out));
  add_sample(refused, {{"reason", "head_too_large"}}, static_cast<double>(connections.head_too_large));
  out.push_back(std::move(refused));
}

}  // namespace

std::vector<MetricFamily> farm_gauges(const farm_snapshot& farm) {
  std::vector<MetricFamily> out;
  auto broker_up = gauge_family("whitespirit_broker_up", "1 when the broker answered this scrape in time");
  add_sample(broker_up, {}, farm.listing ? 1 : 0);
  out.push_back(std::move(broker_up));
  if (farm.listing) add_farm(*farm.listing, farm.taken_at, out);
  if (farm.cluster_nodes) {
    auto nodes = cluster_gauges(*farm.cluster_nodes, farm.listing);
    for (auto& family : nodes) out.push_back(std::move(family));
  }
  if (farm.journal_entries) {
    auto entries = gauge_family("whitespirit_journal_entries", "Journal entries (receipts and corrections) by state");
    for (const auto state : every_entry_state) {
      const auto it = farm.journal_entries->find(state);
      add_sample(entries, {{"state", journal::to_string(state)}},
          it == farm.journal_entries->end() ? 0 : static_cast<double>(it->second));
    }
    out.push_back(std::move(entries));
  }
  if (farm.connections) add_connections(*farm.connections, out);
  return out;
}

}  // namespace ws::http::ops
