#include "http/server/front.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <string>
#include <mutex>

#include <httplib.h>

#include "http/secret_compare.hpp"
#include "http/server/front_state.hpp"
#include "http/server/outcome_resolver.hpp"
#include "http/server/request_tracking.hpp"
#include "http/server/receipt_page.hpp"
#include "http/server/request_framing.hpp"
#include "http/server/routes.hpp"
#include "http/server/served_server.hpp"

namespace ws::http {

namespace {

using server::api_error;
using server::make_error;

/// Answers httplib's own refusals (no route, body too large, unreadable request) in the
/// API's JSON error shape; an answer a handler already wrote is left alone.
httplib::Server::HandlerResponse json_error_page(const httplib::Request&, httplib::Response& res) {
  if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
  api_error error;
  switch (res.status) {
    case 404: error = make_error(error_kind::not_found, "no such operation"); break;
    case 413: error = make_error(error_kind::payload_too_large, "the request body is over the limit"); break;
    case 400: error = make_error(error_kind::data_error, "malformed HTTP request"); break;
    default:
      // Another refusal of httplib's own (414 URI too long...): its status stays, the
      // table names it by class.
      error = make_error(res.status < 500 ? error_kind::data_error : error_kind::outcome_unknown,
                         "the request could not be served");
      error.status = res.status;
      break;
  }
  server::send_error(res, error);
  return httplib::Server::HandlerResponse::Handled;
}

/// How the request's body is framed, judged from its headers before a byte of the body
/// is read (the pre-routing handler runs before httplib reads it): a refusal, or nothing.
/// httplib 0.11.4 reads a too large announced body to its end before answering 413, and
/// reads chunked bodies without a bound; neither is needed by an API of small JSON bodies.
std::optional<api_error> body_framing_refusal(const httplib::Request& req, std::size_t max_body_bytes) {
  const bool chunked = req.has_header("Transfer-Encoding");
  const bool sized = req.has_header("Content-Length");
  if (chunked && sized)
    return make_error(error_kind::data_error, "Content-Length together with Transfer-Encoding: ambiguous framing");
  if (chunked) {
    api_error error = make_error(error_kind::data_error, "Transfer-Encoding is not accepted: send Content-Length");
    error.status = 411;
    return error;
  }
  if (!sized) return std::nullopt;
  const auto length = server::parse_content_length(req.get_header_value("Content-Length"));
  if (!length) return make_error(error_kind::data_error, "malformed Content-Length");
  if (*length > max_body_bytes)
    return make_error(error_kind::payload_too_large,
                      "the request body is over the limit (" + std::to_string(max_body_bytes) + " bytes)");
  return std::nullopt;
}

/// Every body the API takes is JSON: a body sent as anything else (a form, text) is
/// refused with 415 before it is read, whatever it holds.
std::optional<api_error> content_type_refusal(const httplib::Request& req) {
  const auto length = server::parse_content_length(req.get_header_value("Content-Length"));
  if (!length || *length == 0) return std::nullopt;
  std::string media = req.get_header_value("Content-Type");
  media = media.substr(0, media.find(';'));
  while (!media.empty() && (media.back() == ' ' || media.back() == '\t')) media.pop_back();
  std::transform(media.begin(), media.end(), media.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (media == "application/json") return std::nullopt;
  api_error error = make_error(error_kind::data_error, "the body must be JSON: send Content-Type: application/json");
  error.status = 415;
  return error;
}

}  // namespace

struct front::impl {
  impl(caf::actor_system& system, farm_handles farm, front_options options)
      : state(system, std::move(farm), std::move(options)),
        api(api_gate_of(state.options), tls_of(state.options)),
        ops(ops_gate()) {
    state.api_connections = [this] { return api.counters(); };
  }

  static server::gate_options api_gate_of(const front_options& options) {
    server::gate_options gate;
    gate.threads = std::max(1, options.threads);
    gate.max_body_bytes = options.max_body_bytes;
    gate.request_timeout = options.read_timeout;
    gate.idle_timeout = options.keep_alive_timeout;
    gate.write_timeout = options.write_timeout;
    gate.max_connections = options.max_connections;
    gate.max_connections_per_peer = options.max_connections_per_peer;
    return gate;
  }

  /// The operations address: a few threads, no bodies, short waits.
  static server::gate_options ops_gate() {
    server::gate_options gate;
    gate.threads = 4;
    gate.max_body_bytes = 0;
    gate.request_timeout = std::chrono::seconds(5);
    gate.idle_timeout = std::chrono::seconds(2);
    gate.write_timeout = std::chrono::seconds(5);
    gate.max_connections = 256;
    gate.max_connections_per_peer = 64;
    return gate;
  }

  static std::optional<server::tls_files> tls_of(const front_options& options) {
    if (!options.tls_certificate || !options.tls_key) return std::nullopt;
    return server::tls_files{*options.tls_certificate, *options.tls_key};
  }

  server::front_state state;
  /// Unknown and dispatched journal entries read from their registers' FNs (from start on).
  std::unique_ptr<server::outcome_resolver> resolver;
  server::served_server api;
  server::served_server ops;  ///< the operations address (ops.listen), when configured
  std::mutex mutex;
  bool running = false;

  void configure_api() {
    auto& http = api.http();
    const auto& options = state.options;
    // Threads and the read, write and idle deadlines are the connection gate's (api_gate_of);
    // the keep-alive settings here are what the answers announce.
    http.set_payload_max_length(options.max_body_bytes);
    http.set_keep_alive_timeout(static_cast<time_t>(options.keep_alive_timeout.count()));
    http.set_keep_alive_max_count(1000);
    http.set_tcp_nodelay(true);
    http.set_error_handler(httplib::Server::HandlerWithResponse(json_error_page));
    http.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
      server::finish_tracking(state.metrics, req, res);
    });
    std::optional<std::string> expected;
    if (options.api_token) expected = "Bearer " + *options.api_token;
    http.set_pre_routing_handler([expected, max_body = options.max_body_bytes](const httplib::Request& req,
                                                                               httplib::Response& res) {
      server::begin_tracking(req, res);
      auto refusal = body_framing_refusal(req, max_body);
      if (!refusal) refusal = content_type_refusal(req);
      if (refusal) {
        // The body is left unread: the connection must not be read on as if it ended.
        res.set_header("Connection", "close");
        server::send_error(res, *refusal);
        return httplib::Server::HandlerResponse::Handled;
      }
      // The receipt page is as public as the paper QR it is built from.
      if (!expected || req.path == server::receipt_page_path ||
          secret_equals(req.get_header_value("Authorization"), *expected))
        return httplib::Server::HandlerResponse::Unhandled;
      server::send_error(res, make_error(error_kind::forbidden, "missing or wrong API token"));
      return httplib::Server::HandlerResponse::Handled;
    });
    server::add_receipt_routes(http, state);
    server::add_status_routes(http, state);
    server::add_register_routes(http, state);
    server::add_fiscalisation_routes(http, state);
    server::add_admin_routes(http, state);
    server::add_openapi_route(http);
    server::add_ops_routes(http, state);
    server::add_receipt_page_route(http, state);
  }

  /// The operations address: the operator's pages only, no token, a few threads, no body.
  void configure_ops() {
    auto& http = ops.http();
    http.set_payload_max_length(0);
    http.set_keep_alive_timeout(2);
    http.set_tcp_nodelay(true);
    http.set_error_handler(httplib::Server::HandlerWithResponse(json_error_page));
    http.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
      server::finish_tracking(state.metrics, req, res);
    });
    http.set_pre_routing_handler([](const httplib::Request& req, httplib::Response& res) {
      server::begin_tracking(req, res);
      return httplib::Server::HandlerResponse::Unhandled;
    });
    server::add_ops_routes(http, state);
  }
};

front::front(caf::actor_system& system, farm_handles farm, front_options options)
    : impl_(std::make_unique<impl>(system, std::move(farm), std::move(options))) {
  impl_->configure_api();
  if (impl_->state.options.ops_listen) impl_->configure_ops();
}

front::~front() { stop(); }

std::uint16_t front::start() {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  const auto& options = impl_->state.options;
  if (impl_->running) return impl_->api.port();
  // Before the first request: registers with an entry to resolve are held from the start.
  impl_->resolver = std::make_unique<server::outcome_resolver>(impl_->state);
  // The listening address is check_url's base unless http.public-url names another; with
  // port 0 it is known once bound, so it is set before and, if need be, again after.
  const auto listening_url = [&](std::uint16_t port) {
    return std::string(options.tls_certificate ? "https://" : "http://") + options.host + ":" + std::to_string(port);
  };
  impl_->state.set_public_url(options.public_url.empty() ? listening_url(options.port) : options.public_url);
  impl_->api.start(options.host, options.port);
  if (options.public_url.empty() && options.port == 0) impl_->state.set_public_url(listening_url(impl_->api.port()));
  if (options.ops_listen) {
    try {
      impl_->ops.start(options.ops_listen->host, options.ops_listen->port);
    } catch (...) {
      impl_->api.stop();
      throw;
    }
  }
  impl_->running = true;
  return impl_->api.port();
}

void front::stop() {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  if (!impl_->running) return;
  impl_->ops.stop();
  impl_->api.stop();
  impl_->resolver.reset();
  impl_->running = false;
}

std::uint16_t front::port() const { return impl_->api.port(); }

std::uint16_t front::ops_port() const { return impl_->ops.port(); }

ops::connection_counters front::connection_counters() const { return impl_->api.counters(); }

}  // namespace ws::http
