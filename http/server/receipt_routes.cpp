// POST /v1/receipts: routed by firm INN and group through the broker (wait4free,
// retry_count, conditions). POST .../make_correction_receipt: on the named register.

#include <algorithm>

#include "actors/conditions/condition_error.hpp"
#include "actors/jobs/correction_receipt_job.hpp"
#include "actors/jobs/print_receipt_job.hpp"
#include "http/receipt_request.hpp"
#include "http/server/condition_gate.hpp"
#include "http/server/document_answers.hpp"
#include "http/server/farm_bridge.hpp"
#include "http/server/outcome_errors.hpp"
#include "http/server/routes.hpp"

namespace ws::http::server {

namespace {

std::shared_ptr<const conditions::conditional> parsed_conditions(const std::optional<http::conditional>& source) {
  if (!source) return nullptr;
  std::vector<conditions::condition_source> entries;
  for (const auto& c : source->conditions) entries.push_back({std::string(to_string(c.stage)), c.expression});
  try {
    return std::make_shared<const conditions::conditional>(conditions::parse_conditional(source->dialect, entries));
  } catch (const ws::conditions::condition_error& e) {
    throw data_error("conditional", e.what());
  }
}

api_error condition_failed(const std::string& condition, const std::string& message, const std::string& serial) {
  auto error = make_error(409, condition_failed_name, message);
  error.condition = condition;
  error.kkt_sn = serial;
  return error;
}

void post_receipt(front_state& state, const httplib::Request& req, httplib::Response& res) {
  const auto query = query_of(req);
  const auto params = parse_receipt_query(query);
  auto parsed = parse_receipt_request(req.body);
  auto conditions = parsed_conditions(parsed.conditional);

  const auto wait = std::min<std::chrono::milliseconds>(std::chrono::seconds(params.wait4free_seconds),
                                                        state.options.max_wait4free);
  actors::broker_request request;
  request.inn = parsed.content.firm_inn;
  request.group = params.group;
  request.wait4free = wait;
  request.retry_count = params.retry_count;
  request.conditions = conditions;
  request.run_timeout = state.options.job_timeout;
  const auto budget = budget_for(state, wait, params.retry_count);
  request.deadline = budget.deadline;
  auto content = std::make_shared<const ffd::receipt_content>(parsed.content);
  auto calculated = std::make_shared<const ffd::calculated_receipt>(parsed.calculated);
  actors::job_factory make_job = [content, calculated, policy = state.options.shift]() -> std::shared_ptr<jobs::job> {
    return std::make_shared<jobs::print_receipt_job>(*content, *calculated, policy);
  };
  std::shared_ptr<condition_gate> gate;
  if (conditions && (!conditions->before.empty() || !conditions->after.empty())) {
    gate = std::make_shared<condition_gate>(conditions);
    request.make_job_on = gate->wrap(std::move(make_job));
  } else {
    request.make_job = std::move(make_job);
  }

  const auto result = ask_broker(state.system, state.farm.broker, std::move(request), budget.bridge_limit);
  if (!result) throw api_exception(no_broker_answer());
  const std::string operation = "POST /v1/receipts";
  if (gate && gate->refused_before() && result->kind == broker::outcome::completed &&
      result->failure.kind == jobs::failure_kind::wrong_state) {
    const auto error = condition_failed("before", result->failure.message, result->serial_number);
    state.log.record(result->serial_number, operation, error.status, error.message);
    throw api_exception(error);
  }
  if (auto error = error_of(*result, false)) {
    state.log.record(result->serial_number, operation, error->status, error->name + ": " + error->message);
    throw api_exception(*error);
  }
  const auto job = std::dynamic_pointer_cast<jobs::print_receipt_job>(result->job);
  if (!job || job->result().document_number == 0) throw api_exception(no_broker_answer());
  const auto body =
      write_receipt_response(*content, *calculated, receipt_fields_of(job->result(), result->serial_number,
                                                                   result->registration_number));
  const std::string fd = "FD " + std::to_string(job->result().document_number);
  std::string why;
  if (gate && !gate->after_holds(why)) {
    auto error = condition_failed("after", why, result->serial_number);
    error.document_json = body;
    state.log.record(result->serial_number, operation, error.status, fd + " printed; `after` is false");
    throw api_exception(error);
  }
  state.log.record(result->serial_number, operation, 200, fd);
  send_json(res, 200, body);
}

void post_correction(front_state& state, const httplib::Request& req, httplib::Response& res) {
  check_query(query_of(req), {});
  auto parsed = parse_correction_receipt_request(req.body);
  const auto serial = known_serial(state, req);
  auto content = std::make_shared<const ffd::correction_content>(parsed.content);
  const std::string operation = "POST make_correction_receipt";
  const auto result = run_on_register(
      state, serial,
      [content, policy = state.options.shift]() -> std::shared_ptr<jobs::job> {
        return std::make_shared<jobs::correction_receipt_job>(*content, policy);
      },
      operation);
  const auto job = std::dynamic_pointer_cast<jobs::correction_receipt_job>(result.job);
  if (!job || job->result().document_number == 0) throw api_exception(no_broker_answer());
  auto summary = summary_of(fiscal_document_type::correction_receipt, job->result());
  summary.receipt_type = content->type;
  summary.amount = ffd::money{static_cast<std::int64_t>(job->result().total)};
  state.log.record(serial, operation, 200, "FD " + std::to_string(job->result().document_number));
  send_json(res, 200, write_fiscal_document(summary));
}

}  // namespace

std::string register_path(const std::string& operation) { return "/v1/cashmachines/([^/]+)/" + operation; }

void add_receipt_routes(httplib::Server& server, front_state& state) {
  server.Post("/v1/receipts", guarded([&state](const httplib::Request& req, httplib::Response& res) {
                post_receipt(state, req, res);
              }));
  server.Post(register_path("make_correction_receipt"),
              guarded([&state](const httplib::Request& req, httplib::Response& res) { post_correction(state, req, res); }));
}

}  // namespace ws::http::server
