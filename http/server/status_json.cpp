#include "http/server/status_json.hpp"

#include "actors/register_condition.hpp"
#include "http/receipt_response.hpp"
#include "protocol/ffd/civil_time.hpp"

namespace ws::http::server {

namespace {

std::string fn_phase_name(actors::fn_life life) {
  switch (life) {
    case actors::fn_life::postfiscal: return "postfiscal";
    case actors::fn_life::fiscal_mode: return "fiscal_mode";
    case actors::fn_life::configured: return "configured";
    case actors::fn_life::not_configured: return "not_configured";
  }
  return "not_configured";
}

std::string paper_name(actors::paper_state paper) {
  switch (paper) {
    case actors::paper_state::present: return "present";
    case actors::paper_state::out: return "out";
    case actors::paper_state::waiting_continue: return "waiting_continue";
    case actors::paper_state::printing: return "printing";
    case actors::paper_state::unknown: return "unknown";
  }
  return "unknown";
}

/// What the register's own health read (FF03h, FF39h) last found, each left out while
/// unknown; device times as the register's local time, like every date-time of the API.
void write_fn_health(json_writer& json, const actors::register_health& health) {
  if (health.fn_expires_at)
    json.member("expiry_date", format_date_time(ffd::to_civil(*health.fn_expires_at)).substr(0, 10));
  if (!health.ofd_unsent_documents) return;
  json.key("ofd_unsent_count").unsigned_number(*health.ofd_unsent_documents);
  if (*health.ofd_unsent_documents != 0 && health.ofd_oldest_unsent_at)
    json.member("ofd_oldest_unsent_dt", format_date_time(ffd::to_civil(*health.ofd_oldest_unsent_at)));
}

}  // namespace

bool is_offline(const register_view& view) {
  return actors::condition_of(view.status) == actors::register_condition::offline;
}

std::string state_name(const register_view& view) {
  switch (actors::condition_of(view.status)) {
    case actors::register_condition::offline: return "OFFLINE";
    case actors::register_condition::fatal_error: return "FATAL_ERROR";
    case actors::register_condition::postfiscal: return "POSTFISCAL";
    case actors::register_condition::nonconfigured: return "NONCONFIGURED";
    case actors::register_condition::overdue_shift: return "OVERDUE_OPEN_SHIFT";
    case actors::register_condition::open_shift: return "OPEN_SHIFT";
    case actors::register_condition::closed_shift: return "CLOSE_SHIFT";
  }
  return "OFFLINE";
}

void write_register_status(json_writer& json, const register_view& view, const std::string& last_failure,
                           const std::string& local_node) {
  const auto& snapshot = view.snapshot;
  json.begin_object();
  json.member("kkt_sn", view.serial());
  json.member("port", view.config.port);
  json.member("node", view.node.empty() ? local_node : view.node);
  if (!view.refused.empty()) json.member("refused", view.refused);
  json.member("state", state_name(view));
  json.member("availability", snapshot ? std::string(broker::name_of(snapshot->availability)) : std::string("offline"));
  json.key("groups").begin_array();
  for (const auto& group : view.config.groups) json.string(group);
  json.end_array();
  if (view.status && !view.status->identity.serial_number.empty()) {
    const auto& identity = view.status->identity;
    json.member("model", identity.model);
    json.member("firmware_version", identity.firmware_version);
    json.key("firmware_build").unsigned_number(identity.firmware_build);
    json.member("inn", actors::inn_text(identity.inn));
    json.key("mode").unsigned_number(identity.mode);
    json.member("paper", paper_name(actors::paper_of(identity.submode)));
    json.key("fn").begin_object();
    json.member("sn", identity.fn_number);
    json.member("phase", fn_phase_name(actors::fn_life_of(identity.fn_phase)));
    json.key("shift_open").boolean(identity.shift_open);
    json.key("last_document_number").unsigned_number(identity.last_document_number);
    write_fn_health(json, view.status->health);
    json.end_object();
  }
  if (snapshot) {
    json.key("queue").begin_object();
    json.key("running").boolean(snapshot->running.has_value());
    json.key("waiting").unsigned_number(snapshot->waiting);
    json.end_object();
  }
  if (!last_failure.empty()) json.member("last_failed_operation", last_failure);
  if (view.status && !view.status->detail.empty()) json.member("detail", view.status->detail);
  json.key("restarts").number(view.restarts);
  json.end_object();
}

}  // namespace ws::http::server
