#include "http/server/status_json.hpp"

#include "protocol/shtrih/commands_fn_status.hpp"
#include "protocol/shtrih/commands_status_mode.hpp"

namespace ws::http::server {

namespace {

std::string fn_phase_name(std::uint8_t phase) {
  if (phase & shtrih::fn_phase::fiscal_mode_closed) return "postfiscal";
  if (phase & shtrih::fn_phase::fiscal_mode) return "fiscal_mode";
  if (phase & shtrih::fn_phase::configured) return "configured";
  return "not_configured";
}

std::string paper_name(std::uint8_t submode) {
  switch (static_cast<shtrih::kkt_submode>(submode)) {
    case shtrih::kkt_submode::paper_present: return "present";
    case shtrih::kkt_submode::paper_out_passive:
    case shtrih::kkt_submode::paper_out_active: return "out";
    case shtrih::kkt_submode::waiting_continue: return "waiting_continue";
    case shtrih::kkt_submode::printing_report:
    case shtrih::kkt_submode::printing: return "printing";
  }
  return "unknown";
}

}  // namespace

bool is_offline(const register_view& view) {
  if (!view.status || view.status->identity.serial_number.empty()) return true;
  const auto state = view.status->state;
  return state == actors::register_state::offline || state == actors::register_state::connecting ||
         state == actors::register_state::identifying;
}

std::string state_name(const register_view& view) {
  if (is_offline(view)) return "OFFLINE";
  const auto& identity = view.status->identity;
  const auto mode = static_cast<shtrih::kkt_mode>(identity.mode & 0x0F);
  // A register blocked by a wrong tax inspector password needs a service visit.
  if (mode == shtrih::kkt_mode::blocked_by_password) return "FATAL_ERROR";
  if (identity.fn_phase & shtrih::fn_phase::fiscal_mode_closed) return "POSTFISCAL";
  if (!(identity.fn_phase & shtrih::fn_phase::fiscal_mode)) return "NONCONFIGURED";
  if (mode == shtrih::kkt_mode::shift_expired) return "OVERDUE_OPEN_SHIFT";
  return identity.shift_open ? "OPEN_SHIFT" : "CLOSE_SHIFT";
}

void write_register_status(json_writer& json, const register_view& view, const broker::register_snapshot* snapshot,
                           const std::string& last_failure) {
  json.begin_object();
  json.member("kkt_sn", view.serial());
  json.member("port", view.config.port);
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
    json.member("paper", paper_name(identity.submode));
    json.key("fn").begin_object();
    json.member("sn", identity.fn_number);
    json.member("phase", fn_phase_name(identity.fn_phase));
    json.key("shift_open").boolean(identity.shift_open);
    json.key("last_document_number").unsigned_number(identity.last_document_number);
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
