#include "http/server/front_state.hpp"

#include <iostream>
#include <set>

#include "actors/conditions/condition_error.hpp"
#include "http/ops/farm_log.hpp"
#include "http/ops/request_context.hpp"
#include "http/secret_compare.hpp"
#include "http/server/farm_bridge.hpp"
#include "http/server/outcome_errors.hpp"

namespace ws::http::server {

std::string front_state::public_url() const {
  std::lock_guard<std::mutex> lock(config_mutex_);
  return public_url_;
}

void front_state::set_public_url(std::string url) {
  std::lock_guard<std::mutex> lock(config_mutex_);
  public_url_ = std::move(url);
}

std::optional<configuration_request> front_state::configuration_of(const std::string& serial) const {
  std::lock_guard<std::mutex> lock(config_mutex_);
  auto it = configurations_.find(serial);
  if (it == configurations_.end()) return std::nullopt;
  return it->second;
}

void front_state::store_configuration(const std::string& serial, configuration_request config) {
  std::lock_guard<std::mutex> lock(config_mutex_);
  configurations_[serial] = std::move(config);
}

httplib::Server::Handler guarded(route_body body) {
  return [body = std::move(body)](const httplib::Request& request, httplib::Response& response) {
    try {
      body(request, response);
    } catch (const api_exception& e) {
      send_error(response, e.error);
    } catch (const request_error& e) {
      send_error(response, from_request_error(e));
    } catch (const conditions::condition_error& e) {
      auto error = make_error(error_kind::data_error, std::string("conditional: ") + e.what());
      error.field = "conditional";
      send_error(response, error);
    } catch (const std::exception& e) {
      send_error(response, make_error(error_kind::outcome_unknown,
                                      std::string("internal error: ") + e.what() +
                                          "; the operation may or may not have run"));
    }
  };
}

query_map query_of(const httplib::Request& request) {
  query_map out;
  for (const auto& [name, value] : request.params) out.emplace(name, value);
  return out;
}

void check_query(const query_map& query, std::initializer_list<std::string_view> known) {
  std::set<std::string> seen;
  for (const auto& [name, value] : query) {
    bool found = false;
    for (auto k : known) found = found || k == name;
    if (!found) throw data_error(name, "unknown query parameter");
    if (!seen.insert(name).second) throw data_error(name, "given more than once");
  }
}

std::optional<std::string> query_value(const query_map& query, const std::string& name) {
  auto it = query.find(name);
  if (it == query.end()) return std::nullopt;
  return it->second;
}

bool query_flag(const query_map& query, const std::string& name) {
  auto value = query_value(query, name);
  return value && parse_flag_param(name, *value);
}

void send_json(httplib::Response& response, int status, const std::string& body) {
  response.status = status;
  response.set_content(body, "application/json; charset=utf-8");
}

void send_error(httplib::Response& response, const api_error& error) {
  if (error.retry_after_seconds) response.set_header("Retry-After", std::to_string(*error.retry_after_seconds));
  send_json(response, error.status, write_api_error(error));
}

void require_secret(const front_state& state, const query_map& query) {
  const auto given = query_value(query, "mysecret");
  if (state.options.mysecret.empty())
    throw api_exception(make_error(error_kind::forbidden, "destructive operations are disabled: no secret is configured"));
  if (!given || !secret_equals(*given, state.options.mysecret))
    throw api_exception(make_error(error_kind::forbidden, "mysecret is missing or wrong: nothing was done"));
}

std::string known_serial(front_state& state, const httplib::Request& request) {
  const std::string serial = request.matches.size() > 1 ? std::string(request.matches[1]) : std::string{};
  const auto listing = ask_listing(state.system, state.farm.broker, serial);
  if (!listing) throw api_exception(make_error(error_kind::overloaded, "the broker did not answer in time"));
  if (serial.empty() || listing->registers.empty())
    throw api_exception(make_error(error_kind::not_found, "no register with serial number '" + serial + "'"));
  return serial;
}

std::string audited(front_state& state, const std::string& serial, const std::string& operation,
                    const std::function<std::string()>& run) {
  const auto record = [&](int status, const std::string& answer) {
    try {
      state.receipts.store().audit(serial, operation, status, answer);
    } catch (const std::exception& e) {
      std::cerr << "whitespirit: audit trail: " << operation << " on " << serial << " not recorded: " << e.what()
                << std::endl;
    }
  };
  try {
    auto body = run();
    record(200, body);
    return body;
  } catch (const api_exception& e) {
    record(e.error.status, write_api_error(e.error));
    throw;
  }
}

request_budget budget_for(const front_options& options, std::chrono::milliseconds wait4free, unsigned retry_count,
                          std::optional<std::chrono::milliseconds> run_time) {
  using namespace std::chrono;
  // The broker ends a run that has not answered within run + margin at its next sweep
  // (broker_options::run_sweep_period, 200 ms): allow a second for that and the trip.
  constexpr milliseconds broker_sweep_and_trip{1000};
  const auto attempts = retry_count + 1;
  request_budget budget;
  budget.run_time = run_time ? *run_time : duration_cast<milliseconds>(options.job_timeout);
  // The deadline bounds the wait and allows the retries to start; each attempt is then
  // bounded by the run time plus the broker's request margin.
  budget.time_left = wait4free + budget.run_time * attempts;
  budget.bridge_limit =
      wait4free + (budget.run_time + options.request_margin + broker_sweep_and_trip) * attempts + broker_sweep_and_trip;
  return budget;
}

void note_broker_answer(front_state& state, const actors::broker_result& result) {
  if (result.kind == broker::outcome::overloaded) state.metrics.count_broker_overload();
  if (!result.serial_number.empty()) ops::note_register(result.serial_number);
  const auto& failure = result.failure;
  if (result.kind != broker::outcome::completed || failure.kind == jobs::failure_kind::none) return;
  ops::log_event(failure.kind == jobs::failure_kind::outcome_unknown ? ops::log_level::error : ops::log_level::warn,
                 "job_failed",
                 {{"id", current_request_id()},
                  {"kkt_sn", result.serial_number},
                  {"port", result.port},
                  {"failure", jobs::to_string(failure.kind)},
                  {"message", failure.message}});
}

std::string current_request_id() {
  const auto* request = ops::current_request();
  return request ? request->id : std::string{};
}

actors::broker_result run_on_register(front_state& state, const std::string& serial, jobs::job_spec spec,
                                      const std::string& operation, std::optional<std::chrono::milliseconds> wait,
                                      const dispatch_recorder& record,
                                      std::optional<std::chrono::milliseconds> run_time) {
  actors::broker_request request;
  request.target_serial = serial;
  // A named register waits in its own queue for what it runs now (one receipt or report).
  request.wait4free = wait ? *wait : std::chrono::duration_cast<std::chrono::milliseconds>(state.options.job_timeout);
  const auto budget = budget_for(state.options, request.wait4free, 0, run_time);
  request.time_left = budget.time_left;
  const std::string job_name(jobs::name_of(spec));
  request.order.spec = std::move(spec);
  request.order.time_left = budget.run_time;
  request.order.request_id = current_request_id();
  ops::note_register(serial);
  auto result = record ? ask_broker_journaled(state.system, state.farm.broker, std::move(request), budget.bridge_limit,
                                              record)
                       : ask_broker(state.system, state.farm.broker, std::move(request), budget.bridge_limit);
  if (!result) {
    auto error = no_broker_answer();
    error.kkt_sn = serial;
    state.log.record(serial, operation, error.status, error.name + ": " + error.message);
    state.metrics.count_operation(job_name, error.name);
    throw api_exception(error);
  }
  note_broker_answer(state, *result);
  if (auto error = error_of(*result, true)) {
    if (error->status == 404) error->message = "no register with serial number '" + serial + "'";
    if (error->kkt_sn.empty()) error->kkt_sn = serial;
    state.log.record(serial, operation, error->status, error->name + ": " + error->message);
    state.metrics.count_operation(job_name, error->name);
    throw api_exception(*error);
  }
  state.metrics.count_operation(job_name, "ok");
  return std::move(*result);
}

}  // namespace ws::http::server
