// GET /v1/openapi.json: the API description, as embedded at build time.

#include "http/server/openapi_text.hpp"
#include "http/server/routes.hpp"

namespace ws::http::server {

void add_openapi_route(httplib::Server& server) {
  server.Get("/v1/openapi.json", [](const httplib::Request&, httplib::Response& res) {
    res.status = 200;
    res.set_content(std::string(openapi_json()), "application/json; charset=utf-8");
  });
}

}  // namespace ws::http::server
