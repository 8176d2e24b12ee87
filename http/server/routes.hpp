#pragma once
// The route groups of the front, each in its own file; front.cpp adds them all.

#include <httplib.h>

#include "http/server/front_state.hpp"

namespace ws::http::server {

/// POST /v1/receipts, POST /v1/cashmachines/{sn}/make_correction_receipt.
void add_receipt_routes(httplib::Server& server, front_state& state);
/// GET /v1/ping, /v1/info, /v1/cashmachines, /v1/cashmachines/{sn}/status.
void add_status_routes(httplib::Server& server, front_state& state);
/// open_shift, close_shift, document/{n}, reboot, ident, set_datetime.
void add_register_routes(httplib::Server& server, front_state& state);
/// configure, register, close_fiscal_mode.
void add_fiscalisation_routes(httplib::Server& server, front_state& state);
/// log, upgrade, maintenance, clear_device_data, clear_debug_fn.
void add_admin_routes(httplib::Server& server, front_state& state);
/// GET /v1/openapi.json.
void add_openapi_route(httplib::Server& server);
/// GET /metrics, and the dashboard (on the API address and on the operations address, ops.listen).
void add_ops_routes(httplib::Server& server, front_state& state);
/// GET /dashboard and /dashboard.json.
void add_dashboard_routes(httplib::Server& server, front_state& state);

/// GET /check: the public receipt page (no API token).
void add_receipt_page_route(httplib::Server& server, front_state& state);
/// A per-register path: "/v1/cashmachines/([^/]+)/<operation>".
std::string register_path(const std::string& operation);

}  // namespace ws::http::server
