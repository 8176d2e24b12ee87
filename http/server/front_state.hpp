#pragma once
// What every route handler shares: the actor system and handles, the options, the
// operation log and the registration settings `configure` stored per register; and the
// helpers every handler uses (query parameters, JSON answers, errors, secrets, running a
// job on one register through the broker).

#include <algorithm>
#include <chrono>
#include <functional>
#include <initializer_list>
#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include <httplib.h>

#include "actors/broker_actor.hpp"
#include "http/configuration_request.hpp"
#include "http/ops/farm_metrics.hpp"
#include "http/query_params.hpp"
#include "http/server/api_error.hpp"
#include "http/server/farm_bridge.hpp"
#include "http/server/front.hpp"
#include "http/server/operation_log.hpp"
#include "http/server/peer_rate_limit.hpp"
#include "http/server/receipt_page_cache.hpp"
#include "http/server/receipt_journal.hpp"

namespace ws::http::server {

struct front_state {
  front_state(caf::actor_system& s, farm_handles f, front_options o)
      : system(s),
        farm(std::move(f)),
        options(std::move(o)),
        receipts(options.journal_path, options.journal_retention) {}

  caf::actor_system& system;
  farm_handles farm;
  front_options options;
  operation_log log;
  receipt_journal receipts;  ///< every receipt and correction, Idempotency-Keys, the audit trail
  ops::farm_metrics metrics{options.version};  ///< counted as requests finish, served at /metrics
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
  /// The public receipt page's pace per client address, and the pages already shown.
  peer_rate_limit receipt_page_pace{options.receipt_page_rate, std::max<std::uint32_t>(10, 2 * options.receipt_page_rate)};
  receipt_page_cache receipt_pages{1024};
  /// The API address's connection counts (set by the front once its server exists).
  std::function<ops::connection_counters()> api_connections;

  /// The base of check_url: options.public_url, or the listening address once bound.
  std::string public_url() const;
  void set_public_url(std::string url);

  /// `configure` per device serial, for `register` to use.
  std::optional<configuration_request> configuration_of(const std::string& serial) const;
  void store_configuration(const std::string& serial, configuration_request config);

 private:
  mutable std::mutex config_mutex_;
  std::string public_url_;  // under config_mutex_
  std::map<std::string, configuration_request> configurations_;
};

/// A route's handler body; exceptions become error answers.
using route_body = std::function<void(const httplib::Request&, httplib::Response&)>;
/// Wraps a body: request_error / api_exception / condition errors -> JSON error answers,
/// anything else -> 500.
httplib::Server::Handler guarded(route_body body);

query_map query_of(const httplib::Request& request);
/// 400 DataError naming the first parameter not in `known` (or given twice).
void check_query(const query_map& query, std::initializer_list<std::string_view> known);
std::optional<std::string> query_value(const query_map& query, const std::string& name);
bool query_flag(const query_map& query, const std::string& name);

void send_json(httplib::Response& response, int status, const std::string& body);
void send_error(httplib::Response& response, const api_error& error);

/// 403 unless ?mysecret= equals the configured secret (an empty configured secret
/// refuses every destructive operation).
void require_secret(const front_state& state, const query_map& query);

/// The path's {kkt_sn}: 404 unless a register of the farm has that serial (one question
/// to the broker).
std::string known_serial(front_state& state, const httplib::Request& request);

/// Runs one job on the register `serial` through the broker (its own queue: it waits up
/// to the job timeout for the register to finish what it runs) and returns the result;
/// a serial no register has is 404. Throws the mapped api_exception on any failure, after
/// logging it. `operation` names it in the log.
/// `wait`: how long it may wait for the register to be free (default: the job timeout).
/// `record`: set for a journaled job (a correction): see ask_broker_journaled.
/// `run_time`: how long the register may run the job (default: the job timeout), for a
/// job whose length grows with its input (a firmware file's blocks).
actors::broker_result run_on_register(front_state& state, const std::string& serial, jobs::job_spec spec,
                                      const std::string& operation,
                                      std::optional<std::chrono::milliseconds> wait = std::nullopt,
                                      const dispatch_recorder& record = {},
                                      std::optional<std::chrono::milliseconds> run_time = std::nullopt);

/// Runs an operation that changes a register for good (registration, re-registration,
/// closing the FN, an emergency shift close) and records it in the journal's audit trail
/// with its answer, whether it succeeded or not: `run` returns the 200 body or throws the
/// error answer, which is rethrown after it is recorded. An audit trail that cannot be
/// written is said on stderr; it does not change the answer (the register already acted).
std::string audited(front_state& state, const std::string& serial, const std::string& operation,
                    const std::function<std::string()>& run);

/// What the broker's answer says of the farm: its overload refusals counted in the
/// metrics, the register noted for the request log, a job's failure logged.
void note_broker_answer(front_state& state, const actors::broker_result& result);

/// The id of the HTTP request this thread serves (empty outside one): orders carry it so
/// that log lines about a job name the request.
std::string current_request_id();

/// The time budget of a broker request, derived from the configured job timeout and the
/// broker's margin: the request's deadline (as time left), each attempt's run time, and
/// how long the bridge waits for the broker's answer (longer than all the broker may
/// spend, so the broker's own answer always comes first).
struct request_budget {
  std::chrono::milliseconds time_left;
  std::chrono::milliseconds run_time;
  caf::timespan bridge_limit;
};
/// `run_time`: one attempt's run time when it is not the configured job timeout.
request_budget budget_for(const front_options& options, std::chrono::milliseconds wait4free, unsigned retry_count,
                          std::optional<std::chrono::milliseconds> run_time = std::nullopt);

}  // namespace ws::http::server
