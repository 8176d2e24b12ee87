// POST /v1/receipts: routed by firm INN and group through the broker (wait4free,
// retry_count, conditions). POST .../make_correction_receipt: on the named register.

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <functional>

#include "actors/conditions/condition_error.hpp"
#include "actors/condition_text.hpp"
#include "actors/conditions/conditional.hpp"
#include "actors/jobs/job_order.hpp"
#include "http/ops/request_context.hpp"
#include "http/query_params.hpp"
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
  for (const auto& c : source->conditions) {
    out.text.conditions.emplace_back(to_string(c.stage));
    out.text.expressions.push_back(c.expression);
  }
  try {
    out.parsed = actors::parse_condition_text(out.text);
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

/// The client's Idempotency-Key: empty when none; at most 255 visible ASCII characters.
std::string idempotency_key_of(const httplib::Request& req) {
  if (!req.has_header("Idempotency-Key")) return {};
  const auto key = req.get_header_value("Idempotency-Key");
  if (key.empty() || key.size() > 255) throw data_error("Idempotency-Key", "must be 1 to 255 characters");
  for (unsigned char c : key)
    if (c < 0x21 || c > 0x7E) throw data_error("Idempotency-Key", "only visible ASCII characters");
  return key;
}

/// Whose keys: the firm's INN, and the API token when one is configured (its hash: the
/// journal never holds the token itself).
std::string scope_of(const front_state& state, const std::string& inn) {
  if (!state.options.api_token) return inn;
  return inn + "/" + journal::body_hash(*state.options.api_token).substr(0, 16);
}

void send_answer(httplib::Response& res, const stored_answer& answer, bool replayed) {
  if (answer.retry_after_seconds) res.set_header("Retry-After", std::to_string(*answer.retry_after_seconds));
  if (replayed) res.set_header("Idempotent-Replayed", "true");
  send_json(res, answer.status, answer.body);
}

/// A journal entry's final state as the documents metric counts it (accepted and
/// dispatched cannot be final: an answer always records printed, failed or unknown).
ops::document_outcome document_outcome_of(journal::entry_state state) {
  switch (state) {
    case journal::entry_state::printed: return ops::document_outcome::printed;
    case journal::entry_state::failed: return ops::document_outcome::failed;
    case journal::entry_state::accepted:
    case journal::entry_state::dispatched:
    case journal::entry_state::unknown: return ops::document_outcome::unknown;
  }
  return ops::document_outcome::unknown;
}

/// Journals the request (or replays its key's answer), runs it, records and sends what
/// became of it. `run` gives the outcome; an api_exception it throws is its error answer.
void journaled(front_state& state, const httplib::Request& req, httplib::Response& res, journal::new_entry entry,
               std::chrono::milliseconds repeat_wait, const std::function<request_outcome(const dispatch_recorder&)>& run) {
  entry.key = idempotency_key_of(req);
  ops::note_idempotency_key(entry.key);
  entry.body_hash = journal::body_hash(req.body);
  entry.request = req.body;
  const auto admitted = state.receipts.admit(entry, repeat_wait);
  if (admitted.replay) return send_answer(res, *admitted.replay, true);
  const auto entry_id = *admitted.entry_id;
  std::optional<std::string> journal_failure;
  const dispatch_recorder record = [&](const actors::dispatch_record& where) {
    journal_failure = state.receipts.dispatched(entry_id, where);
    return !journal_failure;
  };
  const auto started = std::chrono::steady_clock::now();
  request_outcome outcome;
  const auto answer_error = [&outcome](const api_error& error) {
    outcome.answer = answer_of(error);
    outcome.state = state_of(error);
    outcome.kkt_sn = error.kkt_sn;
    outcome.document_number = error.document_number;
  };
  try {
    outcome = run(record);
  } catch (const api_exception& e) {
    answer_error(e.error);
  } catch (const request_error& e) {
    outcome.answer = answer_of(from_request_error(e));
  }
  // A register the journal could not tell sent nothing and refused the job; when nothing
  // was printed anywhere in the end, the answer says why: the journal (503), not the
  // register's refusal. An unknown outcome (another register tried after it) stays unknown.
  if (journal_failure && outcome.state == journal::entry_state::failed) answer_error(journal_refusal(*journal_failure));
  state.receipts.record(*admitted.entry_id, outcome);
  ops::note_register(outcome.kkt_sn);
  if (outcome.document_number) ops::note_document(*outcome.document_number);
  state.metrics.count_document(entry.kind, document_outcome_of(outcome.state),
                               std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  send_answer(res, outcome.answer, false);
}

void post_receipt(front_state& state, const httplib::Request& req, httplib::Response& res) {
  const auto query = query_of(req);
  const auto params = parse_receipt_query(query);
  auto parsed = parse_receipt_request(req.body);
  const auto conditions = conditions_of(parsed.conditional);

  const auto wait = std::min<std::chrono::milliseconds>(std::chrono::seconds(params.wait4free_seconds),
                                                        state.options.max_wait4free);
  const auto budget = budget_for(state.options, wait, params.retry_count);
  journal::new_entry entry;
  entry.scope = scope_of(state, parsed.content.firm_inn);
  entry.kind = "receipt";
  entry.inn = parsed.content.firm_inn;
  entry.group = params.group;
  journaled(state, req, res, entry, std::chrono::duration_cast<std::chrono::milliseconds>(budget.bridge_limit),
            [&](const dispatch_recorder& record) {
    actors::broker_request request;
    request.inn = parsed.content.firm_inn;
    request.group = params.group;
    request.wait4free = wait;
    request.retry_count = params.retry_count;
    request.time_left = budget.time_left;
    request.order.spec = jobs::receipt_order{parsed.content, state.options.shift};
    request.order.time_left = budget.run_time;
    if (conditions) request.order.conditions = conditions->text;
    request.order.request_id = current_request_id();

    const auto result =
        ask_broker_journaled(state.system, state.farm.broker, std::move(request), budget.bridge_limit, record);
    if (!result) throw api_exception(no_broker_answer());
    note_broker_answer(state, *result);
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
    request_outcome outcome;
    outcome.state = journal::entry_state::printed;
    outcome.kkt_sn = result->serial_number;
    outcome.document_number = printed.document_number;
    outcome.fiscal_sign = printed.fiscal_sign;
    outcome.answer.body = write_receipt_response(
        parsed.content, parsed.calculated,
        receipt_fields_of(printed, result->serial_number, result->registration_number, state.public_url()));
    const std::string fd = "FD " + std::to_string(printed.document_number);
    std::string why;
    if (conditions && !after_holds(conditions->parsed, result->device, why)) {
      auto error = condition_failed("after", why, result->serial_number);
      error.document_json = outcome.answer.body;
      state.log.record(result->serial_number, operation, error.status, fd + " printed; `after` is false");
      outcome.answer = answer_of(error);  // the document exists all the same: printed
      return outcome;
    }
    state.log.record(result->serial_number, operation, 200, fd);
    return outcome;
  });
}

void post_correction(front_state& state, const httplib::Request& req, httplib::Response& res) {
  check_query(query_of(req), {});
  auto parsed = parse_correction_receipt_request(req.body);
  const std::string serial = req.matches[1];
  const auto budget = budget_for(state.options, std::chrono::duration_cast<std::chrono::milliseconds>(state.options.job_timeout), 0);
  journal::new_entry entry;
  entry.scope = scope_of(state, "kkt:" + serial);  // a correction names its register, not a firm
  entry.kind = "correction";
  entry.kkt_sn = serial;
  journaled(state, req, res, entry, std::chrono::duration_cast<std::chrono::milliseconds>(budget.bridge_limit),
            [&](const dispatch_recorder& record) {
    const std::string operation = "POST make_correction_receipt";
    const auto result = run_on_register(state, serial, jobs::correction_order{parsed.content, state.options.shift},
                                        operation, std::nullopt, record);
    const auto& printed = result_of<jobs::printed_document>(result);
    if (printed.document_number == 0) throw api_exception(no_broker_answer());
    state.log.record(serial, operation, 200, "FD " + std::to_string(printed.document_number));
    request_outcome outcome;
    outcome.state = journal::entry_state::printed;
    outcome.kkt_sn = serial;
    outcome.document_number = printed.document_number;
    outcome.fiscal_sign = printed.fiscal_sign;
    outcome.answer.body = correction_answer(parsed.content.type, printed);
    return outcome;
  });
}

/// ISO-8601 UTC with milliseconds, e.g. 2026-12-06T21:30:00.123Z.
std::string utc_text(journal::clock::time_point t) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
  const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm parts{};
  gmtime_r(&seconds, &parts);
  char text[80];  // room for any int the fields could hold, as the compiler checks
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", parts.tm_year + 1900, parts.tm_mon + 1,
                parts.tm_mday, parts.tm_hour, parts.tm_min, parts.tm_sec, static_cast<int>(ms % 1000));
  return text;
}

void write_entry(json_writer& json, const journal::entry& entry) {
  json.begin_object()
      .member("idempotency_key", entry.key)
      .member("kind", entry.kind)
      .member("state", journal::to_string(entry.state))
      .member("inn", entry.inn)
      .member("group", entry.group)
      .member("accepted_at", utc_text(entry.accepted_at))
      .member("updated_at", utc_text(entry.updated_at));
  if (!entry.kkt_sn.empty()) json.member("kkt_sn", entry.kkt_sn);
  if (entry.document_number) json.key("document_number").unsigned_number(*entry.document_number);
  if (entry.fiscal_sign) json.key("fiscal_sign").unsigned_number(*entry.fiscal_sign);
  if (entry.status != 0) {
    json.key("status").number(entry.status);
    if (!entry.answer.empty()) json.key("answer").raw(entry.answer);
  }
  json.end_object();
}

/// GET /v1/receipts/{key}?firm_inn=INN (a receipt's key) or ?kkt_sn=SN (a correction's):
/// the latest entry with that key in that scope; once printed, its answer is the very
/// document the POST answered.
void get_receipt_entry(front_state& state, const httplib::Request& req, httplib::Response& res) {
  const auto query = query_of(req);
  check_query(query, {"firm_inn", "kkt_sn"});
  const auto inn = query_value(query, "firm_inn");
  const auto serial = query_value(query, "kkt_sn");
  if (inn.has_value() == serial.has_value())
    throw data_error(inn ? "kkt_sn" : "firm_inn", "give firm_inn (a receipt's key) or kkt_sn (a correction's), one of them");
  if (inn)
    if (auto error = ffd::inn_error(*inn)) throw data_error("firm_inn", *error);
  const std::string key = req.matches[1];
  const auto entry = state.receipts.store().find(scope_of(state, inn ? *inn : "kkt:" + *serial), key);
  if (!entry) throw api_exception(make_error(error_kind::not_found, "no request with Idempotency-Key '" + key + "'"));
  json_writer json;
  write_entry(json, *entry);
  send_json(res, 200, json.text());
}

/// GET /v1/receipts?state=unknown&from_minutes_ago=N&to_minutes_ago=M&limit=K: entries for an operator,
/// newest first (default: the last 24 hours, 100 entries).
void list_receipt_entries(front_state& state, const httplib::Request& req, httplib::Response& res) {
  const auto query = query_of(req);
  check_query(query, {"state", "from_minutes_ago", "to_minutes_ago", "limit"});
  std::optional<journal::entry_state> wanted;
  if (const auto name = query_value(query, "state")) {
    wanted = journal::entry_state_from(*name);
    if (!wanted) throw data_error("state", "one of accepted, printed, failed, unknown");
  }
  const auto now = journal::clock::now();
  const auto minutes = [&](const char* name, std::size_t fallback) {
    const auto text = query_value(query, name);
    return std::chrono::minutes(text ? parse_count_param(name, *text, 60 * 24 * 366) : fallback);
  };
  const auto from = now - minutes("from_minutes_ago", 24 * 60);
  const auto to = now - minutes("to_minutes_ago", 0) + std::chrono::seconds(1);
  const auto limit_text = query_value(query, "limit");
  const std::size_t limit = limit_text ? parse_count_param("limit", *limit_text, 10000) : 100;
  const auto entries = state.receipts.store().list(wanted, from, to, limit);
  json_writer json;
  json.begin_object().key("entries").begin_array();
  for (const auto& entry : entries) write_entry(json, entry);
  json.end_array().end_object();
  send_json(res, 200, json.text());
}

}  // namespace

std::string register_path(const std::string& operation) { return "/v1/cashmachines/([^/]+)/" + operation; }

void add_receipt_routes(httplib::Server& server, front_state& state) {
  server.Post("/v1/receipts", guarded([&state](const httplib::Request& req, httplib::Response& res) {
                post_receipt(state, req, res);
              }));
  server.Get("/v1/receipts/([^/]+)", guarded([&state](const httplib::Request& req, httplib::Response& res) {
               get_receipt_entry(state, req, res);
             }));
  server.Get("/v1/receipts", guarded([&state](const httplib::Request& req, httplib::Response& res) {
               list_receipt_entries(state, req, res);
             }));
  server.Post(register_path("make_correction_receipt"),
              guarded([&state](const httplib::Request& req, httplib::Response& res) { post_correction(state, req, res); }));
}

}  // namespace ws::http::server
