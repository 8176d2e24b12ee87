#pragma once
// The configuration of the `whitespirit` program: CAF's own actor_system_config with the
// farm's options added, so one INI file (named by --config-file) and the command line set
// both CAF (scheduler, logger, ...) and the farm, and every key can be overridden on the
// command line (`--http.port=9090`, `--registers=[{port="/dev/ttyUSB0"}]`). --help and
// --dump-config come with CAF.
//
// Keys (INI section.key; the registers list is a top-level key):
//   registers = [{serial="0000000000000001", port="/dev/ttyUSB0", baud=115200, groups=["A"]}, ...]
//   http.host .port .threads .max-body-bytes .read-timeout .write-timeout
//       .keep-alive-timeout .job-timeout .max-wait4free
//   secrets.mysecret .api-token        firmware.dir
//   broker.max-waiting .request-margin
//   link.protocol .byte-timeout .ack-timeout .max-retries
//   register.poll-interval .health-interval .reconnect-min .reconnect-max
//   supervision.restart-budget .budget-window .restart-min .restart-max
//   embedded.dir .devices .byte-timeout .firm-inn .firm-name .firm-address .tax-modes
//   journal.path .retention
//   cluster.role .fronts .listen .name .insecure .heartbeat-interval .heartbeat-timeout
//       .retry-interval   (TLS: CAF's own openssl.certificate .key .cafile .passphrase)
//   embedded.serial-base
//   ops.listen        log.format .level        http.tls.certificate .key    embedded.enabled
//
// load() reports every problem at once, each naming its key: unknown keys, values of the
// wrong type (CAF itself would silently drop those from an INI file), values out of
// range, and the registers list entry by entry (`registers[2].port: missing`).

#include <string>
#include <vector>

#include <caf/actor_system_config.hpp>
#include <caf/config_value.hpp>

#include "config/config_error.hpp"
#include "config/settings.hpp"

namespace ws::config {

enum class load_outcome {
  run,      ///< settings are valid: start the program
  done,     ///< --help, --long-help or --dump-config was printed: exit 0
  invalid,  ///< errors name what is wrong: exit 2
};

struct load_result {
  load_outcome outcome = load_outcome::invalid;
  whitespirit_settings settings;  ///< valid when outcome == run
  config_errors errors;
  /// One error per line, for standard error.
  std::string errors_text() const;
};

class whitespirit_config : public caf::actor_system_config {
 public:
  whitespirit_config();
  // The declared options point into this object: it must not move.
  whitespirit_config(whitespirit_config&&) = delete;
  whitespirit_config& operator=(whitespirit_config&&) = delete;

  /// Reads the command line (without the program name). `--config-file=PATH` (or
  /// `--config-file PATH`) names the INI file; without it there is no file at all (CAF's
  /// caf-application.ini is not looked for): defaults and the command line only.
  load_result load(const std::vector<std::string>& args);
  /// As above with the INI text given directly (`--config-file` is then not opened).
  load_result load(const std::vector<std::string>& args, const std::string& ini_text);

  /// What --dump-config prints: every setting, with the secrets (secrets.*, the TLS key's
  /// passphrase) shown as REDACTED when set, so the output can be pasted anywhere.
  caf::settings dump_content() const override;

 private:
  struct values {
    caf::config_value::list registers;
    std::string http_host = "127.0.0.1";
    std::int64_t http_port = 8080;
    std::int64_t http_threads = 64;
    std::int64_t http_max_body_bytes = 1 << 20;
    caf::timespan http_read_timeout = std::chrono::seconds(10);
    caf::timespan http_write_timeout = std::chrono::seconds(10);
    caf::timespan http_keep_alive_timeout = std::chrono::seconds(2);
    std::int64_t http_max_connections = 16384;
    std::int64_t http_max_connections_per_peer = 4096;
    caf::timespan http_job_timeout = std::chrono::seconds(30);
    caf::timespan http_max_wait4free = std::chrono::seconds(300);
    std::string http_public_url;
    std::int64_t http_receipt_page_rate = 5;
    std::string mysecret;
    std::string api_token;
    std::string firmware_dir;
    std::int64_t broker_max_waiting = 1000;
    caf::timespan broker_request_margin = std::chrono::seconds(5);
    std::string link_protocol = "standard";
    caf::timespan link_byte_timeout = std::chrono::milliseconds(50);
    caf::timespan link_ack_timeout = std::chrono::milliseconds(500);
    std::int64_t link_max_retries = 5;
    caf::timespan poll_interval = std::chrono::seconds(5);
    caf::timespan health_interval = std::chrono::seconds(60);
    caf::timespan reconnect_min = std::chrono::milliseconds(200);
    caf::timespan reconnect_max = std::chrono::seconds(10);
    std::int64_t restart_budget = 5;
    caf::timespan budget_window = std::chrono::seconds(60);
    caf::timespan restart_min = std::chrono::milliseconds(100);
    caf::timespan restart_max = std::chrono::seconds(10);
    std::string embedded_dir = "var/whitespirit";
    std::int64_t embedded_devices = 4;
    caf::timespan embedded_byte_timeout = std::chrono::milliseconds(5);
    std::string firm_inn = "7720000014";
    std::string firm_name = "ООО \"Белый спирт\"";
    std::string firm_address = "г. Москва, ул. Примерная, д. 1";
    std::vector<std::string> tax_modes{"OSN", "USN_income"};
    std::string shift_policy = "manage";
    caf::timespan shift_renew_margin = std::chrono::minutes(15);
    std::string journal_path;  ///< empty: journal.db in embedded.dir
    caf::timespan journal_retention = std::chrono::hours(24 * 30);
    std::int64_t serial_base = 1;
    std::string cluster_role = "standalone";
    std::vector<std::string> cluster_fronts;
    std::string cluster_listen = "127.0.0.1:7420";
    std::string cluster_name;  ///< empty: the host name
    bool cluster_insecure = false;
    caf::timespan heartbeat_interval = std::chrono::milliseconds(250);
    caf::timespan heartbeat_timeout = std::chrono::milliseconds(750);
    caf::timespan cluster_retry_interval = std::chrono::seconds(1);
    std::string ops_listen;  ///< host:port; empty: none
    std::string log_format = "text";
    std::string log_level = "info";
    std::string tls_certificate;
    std::string tls_key;
    bool embedded_enabled = true;
  };

  void declare_options();
  void check_file_keys(const caf::settings& file, config_errors& errors) const;
  void take_nested_file_values(const caf::settings& file, const std::vector<std::string>& args);
  whitespirit_settings read_settings(config_errors& errors) const;
  cluster_settings read_cluster(config_errors& errors) const;

  values values_;
};

}  // namespace ws::config
