#pragma once
// The route a request path belongs to, as a metric label and in logs: the path with its
// variable parts (a register's serial, a document number, an Idempotency-Key) replaced by
// their names, so the label has as many values as the API has operations, not as many as
// it has requests. Paths the API does not have are all "other".

#include <string>
#include <string_view>

namespace ws::http::ops {

/// "/v1/cashmachines/0000000000000003/document/7" -> "/v1/cashmachines/{kkt_sn}/document/{n}".
std::string route_label(std::string_view path);

}  // namespace ws::http::ops
