// POST /v1/receipts: routed by firm INN and group through the broker (wait4free,
// retry_count, conditions). POST .../make_correction_receipt: on the named register.

#include <algorithm>

#include "actors/conditions/condition_error.hpp"
#include "actors/conditions/conditional.hpp"
#include "actors/jobs/job_order.hpp"
#include "http/receipt_request.hpp"
#include "http/server/document_answers.hpp"
#include "http/server/farm_bridge.hpp"
#include "http/server/outcome_errors.hpp"
#include "http/server/routes.hpp"

namespace ws::http::server {

namespace {

/// The request's `conditional` as it travels (source text) and parsed here once, so a
/// syntax error is a 400 before any register is touched.
struct request_conditions {
  jobs::condition_text text;
  conditions::conditional parsed;
};

std::optional<request_conditions> conditions_of(const std::optional<http::conditional>& source) {
  if (!source) return std::nullopt;
  request_conditions out;
  out.text.dialect = source->dialect;
  std::vector<conditions::condition_source> entries;
  for (const auto& c : source->conditions) {
    out.text.conditions.emplace_back(to_string(c.stage));
    out.text.expressions.push_back(c.expression);
    entries.push_back({std::string(to_string(c.stage)), c.expression});
  }
  try {
    out.parsed = conditions::parse_conditional(source->dialect, entries);
  } catch (const ws::conditions::condition_error& e) {
    throw data_error("conditional", e.what());
  }
  return out;
}

api_error condition_failed(const std::string& condition, const std::string& message, const std::string& serial) {
  auto error = make_error(error_kind::condition_failed, message);
  error.condition = condition;
  error.kkt_sn = serial;
  return error;
}

/// `after` on the attributes of the register that printed; an evaluation error counts as
/// false (the message tells it).
bool after_holds(const conditions::conditional& parsed, const conditions::device_attributes& device, std::string& why) {
  try {
    if (conditions::holds(parsed, conditions::condition_kind::after, device)) return true;
    why = "the `after` condition is false: the receipt below WAS printed";
  } catch (const conditions::condition_error& e) {
    why = std::string("the `after` condition failed to evaluate: ") + e.what() + "; the receipt below WAS printed";
  }
  return false;
}

void post_receipt(front_state& state, const httplib::Request& req, httplib::Response& res) {
  const auto query = query_of(req);
  const auto params = parse_receipt_query(query);
  auto parsed = parse_receipt_request(req.body);
  const auto conditions = conditions_of(parsed.conditional);

  const auto wait = std::min<std::chrono::milliseconds>(std::chrono::seconds(params.wait4free_seconds),
                                                        state.options.max_wait4free);
  const auto budget = budget_for(state.options, wait, params.retry_count);
  actors::broker_request request;
  request.inn = parsed.content.firm_inn;
  request.group = params.group;
  request.wait4free = wait;
  request.retry_count = params.retry_count;
  request.time_left = budget.time_left;
  request.order.spec = jobs::receipt_order{parsed.content, state.options.shift};
  request.order.time_left = budget.run_time;
  if (conditions) request.order.conditions = conditions->text;
  request.order.request_id = "POST /v1/receipts";

  const auto result = ask_broker(state.system, state.farm.broker, std::move(request), budget.bridge_limit);
  if (!result) throw api_exception(no_broker_answer());
  const std::string operation = "POST /v1/receipts";
  if (result->kind == broker::outcome::completed && result->failure.refused_by_condition == "before") {
    const auto error = condition_failed("before", result->failure.message, result->serial_number);
    state.log.record(result->serial_number, operation, error.status, error.message);
    throw api_exception(error);
  }
  if (auto error = error_of(*result, false)) {
    state.log.record(result->serial_number, operation, error->status, error->name + ": " + error->message);
    throw api_exception(*error);
  }
  const auto& printed = result_of<jobs::printed_document>(*result);
  if (printed.document_number == 0) throw api_exception(no_broker_answer());
  const auto body = write_receipt_response(
      parsed.content, parsed.calculated, receipt_fields_of(printed, result->serial_number, result->registration_number));
  const std::string fd = "FD " + std::to_string(printed.document_number);
  std::string why;
  if (conditions && !after_holds(conditions->parsed, result->device, why)) {
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
  const std::string serial = req.matches[1];
  const std::string operation = "POST make_correction_receipt";
  const auto result =
      run_on_register(state, serial, jobs::correction_order{parsed.content, state.options.shift}, operation);
  const auto& printed = result_of<jobs::printed_document>(result);
  if (printed.document_number == 0) throw api_exception(no_broker_answer());
  auto summary = summary_of(fiscal_document_type::correction_receipt, printed);
  summary.receipt_type = parsed.content.type;
  summary.amount = ffd::money{static_cast<std::int64_t>(printed.total)};
  state.log.record(serial, operation, 200, "FD " + std::to_string(printed.document_number));
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
