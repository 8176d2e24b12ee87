#pragma once
// The API address's TLS server context (OpenSSL): a certificate chain and its key, TLS 1.2
// and later. The connection gate runs each connection's handshake and reads itself
// (non-blocking), so a client that trickles its handshake holds no thread.

#include <string>

struct ssl_ctx_st;
struct ssl_st;

namespace ws::http::server {

/// A certificate (chain) and its private key, PEM files: the server speaks HTTPS.
struct tls_files {
  std::string certificate;
  std::string key;
};

class tls_context {
 public:
  /// Throws std::runtime_error naming the files when they cannot be loaded.
  explicit tls_context(const tls_files& files);
  ~tls_context();
  tls_context(const tls_context&) = delete;
  tls_context& operator=(const tls_context&) = delete;

  /// A server session on the (non-blocking) socket `fd`, or null when OpenSSL cannot make one.
  ssl_st* new_session(int fd) const;

 private:
  ssl_ctx_st* context_ = nullptr;
};

}  // namespace ws::http::server
