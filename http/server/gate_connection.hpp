#pragma once
// One client connection of the connection gate: its non-blocking socket, its TLS session
// when the address speaks HTTPS, the bytes read and not yet served, and where it stands.
// The I/O here never blocks longer than the deadline it is given.

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>

struct ssl_st;

namespace ws::http::server {

using gate_clock = std::chrono::steady_clock;

enum class connection_phase {
  handshaking,  ///< TLS handshake under way (the request deadline runs)
  idle,         ///< between requests (the keep-alive deadline runs)
  reading,      ///< part of a request is here (the request deadline runs)
  queued,       ///< a whole request waits for, or is served by, a handler thread: the
                ///< events thread does not touch it until it comes back
};

/// One end of a connected socket: its address as text and its port.
struct socket_end {
  std::string ip;
  int port = 0;
};

/// The socket's remote end (getpeername) or local end (getsockname); nullopt when the
/// kernel cannot tell (the peer is already gone).
std::optional<socket_end> remote_end_of(int fd);
std::optional<socket_end> local_end_of(int fd);

/// What a non-blocking read found.
struct read_outcome {
  std::size_t bytes = 0;  ///< appended to the buffer
  bool ended = false;     ///< the peer closed its side, or the connection broke
};

class gate_connection {
 public:
  /// Takes `fd` (non-blocking); `tls`, when not null, is its server session (owned from
  /// now on); `remote` is what remote_end_of(fd) said when the gate accepted it.
  gate_connection(int fd, ssl_st* tls, std::optional<socket_end> remote);
  ~gate_connection();  ///< closes: TLS close_notify when possible, then the socket
  gate_connection(const gate_connection&) = delete;
  gate_connection& operator=(const gate_connection&) = delete;

  int fd() const { return fd_; }
  /// The client's address, which the per-peer cap counts by ("?" when it is unknown).
  static std::string peer_of(const std::optional<socket_end>& remote) { return remote ? remote->ip : "?"; }
  const std::string& peer() const { return peer_; }
  const std::optional<socket_end>& remote_end() const { return remote_; }
  /// Read from the kernel the first time the HTTP library asks (it does on every request).
  const std::optional<socket_end>& local_end();
  bool secure() const { return tls_ != nullptr; }

  /// One step of the TLS handshake: true when done (plain connections: at once); sets
  /// `failed` when it cannot complete.
  bool advance_handshake(bool& failed);
  /// Reads what is available now, without waiting, until `buffer` holds `cap` bytes.
  read_outcome read_available(std::size_t cap);
  /// For a handler that needs more than the gate buffered: waits up to `limit` for bytes.
  long read_waiting(char* into, std::size_t size, std::chrono::milliseconds limit);
  /// Writes all of `data` within `limit`; false when the peer is gone or too slow.
  bool write_all(const char* data, std::size_t size, std::chrono::milliseconds limit);
  /// Writes what fits now, without waiting (refusals just before closing).
  void write_now(const std::string& data);

  std::string buffer;  ///< bytes read and not yet consumed by a handler
  connection_phase phase = connection_phase::idle;  ///< written by the events thread only
  gate_clock::time_point deadline{};                ///< written by the events thread only
  bool continue_sent = false;  ///< the gate answered `Expect: 100-continue` for this request
  bool peer_closed = false;    ///< the peer ended its side after a whole request

 private:
  /// Waits until the socket is readable (`for_write` false) or writable, or `until`.
  bool wait_ready(bool for_write, gate_clock::time_point until) const;

  int fd_;
  ssl_st* tls_;
  std::optional<socket_end> remote_;
  std::string peer_;
  std::optional<socket_end> local_;
  bool local_asked_ = false;
  bool handshaken_;
};

}  // namespace ws::http::server
