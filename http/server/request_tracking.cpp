#include "http/server/request_tracking.hpp"

#include <chrono>
#include <cstdio>

#include "http/ops/farm_log.hpp"
#include "http/ops/redact.hpp"
#include "http/ops/request_context.hpp"
#include "http/ops/route_label.hpp"

namespace ws::http::server {

namespace {

std::string milliseconds_text(std::chrono::steady_clock::duration elapsed) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", std::chrono::duration<double, std::milli>(elapsed).count());
  return text;
}

ops::log_level level_of(int status) {
  if (status >= 500) return ops::log_level::error;
  if (status >= 400) return ops::log_level::warn;
  return ops::log_level::info;
}

}  // namespace

void begin_tracking(const httplib::Request& request, httplib::Response& response) {
  const auto& context = ops::begin_request(ops::request_id_from(request.get_header_value(request_id_header)));
  response.set_header(request_id_header, context.id);
}

void finish_tracking(ops::farm_metrics& metrics, const httplib::Request& request, const httplib::Response& response) {
  const auto context = ops::end_request();
  const auto route = ops::route_label(request.path);
  metrics.count_http_request(request.method, route, response.status);
  ops::log_event(level_of(response.status), "http_request",
                 {{"id", context.id},
                  {"method", request.method},
                  {"path", ops::redacted_target(request.target.empty() ? request.path : request.target)},
                  {"status", std::to_string(response.status)},
                  {"duration_ms", milliseconds_text(std::chrono::steady_clock::now() - context.started)},
                  {"kkt_sn", context.kkt_sn},
                  {"document", context.document_number ? std::to_string(*context.document_number) : std::string{}},
                  {"idempotency_key", context.idempotency_key},
                  {"remote", request.remote_addr}});
}

}  // namespace ws::http::server
