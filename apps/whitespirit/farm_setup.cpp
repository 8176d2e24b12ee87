#include "apps/whitespirit/farm_setup.hpp"

#include <map>

#include "emulator/emulator_farm.hpp"
#include "protocol/shtrih/commands_receipt.hpp"

namespace ws::whitespirit {

actors::farm_options farm_options_for(const config::whitespirit_settings& settings,
                                      const std::vector<config::register_entry>& registers,
                                      std::chrono::milliseconds byte_timeout) {
  actors::group_options group;
  group.name = "local";
  for (const auto& r : registers)  // every register's line speaks the configured low level
    group.registers.push_back({r.serial, r.port, r.baud, r.groups, settings.link.protocol});
  group.timing.poll_interval = settings.register_timing.poll_interval;
  group.timing.health_interval = settings.register_timing.health_interval;
  group.timing.reconnect_min = settings.register_timing.reconnect_min;
  group.timing.reconnect_max = settings.register_timing.reconnect_max;
  group.link.byte_timeout = byte_timeout;
  group.link.ack_timeout = settings.link.ack_timeout;
  group.link.max_retries = settings.link.max_retries;
  group.restart_budget = settings.supervision.restart_budget;
  group.budget_window = settings.supervision.budget_window;
  group.restart_min = settings.supervision.restart_min;
  group.restart_max = settings.supervision.restart_max;

  actors::farm_options options;
  options.groups.push_back(std::move(group));
  options.broker.limits.max_waiting = settings.broker.max_waiting;
  options.broker.request_margin = settings.broker.request_margin;
  return options;
}

http::front_options front_options_for(const config::whitespirit_settings& settings, std::string version) {
  http::front_options o;
  o.host = settings.http.host;
  o.port = settings.http.port;
  o.threads = settings.http.threads;
  o.max_body_bytes = settings.http.max_body_bytes;
  o.read_timeout = settings.http.read_timeout;
  o.write_timeout = settings.http.write_timeout;
  o.keep_alive_timeout = settings.http.keep_alive_timeout;
  o.max_connections = settings.http.max_connections;
  o.max_connections_per_peer = settings.http.max_connections_per_peer;
  o.mysecret = settings.secrets.mysecret;
  o.api_token = settings.secrets.api_token;
  o.firmware_dir = settings.firmware.dir;
  o.job_timeout = settings.http.job_timeout;
  o.request_margin = settings.broker.request_margin;
  o.journal_path = settings.journal.path;
  o.journal_retention = settings.journal.retention;
  o.max_wait4free = settings.http.max_wait4free;
  o.public_url = settings.http.public_url;
  o.receipt_page_rate = settings.http.receipt_page_rate;
  o.version = std::move(version);
  o.node_name = settings.cluster.name;
  o.shift.manage_shift = settings.shift.manage;
  o.shift.renew_margin = settings.shift.renew_margin;
  if (settings.tls.enabled()) {
    o.tls_certificate = settings.tls.certificate;
    o.tls_key = settings.tls.key;
  }
  if (settings.ops.host) o.ops_listen = http::listen_address{*settings.ops.host, settings.ops.port};
  return o;
}

std::uint8_t taxation_bits(const std::vector<std::string>& names) {
  static const std::map<std::string, std::uint8_t> bits{
      {"OSN", shtrih::taxation::osn},
      {"USN_income", shtrih::taxation::usn_income},
      {"USN_income_minus_charge", shtrih::taxation::usn_income_expense},
      {"ESN_calc_income", shtrih::taxation::envd},
      {"ESN_agriculture", shtrih::taxation::eshn},
      {"patent", shtrih::taxation::patent},
  };
  std::uint8_t out = 0;
  for (const auto& name : names)
    if (auto it = bits.find(name); it != bits.end()) out = static_cast<std::uint8_t>(out | it->second);
  return out;
}

std::optional<std::string> fit_connections_to_open_files(http::front_options& options, std::size_t registers) {
  // Beside the connections: each register's line (a pty pair, or a socket and its
  // emulator's), the journal's files, logs, the cluster's sockets, eventfds and epoll.
  const std::uint64_t reserved = 256 + 4 * static_cast<std::uint64_t>(registers);
  const std::uint64_t files = emulator::raise_open_file_limit();
  const std::uint64_t fit = files > reserved ? files - reserved : 16;
  if (options.max_connections <= fit) return std::nullopt;
  const std::string line = "open-file limit " + std::to_string(files) + ": http.max-connections lowered from " +
                           std::to_string(options.max_connections) + " to " + std::to_string(fit) +
                           " (raise the hard limit, e.g. LimitNOFILE= in the systemd unit, for more)";
  options.max_connections = static_cast<std::size_t>(fit);
  return line;
}

}  // namespace ws::whitespirit
