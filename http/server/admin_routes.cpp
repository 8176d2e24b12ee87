// The service operations. Shtrih-M registers (and the emulator) have no command the farm
// could send for firmware upload, maintenance, wiping a device database or resetting a
// debug FN (the emulator dispatches none of them), so those answer 501 NotSupported with
// nothing done, after the same checks as a real operation (a destructive one still needs
// mysecret, an unknown register is still 404): a farm user must never be told a firmware
// was flashed or a database wiped when it was not.
//   log?log_size=N   the front's own log of operations on that register (operation_log.hpp),
//                    text/plain via application/octet-stream, the last N bytes (default 64 KiB)

#include "http/configuration_request.hpp"
#include "http/server/routes.hpp"

namespace ws::http::server {

namespace {

void get_log(front_state& state, const httplib::Request& req, httplib::Response& res) {
  const auto query = query_of(req);
  check_query(query, {"log_size"});
  std::size_t size = 64 * 1024;
  if (auto text = query_value(query, "log_size")) size = parse_count_param("log_size", *text, 16u << 20);
  const auto serial = known_serial(state, req);
  res.status = 200;
  res.set_content(state.log.text(serial, size), "application/octet-stream");
}

void not_supported(front_state& state, const httplib::Request& req, const std::string& operation,
                   std::initializer_list<std::string_view> params, bool destructive) {
  const auto query = query_of(req);
  check_query(query, params);
  if (destructive) require_secret(state, query);
  parse_open_object_body(req.body);
  const auto serial = known_serial(state, req);
  auto error = make_error(error_kind::not_supported,
                          operation + ": the register has no command for it in this farm; nothing was done");
  error.kkt_sn = serial;
  state.log.record(serial, "POST " + operation, 501, "not supported");
  throw api_exception(error);
}

}  // namespace

void add_admin_routes(httplib::Server& server, front_state& state) {
  server.Get(register_path("log"), guarded([&state](const httplib::Request& req, httplib::Response& res) {
               get_log(state, req, res);
             }));
  server.Post(register_path("upgrade"), guarded([&state](const httplib::Request& req, httplib::Response&) {
                not_supported(state, req, "upgrade", {"filename", "mode"}, false);
              }));
  server.Post(register_path("maintenance"), guarded([&state](const httplib::Request& req, httplib::Response&) {
                not_supported(state, req, "maintenance", {}, false);
              }));
  server.Post(register_path("clear_device_data"), guarded([&state](const httplib::Request& req, httplib::Response&) {
                not_supported(state, req, "clear_device_data", {"mysecret"}, true);
              }));
  server.Post(register_path("clear_debug_fn"), guarded([&state](const httplib::Request& req, httplib::Response&) {
                not_supported(state, req, "clear_debug_fn", {"mysecret"}, true);
              }));
}

}  // namespace ws::http::server
