#include "config/whitespirit_config.hpp"

#include <fstream>
#include <functional>
#include <iterator>
#include <optional>
#include <sstream>

#include <caf/config_option.hpp>
#include <caf/config_option_adder.hpp>
#include <caf/pec.hpp>
#include <caf/settings.hpp>

namespace ws::config {

namespace {

// ---- the registers option: a list of dictionaries ----
// CAF 0.17 has no built-in option type for a list of config values (its traits stop at
// lists of typed elements), so this option carries its own meta state: the value stays
// a caf::config_value::list, read entry by entry in registers_list.cpp.

caf::error check_list(const caf::config_value& x) {
  return caf::holds_alternative<caf::config_value::list>(x) ? caf::error{} : caf::make_error(caf::pec::type_mismatch);
}

void store_list(void* target, const caf::config_value& x) {
  *static_cast<caf::config_value::list*>(target) = caf::get<caf::config_value::list>(x);
}

caf::config_value get_list(const void* source) {
  return caf::config_value{*static_cast<const caf::config_value::list*>(source)};
}

caf::expected<caf::config_value> parse_list(void* target, caf::string_view text) {
  auto value = caf::config_value::parse(text);
  if (!value) return std::move(value.error());
  if (auto err = check_list(*value)) return err;
  if (target != nullptr) store_list(target, *value);
  return value;
}

const caf::config_option::meta_state list_of_dictionaries{check_list, store_list, get_list, parse_list,
                                                          "list of dictionaries"};

// ---- reading CAF's parser errors ----

/// The "argument" (command line) CAF attaches to a parser error, if any.
std::optional<std::string> failed_argument(const caf::error& err) {
  const caf::message& context = err.context();
  if (!context.match_elements<caf::settings>()) return std::nullopt;
  if (auto argument = caf::get_if<std::string>(&context.get_as<caf::settings>(0), "argument")) return *argument;
  return std::nullopt;
}

/// "line 3, column 1" of an INI parser error.
std::string file_position(const caf::error& err) {
  const caf::message& context = err.context();
  if (!context.match_elements<caf::settings>()) return {};
  const auto& where = context.get_as<caf::settings>(0);
  auto line = caf::get_if<std::int64_t>(&where, "line");
  auto column = caf::get_if<std::int64_t>(&where, "column");
  if (!line) return {};
  return "line " + std::to_string(*line) + (column ? ", column " + std::to_string(*column) : "");
}

std::string text_of(caf::string_view text) { return std::string(text.begin(), text.end()); }

std::string pec_text(const caf::error& err) {
  if (err.category() != caf::atom("parser")) return caf::to_string(err);
  std::string text = caf::to_string(static_cast<caf::pec>(err.code()));
  for (auto& c : text)
    if (c == '_') c = ' ';
  return text;
}

/// The key of `--http.port=7` / `--http.port`: "http.port".
std::string key_of_argument(const std::string& argument) {
  std::string key = argument.rfind("--", 0) == 0 ? argument.substr(2) : argument;
  return key.substr(0, key.find('='));
}

std::string value_of_argument(const std::string& argument) {
  const auto at = argument.find('=');
  return at == std::string::npos ? std::string{} : argument.substr(at + 1);
}

/// The value of --config-file in `args`, if given.
std::optional<std::string> config_file_argument(const std::vector<std::string>& args) {
  const std::string flag = "--config-file";
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i].rfind(flag + "=", 0) == 0) return args[i].substr(flag.size() + 1);
    if (args[i] == flag && i + 1 < args.size()) return args[i + 1];
  }
  return std::nullopt;
}

}  // namespace

std::string load_result::errors_text() const {
  std::string out;
  for (const auto& e : errors) out += e.text() + "\n";
  return out;
}

whitespirit_config::whitespirit_config() {
  declare_options();
  // CAF's default work-stealing workers look for work in up to 500 sleeps of 50 µs
  // before they wait: under the farm's load (short jobs every few hundred microseconds)
  // those sleeps were 16 % of whitespirit's CPU (clock_nanosleep, bench/profile.sh). A
  // shared queue wakes a worker when work comes and costs nothing while there is none:
  // 30 % more receipts/s at 32 registers, 10-13 % less CPU per receipt (bench/README.md).
  // --scheduler.policy=stealing (or [scheduler] policy in the file) still chooses.
  set("scheduler.policy", caf::atom("sharing"));
  // One worker: the shared queue is a mutex and a condition variable, and a second worker
  // contending for them was the largest source of futex calls per receipt (perf on
  // sys_enter_futex). One worker does a farm's actor work with room to spare: 12-20 % less
  // CPU per receipt at 32 registers and at 1,000 x 1 s, the same efficiency
  // (bench/README.md). A node with far more registers may raise scheduler.max-threads.
  set("scheduler.max-threads", std::size_t{1});
}

void whitespirit_config::declare_options() {
  auto& v = values_;
  custom_options_.add(caf::config_option{"global", "registers",
                                         "the farm's registers: [{serial=\"...\", port=\"/dev/ttyUSB0\", baud=115200, "
                                         "groups=[\"A\"]}, ...]; none: the embedded default",
                                         &list_of_dictionaries, &v.registers});
  opt_group{custom_options_, "http"}
      .add(v.http_host, "host", "address the REST API listens on")
      .add(v.http_port, "port", "TCP port of the REST API (0: any free port)")
      .add(v.http_threads, "threads", "requests served at once (handler threads)")
      .add(v.http_max_body_bytes, "max-body-bytes", "largest request body (413 above)")
      .add(v.http_read_timeout, "read-timeout", "a request's head and body must arrive within it (408 after)")
      .add(v.http_write_timeout, "write-timeout", "longest wait to write an answer")
      .add(v.http_keep_alive_timeout, "keep-alive-timeout", "idle keep-alive connections close after it")
      .add(v.http_max_connections, "max-connections",
           "connections held at once (one more: 503); at most the open-file limit allows")
      .add(v.http_max_connections_per_peer, "max-connections-per-peer",
           "connections held at once from one client address (one more: 503)")
      .add(v.http_job_timeout, "job-timeout", "longest one register may spend on one attempt of a job")
      .add(v.http_max_wait4free, "max-wait4free", "cap on a client's wait4free")
      .add(v.http_public_url, "public-url",
           "the base of every receipt's check_url, as buyers reach the farm, e.g. https://receipts.example.ru "
           "(empty: the listening address)")
      .add(v.http_receipt_page_rate, "receipt-page-rate",
           "receipt pages (GET /check) one client address may ask a second, bursts of twice as many (0: no limit)");
  opt_group{custom_options_, "http.tls"}
      .add(v.tls_certificate, "certificate", "PEM certificate (chain) of the REST API: HTTPS (empty: plain HTTP)")
      .add(v.tls_key, "key", "PEM private key of http.tls.certificate");
  opt_group{custom_options_, "ops"}
      .add(v.ops_listen, "listen", "host:port of the operations address: /metrics without the API token (empty: none)");
  opt_group{custom_options_, "log"}
      .add(v.log_format, "format", "text or json (JSON lines for log collectors), on standard error")
      .add(v.log_level, "level", "debug, info, warn or error: events under it are not written");
  opt_group{custom_options_, "secrets"}
      .add(v.mysecret, "mysecret", "secret the destructive operations need (empty: always refused)")
      .add(v.api_token, "api-token", "bearer token every request needs (empty: none)");
  opt_group{custom_options_, "firmware"}
      .add(v.firmware_dir, "dir",
           "folder of the loader and firmware files upgrade writes to a register's SD card (empty: upgrade refused)");
  opt_group{custom_options_, "broker"}
      .add(v.broker_max_waiting, "max-waiting", "waiting jobs over all queues (503 beyond)")
      .add(v.broker_request_margin, "request-margin", "added to a job's run timeout for the register's answer");
  opt_group{custom_options_, "link"}
      .add(v.link_protocol, "protocol",
           "Shtrih-M low level of the registers' lines: standard (ENQ/ACK/NAK) or packet (numbered packets)")
      .add(v.link_byte_timeout, "byte-timeout", "Shtrih-M byte timeout of the registers' lines")
      .add(v.link_ack_timeout, "ack-timeout", "wait for ACK/NAK after ENQ or a frame")
      .add(v.link_max_retries, "max-retries", "repeats of ENQ or a frame before the link gives up");
  opt_group{custom_options_, "register"}
      .add(v.poll_interval, "poll-interval", "idle status poll of a ready register")
      .add(v.health_interval, "health-interval",
           "longest wait between reads of the OFD backlog (FF39h) of an idle register")
      .add(v.reconnect_min, "reconnect-min", "first reconnect delay of an offline register")
      .add(v.reconnect_max, "reconnect-max", "longest reconnect delay");
  opt_group{custom_options_, "supervision"}
      .add(v.restart_budget, "restart-budget", "restarts of a crashed register within budget-window")
      .add(v.budget_window, "budget-window", "window of the restart budget")
      .add(v.restart_min, "restart-min", "first restart delay")
      .add(v.restart_max, "restart-max", "longest restart delay");
  opt_group{custom_options_, "shift"}
      .add(v.shift_policy, "policy",
           "manage: a receipt opens a closed shift and renews one near 24 h; off: WrongKKTState instead")
      .add(v.shift_renew_margin, "renew-margin", "a shift that would pass 24 h within this is renewed first");
  opt_group{custom_options_, "journal"}
      .add(v.journal_path, "path", "the journal's SQLite file (default: journal.db in embedded.dir)")
      .add(v.journal_retention, "retention", "journal entries and audit records older than this are pruned");
  opt_group{custom_options_, "embedded"}
      .add(v.embedded_enabled, "enabled",
           "with no registers configured: true starts the emulated registers, false refuses to start")
      .add(v.embedded_dir, "dir", "folder of the embedded default's emulated registers")
      .add(v.embedded_devices, "devices", "emulated registers of the embedded default")
      .add(v.embedded_byte_timeout, "byte-timeout", "byte timeout of the emulated lines (both ends in-process)")
      .add(v.firm_inn, "firm-inn", "INN the emulated registers are fiscalised for")
      .add(v.firm_name, "firm-name", "the demo firm's name (FFD tag 1048; the FN stores CP866: no «» quotes)")
      .add(v.firm_address, "firm-address", "the demo firm's settlement address (FFD tag 1009)")
      .add(v.tax_modes, "tax-modes", "taxation systems of the registration: OSN, USN_income, ...")
      .add(v.serial_base, "serial-base",
           "serial number of the first emulated register created (register k: serial-base + k - 1)");
  opt_group{custom_options_, "cluster"}
      .add(v.cluster_role, "role", "standalone (one process), front (REST API and broker) or node (registers)")
      .add(v.cluster_fronts, "fronts", "node: the fronts it joins, [\"host:port\", ...]")
      .add(v.cluster_listen, "listen", "front: host:port where nodes connect (port 0: any free one)")
      .add(v.cluster_name, "name", "this process's name in the cluster, unique (default: the host name)")
      .add(v.cluster_insecure, "insecure", "plain TCP cluster links without TLS (trusted networks, tests)")
      .add(v.heartbeat_interval, "heartbeat-interval", "a node's heartbeat to each front")
      .add(v.heartbeat_timeout, "heartbeat-timeout", "silence after which a node (or its front) counts as lost")
      .add(v.cluster_retry_interval, "retry-interval", "a node retries an unreachable front this often");
}

load_result whitespirit_config::load(const std::vector<std::string>& args) {
  const auto path = config_file_argument(args);
  if (!path) return load(args, std::string{});
  std::ifstream file(*path);
  if (!file) {
    load_result failed;
    failed.errors.push_back({"config-file", "cannot open " + *path});
    return failed;
  }
  const std::string text{std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
  return load(args, text);
}

load_result whitespirit_config::load(const std::vector<std::string>& args, const std::string& ini_text) {
  load_result result;
  // The file as written, before CAF's typed reading drops what does not fit an option.
  std::istringstream raw_source(ini_text);
  auto file = parse_config(raw_source);
  if (!file) {
    const std::string where = file_position(file.error());
    result.errors.push_back(
        {"config-file", (where.empty() ? "" : where + ": ") + pec_text(file.error())});
    return result;
  }
  check_file_keys(*file, result.errors);

  std::istringstream ini(ini_text);
  if (auto err = parse(args, ini)) {
    if (auto argument = failed_argument(err)) {
      const std::string key = key_of_argument(*argument);
      const auto code = static_cast<caf::pec>(err.code());
      auto* option = custom_options_.cli_long_name_lookup(key);
      if (code == caf::pec::not_an_option && argument->rfind("-", 0) == 0)
        result.errors.push_back({key, "unknown key (" + *argument + ")"});
      else if (code == caf::pec::not_an_option)
        result.errors.push_back({*argument, "unexpected argument (options are --key=value)"});
      else if (option != nullptr && option->is_flag() && code == caf::pec::illegal_argument)
        result.errors.push_back({key, "a switch: write --" + key + " to turn it on, with no value"});
      else if (option != nullptr)
        result.errors.push_back({key, "cannot read \"" + value_of_argument(*argument) + "\" as " +
                                          text_of(option->type_name()) + " (" + pec_text(err) + ")"});
      else
        result.errors.push_back({key, pec_text(err)});
    } else {
      result.errors.push_back({"command line", pec_text(err)});
    }
    return result;
  }
  if (cli_helptext_printed) {
    result.outcome = load_outcome::done;
    return result;
  }
  for (const auto& extra : remainder) result.errors.push_back({extra, "unexpected argument (options are --key=value)"});
  take_nested_file_values(*file, args);
  result.settings = read_settings(result.errors);
  result.outcome = result.errors.empty() ? load_outcome::run : load_outcome::invalid;
  return result;
}

caf::settings whitespirit_config::dump_content() const {
  caf::settings dumped = caf::actor_system_config::dump_content();
  const auto redact = [&dumped](caf::string_view group, caf::string_view key) {
    const auto found = dumped.find(group);
    if (found == dumped.end()) return;
    auto* settings = caf::get_if<caf::settings>(&found->second);
    if (!settings) return;
    const auto value = settings->find(key);
    if (value == settings->end()) return;
    const auto* text = caf::get_if<std::string>(&value->second);
    if (!text || !text->empty()) value->second = caf::config_value{std::string("REDACTED")};
  };
  redact("secrets", "mysecret");
  redact("secrets", "api-token");
  redact("openssl", "passphrase");
  return dumped;
}

void whitespirit_config::take_nested_file_values(const caf::settings& file, const std::vector<std::string>& args) {
  // CAF 0.17 reads the options of a nested category (http.tls) from the command line but
  // not from an INI section [http.tls]: those are taken here, unless the command line
  // gave them (it overrides the file, as for every other key).
  const auto from_file = [&](const char* section, const char* nested, const char* key, std::string& target) {
    const std::string flag = std::string("--") + section + "." + nested + "." + key;
    for (const auto& arg : args)
      if (arg == flag || arg.rfind(flag + "=", 0) == 0) return;
    if (const auto value = caf::get_if<std::string>(&file, std::string(section) + "." + nested + "." + key))
      target = *value;
  };
  from_file("http", "tls", "certificate", values_.tls_certificate);
  from_file("http", "tls", "key", values_.tls_key);
}

void whitespirit_config::check_file_keys(const caf::settings& file, config_errors& errors) const {
  auto check = [&](const std::string& category, const std::string& name, const caf::config_value& value) {
    const std::string key = category == "global" ? name : category + "." + name;
    const caf::config_option* option = custom_options_.qualified_name_lookup(category, name);
    if (option == nullptr) return errors.push_back({key, "unknown key"});
    if (option->check(value)) errors.push_back({key, "expected " + text_of(option->type_name()) + ", got " + caf::to_string(value)});
  };
  // A section may hold sections of its own: [http.tls] is http's tls section.
  std::function<void(const std::string&, const caf::settings&)> check_section = [&](const std::string& category,
                                                                                    const caf::settings& section) {
    for (const auto& [key, entry] : section) {
      const auto* nested = caf::get_if<caf::settings>(&entry);
      if (nested != nullptr && custom_options_.qualified_name_lookup(category, key) == nullptr)
        check_section(category + "." + key, *nested);
      else
        check(category, key, entry);
    }
  };
  for (const auto& [name, value] : file) {
    const auto* section = caf::get_if<caf::settings>(&value);
    if (section == nullptr || custom_options_.qualified_name_lookup("global", name) != nullptr) {
      check("global", name, value);
      continue;
    }
    check_section(name, *section);
  }
}

}  // namespace ws::config
