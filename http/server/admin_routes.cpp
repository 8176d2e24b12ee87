// The service operations:
//   clear_debug_fn     (mysecret) FN command FF07h "Сброс состояния ФН" with request code 16h:
//                      a debug FN's archive and counters wiped, the FN back to "ready for
//                      fiscalisation"; the register is identified again and serves no INN
//                      until it is registered anew. A serial (production) FN refuses it with
//                      FN error 01h: 498 DeviceError, nothing done.
//   clear_device_data  (mysecret) 27h "Общее гашение" (general clearing): the KKT's own cash and
//                      operation registers zeroed; the FN and its documents are untouched.
//                      Chosen over 16h "Технологическое обнуление", which a real register takes
//                      only with its seal opened and a service procedure done by hand
//                      (kkt-protocol-2.0, notes to 16h), so no farm can send it. Refused in an
//                      open shift (73h) or with a receipt open (4Ah): 499 WrongKKTState; with
//                      nothing taken since the last clearing 2Ch: 499 as well.
//   upgrade            (mysecret) ?filename= a file in firmware.dir, ?mode=firmware|loader:
//                      written to the register's SD card with FF4Eh "Запись блока данных
//                      прошивки ФР на SD карту", one 128-byte block per command from block 0,
//                      the last padded with FFh (firmware_file.hpp, commands_firmware.hpp).
//                      That is all the reference gives: no command checks or installs what
//                      the card holds, so the answer says what was written and nothing more.
//   maintenance        501 NotSupported, nothing sent: the reference has no command for a
//                      maintenance mode (README, "The service operations").
//   log?log_size=N     the front's own log of operations on that register (operation_log.hpp),
//                      text/plain via application/octet-stream, the last N bytes (default 64 KiB)

#include "actors/jobs/job_order.hpp"
#include "http/configuration_request.hpp"
#include "http/json_writer.hpp"
#include "http/server/done_answer.hpp"
#include "http/server/firmware_file.hpp"
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
                   std::initializer_list<std::string_view> params) {
  check_query(query_of(req), params);
  parse_open_object_body(req.body);
  const auto serial = known_serial(state, req);
  auto error = make_error(error_kind::not_supported,
                          operation + ": a Shtrih-M register has no command for it; nothing was done");
  error.kkt_sn = serial;
  state.log.record(serial, "POST " + operation, 501, "not supported");
  throw api_exception(error);
}

/// A destructive operation of one command: mysecret, then the job, recorded in the audit
/// trail whatever its answer.
void run_destructive(front_state& state, const httplib::Request& req, httplib::Response& res,
                     const std::string& operation, jobs::job_spec spec, const std::string& note) {
  const auto query = query_of(req);
  check_query(query, {"mysecret"});
  require_secret(state, query);
  parse_open_object_body(req.body);
  const std::string serial = req.matches[1];
  const std::string logged = "POST " + operation;
  const auto body = audited(state, serial, logged, [&] {
    run_on_register(state, serial, std::move(spec), logged);
    state.log.record(serial, logged, 200, note);
    return done_body(serial, operation, note);
  });
  send_json(res, 200, body);
}

/// upgrade: mysecret, the file from firmware.dir, then FF4Eh block by block under a
/// deadline that grows with the file (firmware_upload_run_time); recorded in the audit
/// trail whatever its answer. A refusal of a block is the device's error with the block
/// named in the message; nothing after it was sent.
void upgrade(front_state& state, const httplib::Request& req, httplib::Response& res) {
  const auto query = query_of(req);
  check_query(query, {"filename", "mode", "mysecret"});
  require_secret(state, query);
  parse_open_object_body(req.body);
  const auto kind = firmware_kind_of(query_value(query, "mode"));
  auto file = read_firmware_file(state.options.firmware_dir, query_value(query, "filename"), kind);
  const std::string serial = req.matches[1];
  const std::string logged = "POST upgrade";
  const auto size = file.content.size();
  const auto blocks = shtrih::firmware_block_count(size);
  const std::string kind_name = kind == shtrih::firmware_file::loader ? "loader" : "firmware";
  const std::string note = "the " + kind_name + " file \"" + file.filename + "\" was written to the register's SD card: " +
                           std::to_string(blocks) + " blocks, " + std::to_string(size) +
                           " bytes (FF4Eh, the last block padded with FFh); nothing checks or installs it: the "
                           "protocol has no command for that, it is left to the register's own service procedure";
  const auto body = audited(state, serial, logged, [&] {
    jobs::firmware_upload_order order{static_cast<std::uint8_t>(kind), std::move(file.content)};
    run_on_register(state, serial, std::move(order), logged, std::nullopt, {},
                    firmware_upload_run_time(state.options.job_timeout, blocks));
    state.log.record(serial, logged, 200, note);
    json_writer json;
    json.begin_object()
        .member("kkt_sn", serial)
        .member("operation", "upgrade")
        .member("result", "done")
        .member("mode", kind_name)
        .member("filename", file.filename);
    json.key("bytes").unsigned_number(size);
    json.key("blocks").unsigned_number(blocks);
    json.member("note", note).end_object();
    return json.text();
  });
  send_json(res, 200, body);
}

}  // namespace

void add_admin_routes(httplib::Server& server, front_state& state) {
  server.Get(register_path("log"), guarded([&state](const httplib::Request& req, httplib::Response& res) {
               get_log(state, req, res);
             }));
  server.Post(register_path("upgrade"), guarded([&state](const httplib::Request& req, httplib::Response& res) {
                upgrade(state, req, res);
              }));
  server.Post(register_path("maintenance"), guarded([&state](const httplib::Request& req, httplib::Response&) {
                not_supported(state, req, "maintenance", {});
              }));
  server.Post(register_path("clear_device_data"),
              guarded([&state](const httplib::Request& req, httplib::Response& res) {
                run_destructive(state, req, res, "clear_device_data", jobs::general_clearing_order{},
                                "27h general clearing: the register's cash and operation registers are zero; "
                                "the FN and its documents are untouched");
              }));
  server.Post(register_path("clear_debug_fn"), guarded([&state](const httplib::Request& req, httplib::Response& res) {
                run_destructive(state, req, res, "clear_debug_fn", jobs::fn_reset_order{},
                                "FF07h (request code 16h): the debug FN's archive and counters are wiped; it is "
                                "ready for fiscalisation again");
              }));
}

}  // namespace ws::http::server
