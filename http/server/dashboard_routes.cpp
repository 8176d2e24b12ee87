// GET /dashboard (the page, dashboard_page.hpp) and GET /dashboard.json (what it shows):
// one question to the broker for the registers and queues, the journal's latest entries.
// Like /metrics, nothing here asks a register anything.

#include <ctime>

#include "http/json_writer.hpp"
#include "http/ops/register_warnings.hpp"
#include "http/server/dashboard_page.hpp"
#include "http/server/farm_bridge.hpp"
#include "http/server/routes.hpp"

namespace ws::http::server {

namespace {

constexpr std::size_t latest_entries = 20;

std::string utc_text(std::chrono::system_clock::time_point at) {
  const auto seconds = std::chrono::system_clock::to_time_t(at);
  std::tm parts{};
  ::gmtime_r(&seconds, &parts);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
  return text;
}

template <class Number>
void optional_number(json_writer& json, std::string_view name, const std::optional<Number>& value) {
  json.key(name);
  if (value)
    json.number(static_cast<std::int64_t>(*value));
  else
    json.null();
}

void write_register(json_writer& json, const actors::register_view& view, std::chrono::system_clock::time_point now) {
  const auto state = view.status ? view.status->state : actors::register_state::offline;
  json.begin_object().member("port", view.config.port).member("serial", view.serial()).member("state", to_string(state));
  json.member("detail", view.status ? view.status->detail : std::string{});
  const auto* device = view.status ? &view.status->identity : nullptr;
  json.member("inn", device ? jobs::inn_text(device->inn) : std::string{});
  json.key("groups").begin_array();
  for (const auto& group : view.config.groups) json.string(group);
  json.end_array();
  json.key("shift_open").boolean(device && device->shift_open);
  optional_number(json, "shift_age_seconds",
                  view.status && device->shift_open ? actors::shift_age_seconds(view.status->health, now) : std::nullopt);
  optional_number(json, "clock_offset_seconds",
                  view.status ? view.status->health.clock_offset_seconds : std::optional<std::int64_t>{});
  const auto* health = view.status ? &view.status->health : nullptr;
  optional_number(json, "ofd_unsent_documents", health ? health->ofd_unsent_documents : std::nullopt);
  optional_number(json, "ofd_oldest_unsent_age_seconds",
                  health ? actors::ofd_oldest_unsent_age_seconds(*health, now) : std::nullopt);
  optional_number(json, "fn_expires_in_seconds", health ? actors::fn_seconds_left(*health, now) : std::nullopt);
  json.key("last_document").unsigned_number(device ? device->last_document_number : 0);
  json.key("restarts").number(view.restarts);
  json.key("warnings").begin_array();
  for (const auto& warning : ops::register_warnings(view, now)) json.string(warning);
  json.end_array().end_object();
}

std::string dashboard_json(front_state& state) {
  const auto now = std::chrono::system_clock::now();
  const auto listing = ask_listing(state.system, state.farm.broker, std::nullopt, std::chrono::seconds(2));
  if (!listing) throw api_exception(make_error(error_kind::overloaded, "the broker did not answer in time"));
  json_writer json;
  json.begin_object().member("version", state.options.version);
  json.key("waiting").unsigned_number(listing->stats.waiting);
  json.key("running").unsigned_number(listing->stats.running);
  json.key("registers").begin_array();
  for (const auto& view : listing->registers) write_register(json, view, now);
  json.end_array();
  json.key("routes").begin_array();
  for (const auto& route : listing->stats.routes) {
    json.begin_object().member("inn", route.inn).member("group", route.group);
    json.key("waiting").unsigned_number(route.waiting).key("running").unsigned_number(route.running);
    json.key("ready").unsigned_number(route.ready).key("known").unsigned_number(route.known).end_object();
  }
  json.end_array();
  json.key("latest").begin_array();
  try {
    for (const auto& entry : state.receipts.store().list(std::nullopt, now - std::chrono::hours(24), now + std::chrono::minutes(1),
                                                         latest_entries)) {
      json.begin_object().member("accepted_at", utc_text(entry.accepted_at)).member("kind", entry.kind);
      json.member("state", journal::to_string(entry.state)).key("status").number(entry.status);
      json.member("kkt_sn", entry.kkt_sn);
      optional_number(json, "document_number", entry.document_number);
      json.end_object();
    }
  } catch (const std::exception&) {
    // No journal: no latest entries to show.
  }
  json.end_array().end_object();
  return json.text();
}

}  // namespace

void add_dashboard_routes(httplib::Server& server, front_state& state) {
  server.Get("/dashboard", [](const httplib::Request&, httplib::Response& res) {
    res.status = 200;
    res.set_content(std::string(dashboard_page()), "text/html; charset=utf-8");
  });
  server.Get("/dashboard.json", guarded([&state](const httplib::Request&, httplib::Response& res) {
               send_json(res, 200, dashboard_json(state));
             }));
}

}  // namespace ws::http::server
