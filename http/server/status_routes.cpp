// GET /v1/ping (200 / 429 / 400), /v1/info (ready registers per INN and group),
// /v1/cashmachines (server, queues, registers; offline ones with include_offline=1) and
// /v1/cashmachines/{sn}/status. None of them sends a command to a register: they read
// the broker's index and its copy of each register's latest status (one request to the
// broker), so they answer at once even while every register is printing. Only the single
// register's status also asks the device for its OFD queue (FF39h), waiting up to 2 s for
// the register to be free.

#include <cstdio>
#include <ctime>

#include "actors/jobs/job_order.hpp"
#include "http/server/document_answers.hpp"
#include "http/server/farm_bridge.hpp"
#include "http/server/outcome_errors.hpp"
#include "http/server/routes.hpp"
#include "http/server/status_json.hpp"

namespace ws::http::server {

namespace {

/// One question to the broker; 503 when it does not answer in time.
actors::farm_listing listing_or_fail(front_state& state, const std::optional<std::string>& serial = std::nullopt) {
  auto listing = ask_listing(state.system, state.farm.broker, serial);
  if (!listing) throw api_exception(make_error(error_kind::overloaded, "the broker did not answer in time"));
  return std::move(*listing);
}

broker::broker_stats stats_or_fail(front_state& state) {
  auto stats = ask_stats(state.system, state.farm.broker);
  if (!stats) throw api_exception(make_error(error_kind::overloaded, "the broker did not answer in time"));
  return std::move(*stats);
}

void get_ping(front_state& state, const httplib::Request& req, httplib::Response& res) {
  const auto params = parse_ping_query(query_of(req));
  broker::ping_query query;
  query.inn = params.firm_inn;
  query.group = params.group;
  if (params.backlog_ratio_millionths)
    query.backlog_ratio = static_cast<double>(*params.backlog_ratio_millionths) / 1e6;
  const auto result = ask_ping(state.system, state.farm.broker, query);
  if (!result) throw api_exception(make_error(error_kind::overloaded, "the broker did not answer in time"));
  switch (*result) {
    case broker::ping_result::ok: {
      json_writer json;
      json.begin_object().member("status", "ok").end_object();
      return send_json(res, 200, json.text());
    }
    case broker::ping_result::no_ready:
      throw api_exception(make_error(error_kind::no_free_cashmachine, "no register is ready to print for this scope"));
    case broker::ping_result::backlog_exceeded:
      throw api_exception(make_error(error_kind::no_free_cashmachine, "waiting jobs per ready register exceed backlog_ratio"));
  }
}

void write_routes(json_writer& json, const broker::broker_stats& stats) {
  json.key("routes").begin_array();
  for (const auto& route : stats.routes) {
    json.begin_object()
        .member("inn", route.inn)
        .member("group", route.group)
        .key("ready").unsigned_number(route.ready)
        .key("known").unsigned_number(route.known)
        .key("waiting").unsigned_number(route.waiting)
        .end_object();
  }
  json.end_array();
}

void get_info(front_state& state, const httplib::Request& req, httplib::Response& res) {
  check_query(query_of(req), {});
  const auto stats = stats_or_fail(state);
  json_writer json;
  json.begin_object().member("version", state.options.version);
  write_routes(json, stats);
  json.end_object();
  send_json(res, 200, json.text());
}

void get_cashmachines(front_state& state, const httplib::Request& req, httplib::Response& res) {
  const auto query = query_of(req);
  check_query(query, {"include_offline"});
  const bool include_offline = query_flag(query, "include_offline");
  const auto listing = listing_or_fail(state);
  const auto& stats = listing.stats;
  const auto uptime = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - state.started);
  json_writer json;
  json.begin_object();
  json.key("server").begin_object()
      .member("version", state.options.version)
      .key("uptime_seconds").number(uptime.count())
      .key("threads").number(state.options.threads)
      .end_object();
  json.key("queues").begin_object()
      .key("waiting").unsigned_number(stats.waiting)
      .key("running").unsigned_number(stats.running)
      .key("service_estimate_ms").number(stats.service_estimate.count());
  write_routes(json, stats);
  json.end_object();
  json.key("cashmachines").begin_array();
  for (const auto& view : listing.registers) {
    if (!include_offline && is_offline(view)) continue;
    write_register_status(json, view, state.log.last_failure(view.serial()), state.options.node_name);
  }
  json.end_array();
  json.end_object();
  send_json(res, 200, json.text());
}

/// The OFD queue (FF39h) asked of the register itself, waiting at most 2 s for it to be
/// free: {"unsent_count", "first_unsent_number", "first_unsent_dt", "connected"}, or
/// {"error", "message"} when the register could not answer now.
std::string ofd_queue_json(front_state& state, const std::string& serial) {
  json_writer json;
  json.begin_object();
  try {
    const auto result =
        run_on_register(state, serial, jobs::ofd_queue_order{}, "GET status (OFD queue)", std::chrono::milliseconds(2000));
    const auto& queue = result_of<shtrih::ofd_exchange_status_reply>(result);
    json.key("unsent_count").unsigned_number(queue.queue_size);
    json.key("connected").boolean((queue.status & shtrih::ofd_exchange::connected) != 0);
    if (queue.queue_size > 0) {
      json.key("first_unsent_number").unsigned_number(queue.first_document_number);
      json.member("first_unsent_dt", format_date_time(civil_of(queue.first_document_time)));
    }
  } catch (const api_exception& e) {
    json.member("error", e.error.name).member("message", e.error.message);
  }
  json.end_object();
  return json.text();
}

void get_status(front_state& state, const httplib::Request& req, httplib::Response& res) {
  check_query(query_of(req), {});
  const std::string serial = req.matches[1];
  const auto listing = listing_or_fail(state, serial);
  if (serial.empty() || listing.registers.empty())
    throw api_exception(make_error(error_kind::not_found, "no register with serial number '" + serial + "'"));
  const auto& view = listing.registers.front();
  json_writer json;
  write_register_status(json, view, state.log.last_failure(serial), state.options.node_name);
  std::vector<std::pair<std::string, std::string>> extra;
  if (!is_offline(view)) extra.emplace_back("ofd", ofd_queue_json(state, serial));
  send_json(res, 200, with_members(json.text(), extra));
}

/// "2026-12-06T23:45:01.250Z" of a wall-clock time in ms since the epoch.
std::string utc_text(std::int64_t ms) {
  const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm parts{};
  gmtime_r(&seconds, &parts);
  char text[96];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", parts.tm_year + 1900, parts.tm_mon + 1,
                parts.tm_mday, parts.tm_hour, parts.tm_min, parts.tm_sec, static_cast<int>(ms % 1000));
  return text;
}

/// GET /v1/cluster: this process and the nodes its registry knows, each with the serial
/// numbers of its registers in the broker's listing (port when not yet identified).
void get_cluster(front_state& state, const httplib::Request& req, httplib::Response& res) {
  check_query(query_of(req), {});
  const auto listing = listing_or_fail(state);
  std::vector<actors::cluster::node_view> nodes;
  if (state.farm.cluster) {
    auto known = ask_nodes(state.system, state.farm.cluster);
    if (!known) throw api_exception(make_error(error_kind::overloaded, "the cluster registry did not answer in time"));
    nodes = std::move(*known);
  }
  auto registers_of = [&](json_writer& json, const std::string& node) {
    json.key("registers").begin_array();
    for (const auto& view : listing.registers)
      if (view.node == node) json.string(view.serial().empty() ? view.config.port : view.serial());
    json.end_array();
  };
  json_writer json;
  json.begin_object();
  json.member("name", state.options.node_name);
  json.member("role", state.farm.cluster ? "front" : "standalone");
  registers_of(json, std::string{});
  json.key("nodes").begin_array();
  for (const auto& node : nodes) {
    json.begin_object()
        .member("name", node.name)
        .member("address", node.address)
        .member("incarnation", node.incarnation)
        .key("connected").boolean(node.connected)
        .member("connected_since", utc_text(node.connected_since_ms))
        .member("last_heartbeat", utc_text(node.last_heartbeat_ms));
    if (!node.connected) json.member("lost_reason", node.lost_reason);
    if (node.connected)
      registers_of(json, node.name);
    else
      json.key("registers").begin_array().end_array();  // a lost node's registers left the farm
    json.end_object();
  }
  json.end_array();
  json.end_object();
  send_json(res, 200, json.text());
}

}  // namespace

void add_status_routes(httplib::Server& server, front_state& state) {
  auto route = [&state](void (*body)(front_state&, const httplib::Request&, httplib::Response&)) {
    return guarded([&state, body](const httplib::Request& req, httplib::Response& res) { body(state, req, res); });
  };
  server.Get("/v1/ping", route(get_ping));
  server.Get("/v1/info", route(get_info));
  server.Get("/v1/cashmachines", route(get_cashmachines));
  server.Get(register_path("status"), route(get_status));
  server.Get("/v1/cluster", route(get_cluster));
}

}  // namespace ws::http::server
