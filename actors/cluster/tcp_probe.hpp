#pragma once
// A TCP connect that never blocks: CAF 0.17's connect blocks without a timeout (and its
// middleman connects one host at a time), so a node first probes a front with this, from
// inside its agent actor, and asks CAF only once the front's port answers.

#include <cstdint>
#include <string>

namespace ws::actors::cluster {

class tcp_probe {
 public:
  enum class state { pending, open, failed };

  /// Starts connecting to `address` (numeric IPv4 or IPv6) and `port`.
  tcp_probe(const std::string& address, std::uint16_t port);
  ~tcp_probe();
  tcp_probe(const tcp_probe&) = delete;
  tcp_probe& operator=(const tcp_probe&) = delete;

  /// Where the connect stands now (never waits); the socket closes once it is settled.
  state check();
  /// Why it failed, for people.
  const std::string& error() const { return error_; }

 private:
  void settle(state result, std::string why);

  int fd_ = -1;
  state state_ = state::pending;
  std::string error_;
};

/// The numeric address of `host` (resolved now: it may block, so never call it inside an
/// actor); `host` itself when it cannot be resolved (the probe then says so).
std::string resolve_numeric(const std::string& host);

}  // namespace ws::actors::cluster
