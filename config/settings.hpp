#pragma once
// What the `whitespirit` program runs with, once read and validated (see
// whitespirit_config.hpp for where each value comes from). Plain data: the program maps
// it onto the actors' and the REST front's own option types.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "protocol/shtrih/low_level.hpp"

namespace ws::config {

using std::chrono::milliseconds;
using std::chrono::seconds;

/// One register of the farm: `registers=[{serial="...", port="...", baud=..., groups=[...]}]`.
struct register_entry {
  std::string serial;  ///< expected device serial number (digits); empty: accept any
  std::string port;    ///< /dev/ttyUSB0, a pty symlink, or tcp://host:port
  std::uint32_t baud = 115200;
  std::vector<std::string> groups;  ///< empty: the register serves `_NOGROUP`
};

struct http_settings {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;  ///< 0: any free port (the program prints the one it got)
  int threads = 64;
  std::size_t max_body_bytes = 1 << 20;
  seconds read_timeout{10};
  seconds write_timeout{10};
  seconds keep_alive_timeout{2};
  std::size_t max_connections = 16384;
  std::size_t max_connections_per_peer = 4096;
  seconds job_timeout{30};
  seconds max_wait4free{300};
  std::string public_url;  ///< base of check_url; empty: the listening address
  std::uint32_t receipt_page_rate = 5;  ///< GET /check per client address a second; 0: no limit
};

struct secret_settings {
  std::string mysecret;                  ///< empty: destructive operations always refused
  std::optional<std::string> api_token;  ///< set: every request needs `Authorization: Bearer`
};

/// Where `upgrade` takes its files from (firmware.dir): the request names a file in it.
struct firmware_settings {
  std::string dir;  ///< empty: upgrade is refused
};

struct broker_settings {
  std::size_t max_waiting = 1000;
  milliseconds request_margin{5000};
};

/// The host side of every configured register's Shtrih-M link.
struct link_settings {
  /// The low level every register's line speaks (a real device starts on standard).
  shtrih::low_level protocol = shtrih::low_level::standard;
  milliseconds byte_timeout{50};
  milliseconds ack_timeout{500};
  int max_retries = 5;
};

struct register_timing_settings {
  milliseconds poll_interval{5000};
  milliseconds health_interval{60000};  ///< longest wait between OFD backlog reads
  milliseconds reconnect_min{200};
  milliseconds reconnect_max{10000};
};

/// How a group actor restarts its registers.
struct supervision_settings {
  int restart_budget = 5;
  milliseconds budget_window{60000};
  milliseconds restart_min{100};
  milliseconds restart_max{10000};
};

/// The embedded default: emulated registers in-process, fiscalised for a demo firm.
struct embedded_settings {
  std::string dir = "var/whitespirit";
  int devices = 4;
  /// Both ends of each emulated line live in this process (see whitespirit_config.cpp).
  milliseconds byte_timeout{5};
  std::string firm_inn = "7720000014";
  std::string firm_name = "ООО \"Белый спирт\"";
  std::string firm_address = "г. Москва, ул. Примерная, д. 1";
  std::vector<std::string> tax_modes{"OSN", "USN_income"};  ///< API names (taxation_type)
  /// Serial number of the first emulated register created in `dir` (register k gets
  /// serial_base + k - 1), as `kkt-emulator --serial-base`: nodes of one farm need distinct ones.
  std::uint64_t serial_base = 1;
};

/// A "host:port" of the cluster configuration.
struct endpoint {
  std::string host;
  std::uint16_t port = 0;

  std::string text() const { return host + ":" + std::to_string(port); }
};

/// What this process is in a cluster (see README "Run a cluster").
enum class cluster_role {
  standalone,  ///< one process: registers, broker and REST front (no cluster links)
  front,       ///< REST front and broker; nodes connect to it on `listen`
  node,        ///< hosts registers and their groups; connects to every front
};

struct cluster_settings {
  cluster_role role = cluster_role::standalone;
  std::vector<endpoint> fronts;  ///< node: the fronts it joins
  endpoint listen{"127.0.0.1", 7420};  ///< front: where nodes connect (port 0: any free one)
  std::string name;              ///< unique in the cluster; default: the host name
  /// Plain TCP between hosts (no TLS): only for a trusted network such as loopback tests.
  bool insecure = false;
  milliseconds heartbeat_interval{250};  ///< a node's application heartbeat to each front
  milliseconds heartbeat_timeout{750};   ///< silence after which a front drops the node (and a node its front)
  milliseconds retry_interval{1000};     ///< a node retries a front it is not joined to this often
};

/// What a receipt does about the register's shift (actors/jobs/shift_policy.hpp).
struct shift_settings {
  bool manage = true;  ///< open a closed shift, renew one near 24 h; false: WrongKKTState
  std::chrono::minutes renew_margin{15};
};

/// The journal of receipts, Idempotency-Keys and the audit trail (journal/journal.hpp).
struct journal_settings {
  std::string path;  ///< the SQLite file
  std::chrono::hours retention{24 * 30};
};

/// The operations address (ops.listen): /metrics and the dashboard without the API token.
struct ops_settings {
  std::optional<std::string> host;  ///< nullopt: no operations address
  std::uint16_t port = 0;
};

/// The log on standard error (log.format, log.level).
struct log_settings {
  enum class format { text, json };
  enum class level { debug, info, warn, error };
  format format_ = format::text;
  level level_ = level::info;
};

/// TLS of the REST API (http.tls.certificate, http.tls.key): both set, or neither (plain HTTP).
struct tls_settings {
  std::string certificate;  ///< PEM file; empty: plain HTTP
  std::string key;          ///< PEM file of its private key
  bool enabled() const { return !certificate.empty(); }
};

struct whitespirit_settings {
  std::vector<register_entry> registers;  ///< empty: the embedded default runs
  http_settings http;
  secret_settings secrets;
  firmware_settings firmware;
  broker_settings broker;
  link_settings link;
  register_timing_settings register_timing;
  supervision_settings supervision;
  shift_settings shift;
  embedded_settings embedded;
  journal_settings journal;
  cluster_settings cluster;
  ops_settings ops;
  log_settings log;
  tls_settings tls;
  /// embedded.enabled: false refuses to start with no registers configured (an installed
  /// service never emulates registers unless its configuration asks for it).
  bool embedded_enabled = true;

  bool embedded_default() const { return registers.empty(); }
};

}  // namespace ws::config
