#pragma once
// The operator's dashboard page (GET /dashboard): one HTML file with its style and script
// inline (no external assets), reading /dashboard.json every 2 seconds: every register
// with its state, firm, groups, shift age, clock, warnings; the queues per route; the
// latest receipts and corrections with their outcome. Cards reflow from a laptop's width
// down to a phone's (412 px).

#include <string_view>

namespace ws::http::server {

std::string_view dashboard_page();

}  // namespace ws::http::server
