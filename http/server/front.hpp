#pragma once
// The REST front: a cpp-httplib server whose handlers translate the 20 operations of
// spec/whitespirit-api.openapi.json into requests to the farm's broker (every register job
// as an order, the register list and lookups) and write the answers with
// http/json_writer. One handler holds one pool thread while its job runs, so `threads`
// bounds the receipts in flight over HTTP; every wait on an actor has a deadline below
// the client-facing limits.
//
// Lifetime: construct, start() (binds and serves on its own thread), stop() (stops
// accepting, lets handlers in flight finish: each is bounded by its job's deadline).
// The actors must outlive the front.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <caf/all.hpp>

#include "actors/cluster/cluster_messages.hpp"
#include "actors/farm_messages.hpp"
#include "actors/jobs/shift_policy.hpp"
#include "http/ops/connection_counters.hpp"

namespace ws::http {

/// Where a server listens.
struct listen_address {
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;  ///< 0: any free port
};

struct front_options {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;         ///< 0: any free port (see front::port())
  int threads = 64;                  ///< handler pool: requests served at once
  std::size_t max_body_bytes = 1 << 20;  ///< larger bodies: 413 PayloadTooLarge
  /// A request's head and body must arrive within it, from its first byte (408 otherwise).
  std::chrono::seconds read_timeout{10};
  std::chrono::seconds write_timeout{10};
  std::chrono::seconds keep_alive_timeout{2};  ///< an idle connection closes after it
  /// Connections held at once, in all and from one peer address: one more is answered
  /// 503 and closed (server::gate_options).
  std::size_t max_connections = 16'384;
  std::size_t max_connections_per_peer = 4'096;
  /// Destructive operations need ?mysecret= equal to this; empty: they are always refused (403).
  std::string mysecret;
  /// The folder `upgrade` reads its files from (firmware.dir); empty: upgrade is refused.
  std::string firmware_dir;
  /// When set, every request needs `Authorization: Bearer <token>` (403 Forbidden otherwise).
  std::optional<std::string> api_token;
  /// Longest a register may spend on one attempt of a job (receipts, reports...).
  std::chrono::seconds job_timeout{30};
  /// The broker's margin over a job's run timeout for the register's answer
  /// (broker.request-margin): the front's own waits are derived from it.
  std::chrono::milliseconds request_margin{5000};
  /// Cap on the client's wait4free.
  std::chrono::seconds max_wait4free{300};
  /// The base of every receipt's check_url (http.public-url), without a trailing '/';
  /// empty: the listening address (http:// or https://host:port).
  std::string public_url;
  /// Receipt pages (GET /check) one client address may ask a second (http.receipt-page-rate),
  /// with bursts of twice as many; 0: no limit. A page not shown yet is read from the FN.
  std::uint32_t receipt_page_rate = 5;
  std::string version = "0.1.0";     ///< reported by /v1/info
  /// This process's name in the cluster (cluster.name): the node of its own registers.
  std::string node_name;
  /// What receipts and corrections do about the register's shift: manage_shift opens a
  /// closed one and renews one that would pass 24 h within renew_margin; off: WrongKKTState.
  jobs::shift_policy shift;
  /// The journal's SQLite file (journal.path); ":memory:" keeps it in memory (tests only:
  /// the program always names a file).
  std::string journal_path = ":memory:";
  std::chrono::hours journal_retention{24 * 30};
  /// HTTPS on the API address: PEM certificate (chain) and key files (http.tls.*); nullopt: plain HTTP.
  std::optional<std::string> tls_certificate;
  std::optional<std::string> tls_key;
  /// The operations address (ops.listen): /metrics again, without the API token, for a
  /// Prometheus or a browser inside the operator's network. nullopt: none.
  std::optional<listen_address> ops_listen;
};

/// The actors the front talks to: the broker, which routes every job and follows every
/// register (actors/broker_actor.hpp).
struct farm_handles {
  actors::broker_actor broker;
  /// The front's registry of cluster nodes (GET /v1/cluster); null when not a cluster front.
  actors::cluster::front_registry_public cluster;
};

class front {
 public:
  front(caf::actor_system& system, farm_handles farm, front_options options);
  ~front();  ///< stop()s
  front(const front&) = delete;
  front& operator=(const front&) = delete;

  /// Binds host:port and serves on its own thread; returns the bound port. Throws
  /// std::runtime_error naming host:port when it cannot bind.
  std::uint16_t start();
  /// Stops accepting and waits for the handlers in flight. Idempotent.
  void stop();
  std::uint16_t port() const;
  /// The operations address's bound port; 0 when there is none.
  /// The API address's connections: held now, and refused since start.
  ops::connection_counters connection_counters() const;
  std::uint16_t ops_port() const;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace ws::http
