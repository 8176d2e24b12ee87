#pragma once
// The status of one register (GET /v1/cashmachines/{sn}/status and each entry of
// GET /v1/cashmachines). The API gives no schema for it; API-NOTES lists what it carries:
//   {"kkt_sn", "port", "node" (the cluster node hosting it), "refused" (why it gets no
//    work although up: its serial is already in the farm), "state" (NONCONFIGURED, CLOSE_SHIFT, OPEN_SHIFT, OVERDUE_OPEN_SHIFT,
//    FATAL_ERROR, POSTFISCAL, OFFLINE), "availability" (ready/busy/offline, the broker's
//    view), "groups", "model", "firmware_version", "inn", "mode", "paper",
//    "fn": {"sn", "phase", "shift_open", "last_document_number", and from the register's
//           own health read: "expiry_date", "ofd_unsent_count", "ofd_oldest_unsent_dt"},
//    "queue": {"running", "waiting"}, "last_failed_operation", "detail", "restarts"}
// and, for the single-register status, "ofd" (status_routes.cpp).

#include <string>

#include "actors/broker/broker_types.hpp"
#include "http/json_writer.hpp"
#include "http/server/farm_bridge.hpp"

namespace ws::http::server {

/// The API state name of a register.
std::string state_name(const register_view& view);
bool is_offline(const register_view& view);

/// `view.snapshot` gives availability and queue (the broker's view); a register of this
/// process (no node in the view) is shown on `local_node`.
void write_register_status(json_writer& json, const register_view& view, const std::string& last_failure,
                           const std::string& local_node);

}  // namespace ws::http::server
