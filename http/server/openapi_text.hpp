#pragma once
// The API description this server implements (http/server/whitespirit-api.openapi.json),
// embedded at build time (openapi_text.cpp.in).

#include <string_view>

namespace ws::http::server {

std::string_view openapi_json();

}  // namespace ws::http::server
