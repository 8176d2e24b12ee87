// whitespirit_config::read_settings: the parsed values, checked key by key, as settings.

#include <filesystem>
#include <set>
#include <system_error>

#include <unistd.h>

#include "protocol/ffd/inn.hpp"
#include "config/registers_list.hpp"
#include "config/whitespirit_config.hpp"

#include <optional>
#include <utility>

namespace ws::config {

namespace {

using std::chrono::duration_cast;
using std::chrono::nanoseconds;

/// "250ms", "2s", "15min": the way a user writes it in the INI file.
std::string duration_text(caf::timespan t) {
  const auto ns = t.count();
  if (ns % 60'000'000'000 == 0 && ns != 0) return std::to_string(ns / 60'000'000'000) + "min";
  if (ns % 1'000'000'000 == 0) return std::to_string(ns / 1'000'000'000) + "s";
  if (ns % 1'000'000 == 0) return std::to_string(ns / 1'000'000) + "ms";
  return std::to_string(ns) + "ns";
}

/// Checks lo <= value <= hi, naming the key.
class checker {
 public:
  explicit checker(config_errors& errors) : errors_(errors) {}

  template <class Out>
  Out integer(const std::string& key, std::int64_t value, std::int64_t lo, std::int64_t hi) {
    if (value < lo || value > hi) {
      errors_.push_back({key, std::to_string(value) + " out of range (" + std::to_string(lo) + " to " +
                                  std::to_string(hi) + ")"});
      return Out{};
    }
    return static_cast<Out>(value);
  }

  template <class Out>
  Out duration(const std::string& key, caf::timespan value, caf::timespan lo, caf::timespan hi) {
    if (value < lo || value > hi) {
      errors_.push_back({key, duration_text(value) + " out of range (" + duration_text(lo) + " to " +
                                  duration_text(hi) + ")"});
      return Out{};
    }
    return duration_cast<Out>(value);
  }

  /// Whole seconds for the HTTP front, which counts in seconds.
  std::chrono::seconds seconds(const std::string& key, caf::timespan value, caf::timespan lo, caf::timespan hi) {
    const auto out = duration<std::chrono::seconds>(key, value, lo, hi);
    if (value >= lo && value <= hi && nanoseconds(out) != value)
      errors_.push_back({key, duration_text(value) + " is not a whole number of seconds"});
    return out;
  }

  void text(const std::string& key, const std::string& value, std::size_t max_size) {
    if (value.empty()) errors_.push_back({key, "empty"});
    else if (value.size() > max_size)
      errors_.push_back({key, "longer than " + std::to_string(max_size) + " bytes"});
  }

  void add(const std::string& key, std::string message) { errors_.push_back({key, std::move(message)}); }

 private:
  config_errors& errors_;
};

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

/// The API's taxation_type names.
const std::set<std::string> tax_mode_names{"OSN",           "USN_income",      "USN_income_minus_charge",
                                           "ESN_calc_income", "ESN_agriculture", "patent"};

/// "host:port" as an endpoint; nullopt (with an error naming `key`) when it is not one.
std::optional<endpoint> read_endpoint(checker& check, const std::string& key, const std::string& text,
                                      std::uint16_t lowest_port) {
  const auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == text.size()) {
    check.add(key, "\"" + text + "\" is not host:port");
    return std::nullopt;
  }
  const std::string digits = text.substr(colon + 1);
  if (digits.size() > 5 || digits.find_first_not_of("0123456789") != std::string::npos) {
    check.add(key, "\"" + text + "\" is not host:port");
    return std::nullopt;
  }
  const auto port = std::stol(digits);
  if (port < lowest_port || port > 65535) {
    check.add(key, "port " + digits + " out of range (" + std::to_string(lowest_port) + " to 65535)");
    return std::nullopt;
  }
  return endpoint{text.substr(0, colon), static_cast<std::uint16_t>(port)};
}

std::string host_name() {
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) != 0 || name[0] == 0) return "localhost";
  return name;
}

}  // namespace

cluster_settings whitespirit_config::read_cluster(config_errors& errors) const {
  const values& v = values_;
  checker check(errors);
  cluster_settings c;
  if (v.cluster_role == "standalone") c.role = cluster_role::standalone;
  else if (v.cluster_role == "front") c.role = cluster_role::front;
  else if (v.cluster_role == "node") c.role = cluster_role::node;
  else check.add("cluster.role", "\"" + v.cluster_role + "\" is none of standalone, front, node");
  for (std::size_t i = 0; i < v.cluster_fronts.size(); ++i)
    if (auto front = read_endpoint(check, "cluster.fronts[" + std::to_string(i) + "]", v.cluster_fronts[i], 1))
      c.fronts.push_back(*front);
  if (c.role == cluster_role::node && v.cluster_fronts.empty())
    check.add("cluster.fronts", "empty: a node needs at least one front (e.g. [\"127.0.0.1:7420\"])");
  if (auto listen = read_endpoint(check, "cluster.listen", v.cluster_listen, 0)) c.listen = *listen;
  c.name = v.cluster_name.empty() ? host_name() : v.cluster_name;
  if (c.name.size() > 64 || c.name.find_first_of(" /\"\\") != std::string::npos)
    check.add("cluster.name", "\"" + c.name + "\": at most 64 characters, no spaces, quotes or slashes");
  c.insecure = v.cluster_insecure;
  c.heartbeat_interval =
      check.duration<milliseconds>("cluster.heartbeat-interval", v.heartbeat_interval, milliseconds(10), seconds(10));
  c.heartbeat_timeout =
      check.duration<milliseconds>("cluster.heartbeat-timeout", v.heartbeat_timeout, milliseconds(20), minutes(1));
  if (v.heartbeat_timeout < 2 * v.heartbeat_interval)
    check.add("cluster.heartbeat-timeout", "shorter than twice cluster.heartbeat-interval");
  c.retry_interval =
      check.duration<milliseconds>("cluster.retry-interval", v.cluster_retry_interval, milliseconds(100), minutes(10));
  // Mutual TLS through CAF's openssl module, configured with CAF's own keys.
  if (c.role != cluster_role::standalone && !c.insecure) {
    const std::pair<const char*, const std::string*> needed[] = {
        {"openssl.certificate", &openssl_certificate}, {"openssl.key", &openssl_key}, {"openssl.cafile", &openssl_cafile}};
    for (const auto& [key, value] : needed) {
      if (value->empty())
        check.add(key, "missing: cluster links use mutual TLS (scripts/cluster-certs.sh makes the files), or set "
                       "cluster.insecure for plain TCP on a trusted network");
      else if (access(value->c_str(), R_OK) != 0)
        check.add(key, "cannot read " + *value);
    }
  }
  return c;
}

whitespirit_settings whitespirit_config::read_settings(config_errors& errors) const {
  const values& v = values_;
  checker check(errors);
  whitespirit_settings s;
  s.registers = read_registers(v.registers, errors);

  s.http.host = v.http_host;
  check.text("http.host", v.http_host, 255);
  s.http.port = check.integer<std::uint16_t>("http.port", v.http_port, 0, 65535);
  s.http.threads = check.integer<int>("http.threads", v.http_threads, 1, 1024);
  s.http.max_body_bytes = check.integer<std::size_t>("http.max-body-bytes", v.http_max_body_bytes, 1024, 64 << 20);
  s.http.read_timeout = check.seconds("http.read-timeout", v.http_read_timeout, seconds(1), minutes(10));
  s.http.write_timeout = check.seconds("http.write-timeout", v.http_write_timeout, seconds(1), minutes(10));
  s.http.keep_alive_timeout =
      check.seconds("http.keep-alive-timeout", v.http_keep_alive_timeout, seconds(1), minutes(10));
  s.http.max_connections =
      check.integer<std::size_t>("http.max-connections", v.http_max_connections, 16, 1'000'000);
  s.http.max_connections_per_peer = check.integer<std::size_t>(
      "http.max-connections-per-peer", v.http_max_connections_per_peer, 1, 1'000'000);
  s.http.job_timeout = check.seconds("http.job-timeout", v.http_job_timeout, seconds(1), hours(1));
  s.http.max_wait4free = check.seconds("http.max-wait4free", v.http_max_wait4free, seconds(0), hours(1));
  s.http.public_url = v.http_public_url;
  s.http.receipt_page_rate =
      check.integer<std::uint32_t>("http.receipt-page-rate", v.http_receipt_page_rate, 0, 1'000'000);
  while (!s.http.public_url.empty() && s.http.public_url.back() == '/') s.http.public_url.pop_back();
  if (!s.http.public_url.empty()) {
    check.text("http.public-url", s.http.public_url, 200);
    if (s.http.public_url.rfind("http://", 0) != 0 && s.http.public_url.rfind("https://", 0) != 0)
      check.add("http.public-url", "\"" + v.http_public_url + "\" is not an http:// or https:// URL");
  }

  s.secrets.mysecret = v.mysecret;
  if (!v.api_token.empty()) s.secrets.api_token = v.api_token;
  s.firmware.dir = v.firmware_dir;
  if (!v.firmware_dir.empty()) {
    std::error_code ec;
    if (!std::filesystem::is_directory(v.firmware_dir, ec))
      check.add("firmware.dir", "\"" + v.firmware_dir + "\" is not a folder");
  }

  s.broker.max_waiting = check.integer<std::size_t>("broker.max-waiting", v.broker_max_waiting, 1, 1'000'000);
  s.broker.request_margin =
      check.duration<milliseconds>("broker.request-margin", v.broker_request_margin, milliseconds(100), minutes(1));

  if (const auto level = shtrih::low_level_from_name(v.link_protocol))
    s.link.protocol = *level;
  else
    check.add("link.protocol", "\"" + v.link_protocol + "\" is neither standard nor packet");
  s.link.byte_timeout = check.duration<milliseconds>("link.byte-timeout", v.link_byte_timeout, milliseconds(1), seconds(1));
  s.link.ack_timeout =
      check.duration<milliseconds>("link.ack-timeout", v.link_ack_timeout, milliseconds(10), minutes(1));
  s.link.max_retries = check.integer<int>("link.max-retries", v.link_max_retries, 0, 100);

  s.register_timing.poll_interval =
      check.duration<milliseconds>("register.poll-interval", v.poll_interval, milliseconds(10), hours(1));
  s.register_timing.health_interval =
      check.duration<milliseconds>("register.health-interval", v.health_interval, milliseconds(10), hours(24));
  s.register_timing.reconnect_min =
      check.duration<milliseconds>("register.reconnect-min", v.reconnect_min, milliseconds(10), hours(1));
  s.register_timing.reconnect_max =
      check.duration<milliseconds>("register.reconnect-max", v.reconnect_max, milliseconds(10), hours(1));
  if (v.reconnect_max < v.reconnect_min)
    check.add("register.reconnect-max", "shorter than register.reconnect-min");

  s.supervision.restart_budget = check.integer<int>("supervision.restart-budget", v.restart_budget, 0, 1000);
  s.supervision.budget_window =
      check.duration<milliseconds>("supervision.budget-window", v.budget_window, seconds(1), hours(24));
  s.supervision.restart_min =
      check.duration<milliseconds>("supervision.restart-min", v.restart_min, milliseconds(1), hours(1));
  s.supervision.restart_max =
      check.duration<milliseconds>("supervision.restart-max", v.restart_max, milliseconds(1), hours(1));
  if (v.restart_max < v.restart_min) check.add("supervision.restart-max", "shorter than supervision.restart-min");

  if (v.shift_policy == "manage" || v.shift_policy == "off")
    s.shift.manage = v.shift_policy == "manage";
  else
    check.add("shift.policy", "\"" + v.shift_policy + "\" is neither manage nor off");
  s.shift.renew_margin =
      check.duration<std::chrono::minutes>("shift.renew-margin", v.shift_renew_margin, minutes(0), hours(23));
  if (v.shift_renew_margin >= minutes(0) && v.shift_renew_margin <= hours(23) &&
      std::chrono::duration_cast<std::chrono::minutes>(v.shift_renew_margin) != v.shift_renew_margin)
    check.add("shift.renew-margin", "not a whole number of minutes");

  s.journal.path = v.journal_path.empty() ? v.embedded_dir + "/journal.db" : v.journal_path;
  check.text("journal.path", s.journal.path, 400);
  s.journal.retention = check.duration<std::chrono::hours>("journal.retention", v.journal_retention, hours(1), hours(24 * 3660));
  if (v.journal_retention >= hours(1) && std::chrono::duration_cast<std::chrono::hours>(v.journal_retention) != v.journal_retention)
    check.add("journal.retention", "not a whole number of hours");

  if (!v.ops_listen.empty()) {
    const auto colon = v.ops_listen.rfind(':');
    const std::string port = colon == std::string::npos ? std::string{} : v.ops_listen.substr(colon + 1);
    const bool digits = !port.empty() && port.size() <= 5 && port.find_first_not_of("0123456789") == std::string::npos;
    if (colon == 0 || !digits || std::stol(port) > 65535)
      check.add("ops.listen", "\"" + v.ops_listen + "\" is not host:port (e.g. 127.0.0.1:9100)");
    else {
      s.ops.host = v.ops_listen.substr(0, colon);
      s.ops.port = static_cast<std::uint16_t>(std::stol(port));
    }
  }
  if (v.log_format == "text" || v.log_format == "json")
    s.log.format_ = v.log_format == "json" ? log_settings::format::json : log_settings::format::text;
  else
    check.add("log.format", "\"" + v.log_format + "\" is neither text nor json");
  if (v.log_level == "debug") s.log.level_ = log_settings::level::debug;
  else if (v.log_level == "info") s.log.level_ = log_settings::level::info;
  else if (v.log_level == "warn") s.log.level_ = log_settings::level::warn;
  else if (v.log_level == "error") s.log.level_ = log_settings::level::error;
  else check.add("log.level", "\"" + v.log_level + "\" is not one of debug, info, warn, error");
  s.tls.certificate = v.tls_certificate;
  s.tls.key = v.tls_key;
  if (v.tls_certificate.empty() != v.tls_key.empty())
    check.add(v.tls_key.empty() ? "http.tls.key" : "http.tls.certificate",
              "missing: http.tls.certificate and http.tls.key go together");
  s.embedded_enabled = v.embedded_enabled;
  if (s.registers.empty() && !v.embedded_enabled && v.registers.empty())
    check.add("registers", "none configured, and embedded.enabled is false (no emulated registers either): "
                           "nothing to run; list the farm's registers");

  s.embedded.dir = v.embedded_dir;
  check.text("embedded.dir", v.embedded_dir, 200);
  s.embedded.devices = check.integer<int>("embedded.devices", v.embedded_devices, 1, 1000);
  s.embedded.byte_timeout =
      check.duration<milliseconds>("embedded.byte-timeout", v.embedded_byte_timeout, milliseconds(1), seconds(1));
  s.embedded.firm_inn = v.firm_inn;
  if (!ffd::inn_checksum_ok(v.firm_inn))
    check.add("embedded.firm-inn", "\"" + v.firm_inn + "\" is not an INN (10 or 12 digits with valid check digits)");
  s.embedded.firm_name = v.firm_name;
  check.text("embedded.firm-name", v.firm_name, 256);
  s.embedded.firm_address = v.firm_address;
  check.text("embedded.firm-address", v.firm_address, 256);
  s.embedded.tax_modes = v.tax_modes;
  if (v.tax_modes.empty()) check.add("embedded.tax-modes", "empty (at least one, e.g. [\"OSN\"])");
  s.embedded.serial_base =
      check.integer<std::uint64_t>("embedded.serial-base", v.serial_base, 1, 9'000'000'000'000'000LL);
  s.cluster = read_cluster(errors);
  std::set<std::string> seen;
  for (std::size_t i = 0; i < v.tax_modes.size(); ++i) {
    const std::string key = "embedded.tax-modes[" + std::to_string(i) + "]";
    if (tax_mode_names.count(v.tax_modes[i]) == 0)
      check.add(key, "\"" + v.tax_modes[i] + "\" is not a taxation system (OSN, USN_income, "
                                             "USN_income_minus_charge, ESN_calc_income, ESN_agriculture, patent)");
    else if (!seen.insert(v.tax_modes[i]).second)
      check.add(key, "\"" + v.tax_modes[i] + "\" given twice");
  }
  return s;
}

}  // namespace ws::config
