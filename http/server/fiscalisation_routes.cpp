// Registering a register with the tax service and ending its fiscal life:
//   configure          stores the Configuration body (reg_info, ofd_info) for that register
//                      in the front; nothing is sent to the device (a Shtrih-M register
//                      takes the registration data with the registration command itself).
//                      Groups come from the farm's configuration file: group_info is refused.
//   register           (mysecret) FF05h + FF06h with the configured INN, RNM, taxation and
//                      work modes -> RegistrationReport; ?reregister=1 FF05h + FF34h
//                      (?fn_changed=1: reason "FN replaced") -> ReRegistrationReport
//   close_fiscal_mode  (mysecret) FF3Dh + FF3Eh -> CloseFNReport
// The front learns a new INN when the register identifies again (after a reboot).

#include "actors/jobs/job_order.hpp"
#include "http/configuration_request.hpp"
#include "http/server/document_answers.hpp"
#include "http/server/outcome_errors.hpp"
#include "http/server/report_answer.hpp"
#include "http/server/routes.hpp"

namespace ws::http::server {

namespace {

using handler_fn = void (*)(front_state&, const httplib::Request&, httplib::Response&);

void configure(front_state& state, const httplib::Request& req, httplib::Response& res) {
  check_query(query_of(req), {});
  auto config = parse_configuration_request(req.body);
  if (config.groups)
    throw data_error("group_info.groups", "groups are set in the farm's configuration, not through the API");
  const auto serial = known_serial(state, req);
  state.store_configuration(serial, config);
  state.log.record(serial, "POST configure", 200, "registration data stored");
  json_writer json;
  json.begin_object().member("kkt_sn", serial).member("operation", "configure").member("result", "stored").end_object();
  send_json(res, 200, json.text());
}

std::uint8_t work_mode_bits(const std::vector<kkt_work_mode>& modes) {
  std::uint8_t bits = 0;
  for (auto mode : modes) {
    switch (mode) {  // FFD tag 1062 bits
      case kkt_work_mode::crypt: bits |= 1u << 0; break;
      case kkt_work_mode::autonomous: bits |= 1u << 1; break;
      case kkt_work_mode::automatic: bits |= 1u << 2; break;
      case kkt_work_mode::in_service_usage: bits |= 1u << 3; break;
      case kkt_work_mode::bso: bits |= 1u << 4; break;
      case kkt_work_mode::internet_usage: bits |= 1u << 5; break;
    }
  }
  return bits;
}

std::optional<shtrih::registration_params> params_of(const std::optional<configuration_request>& config,
                                                     bool required) {
  const registration_info* info = config && config->reg_info ? &*config->reg_info : nullptr;
  if (!info) {
    if (!required) return std::nullopt;
    throw data_error("reg_info", "configure the register first: no registration data");
  }
  if (!info->user_inn) throw data_error("reg_info.user_inn", "configure the register first: no INN");
  if (!info->rnm) throw data_error("reg_info.rnm", "configure the register first: no registration number");
  if (!info->tax_mode) throw data_error("reg_info.tax_mode", "configure the register first: no taxation system");
  shtrih::registration_params params;
  params.inn = *info->user_inn;
  params.registration_number = std::string(16 - std::min<std::size_t>(16, info->rnm->size()), '0') + *info->rnm;
  params.taxation_systems = 0;
  for (auto t : *info->tax_mode) params.taxation_systems |= static_cast<std::uint8_t>(t);
  params.work_mode = info->work_mode ? work_mode_bits(*info->work_mode) : 0;
  return params;
}

void register_kkt(front_state& state, const httplib::Request& req, httplib::Response& res) {
  const auto query = query_of(req);
  check_query(query, {"reregister", "fn_changed", "mysecret"});
  require_secret(state, query);
  const bool reregister = query_flag(query, "reregister");
  const bool fn_changed = query_flag(query, "fn_changed");
  parse_open_object_body(req.body);
  const auto serial = known_serial(state, req);  // 404 before "configure first"
  const auto params = params_of(state.configuration_of(serial), !reregister);
  const std::string operation = reregister ? "POST register?reregister" : "POST register";
  jobs::job_spec spec;
  if (reregister) {
    const std::uint8_t reason = fn_changed ? shtrih::registration_report::reregistration_fn_replaced
                                           : shtrih::registration_report::reregistration;
    spec = jobs::reregistration_order{params, reason};
  } else {
    spec = jobs::registration_order{*params, {}, {}};
  }
  const auto body = audited(state, serial, operation, [&] {
    const auto result = run_on_register(state, serial, std::move(spec), operation);
    auto summary = report_summary(
        state, serial, operation,
        reregister ? fiscal_document_type::re_registration_report : fiscal_document_type::registration_report, result);
    if (params) {
      summary.inn = params->inn;
      summary.rnm = params->registration_number;
    }
    state.log.record(serial, operation, 200, "FD " + std::to_string(summary.fd_number));
    return write_fiscal_document(summary);
  });
  send_json(res, 200, body);
}

void close_fiscal_mode(front_state& state, const httplib::Request& req, httplib::Response& res) {
  const auto query = query_of(req);
  check_query(query, {"mysecret"});
  require_secret(state, query);
  parse_open_object_body(req.body);
  const std::string serial = req.matches[1];
  const std::string operation = "POST close_fiscal_mode";
  const auto body = audited(state, serial, operation, [&] {
    const auto result = run_on_register(state, serial, jobs::close_fn_order{}, operation);
    const auto summary = report_summary(state, serial, operation, fiscal_document_type::close_fn_report, result);
    state.log.record(serial, operation, 200, "FD " + std::to_string(summary.fd_number));
    return write_fiscal_document(summary);
  });
  send_json(res, 200, body);
}

}  // namespace

void add_fiscalisation_routes(httplib::Server& server, front_state& state) {
  auto route = [&state](handler_fn body) {
    return guarded([&state, body](const httplib::Request& req, httplib::Response& res) { body(state, req, res); });
  };
  server.Post(register_path("configure"), route(configure));
  server.Post(register_path("register"), route(register_kkt));
  server.Post(register_path("close_fiscal_mode"), route(close_fiscal_mode));
}

}  // namespace ws::http::server
