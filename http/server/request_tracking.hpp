#pragma once
// Every HTTP request, from its first handler to its answer: an id (the client's
// X-Request-Id when usable, else a new one) returned in the X-Request-Id header, one log
// line when it is answered (time, id, method, target with secrets redacted, status,
// duration, and the register, document and Idempotency-Key when the handler noted them),
// and its count in whitespirit_http_requests_total by route and status.

#include <httplib.h>

#include "http/ops/farm_metrics.hpp"

namespace ws::http::server {

/// The response header that carries the request id.
inline constexpr const char* request_id_header = "X-Request-Id";

/// In the pre-routing handler, first: begins the request and sets its id header.
void begin_tracking(const httplib::Request& request, httplib::Response& response);

/// As the server's logger (called once the answer is written): logs and counts it.
void finish_tracking(ops::farm_metrics& metrics, const httplib::Request& request, const httplib::Response& response);

}  // namespace ws::http::server
