// A workaround for CAF 0.17.6's OpenSSL module, which never clears OpenSSL's per-thread
// error queue: after one peer fails its TLS handshake (a wrong CA, no certificate), the
// error stays queued on the middleman's thread, and the next SSL_read of any healthy
// cluster link that merely has no data yet (SSL_ERROR_WANT_READ) is taken for a fatal
// error: CAF closes that link. Every node of the front would drop each time a stranger
// knocked.
//
// OpenSSL requires the queue to be empty before each TLS I/O call. This file defines the
// four calls CAF makes (SSL_connect, SSL_accept, SSL_read, SSL_write) in the program, so
// that the dynamic linker binds libcaf_openssl's references to them (apps/CMakeLists.txt
// exports them); each clears the calling thread's queue and calls OpenSSL's own. A peer
// refused during its handshake is logged with its address and OpenSSL's reason.

#include <dlfcn.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <iostream>
#include <string>

#include <openssl/err.h>
#include <openssl/ssl.h>

namespace {

template <class Function>
Function next_definition(const char* name) {
  void* found = dlsym(RTLD_NEXT, name);
  if (found == nullptr) {
    std::cerr << "whitespirit: cannot find OpenSSL's " << name << std::endl;
    std::abort();
  }
  return reinterpret_cast<Function>(found);
}

/// "127.0.0.1:40000" of the socket's peer; empty when it has left.
std::string peer_of(const SSL* ssl) {
  const int fd = SSL_get_fd(ssl);
  sockaddr_storage address{};
  socklen_t size = sizeof address;
  if (fd < 0 || getpeername(fd, reinterpret_cast<sockaddr*>(&address), &size) != 0) return {};
  char text[INET6_ADDRSTRLEN] = {};
  if (address.ss_family == AF_INET) {
    const auto* v4 = reinterpret_cast<const sockaddr_in*>(&address);
    inet_ntop(AF_INET, &v4->sin_addr, text, sizeof text);
    return std::string(text) + ":" + std::to_string(ntohs(v4->sin_port));
  }
  const auto* v6 = reinterpret_cast<const sockaddr_in6*>(&address);
  inet_ntop(AF_INET6, &v6->sin6_addr, text, sizeof text);
  return "[" + std::string(text) + "]:" + std::to_string(ntohs(v6->sin6_port));
}

/// Logs a handshake OpenSSL refused (the queued error stays for CAF to see). A peer that
/// left without a word (a node's TCP probe of the port) is no refusal.
void log_refused_handshake(const SSL* ssl, int result) {
  if (result > 0) return;
  const unsigned long error = ERR_peek_error();
  if (error == 0) return;  // wants more bytes: not a refusal
  const std::string peer = peer_of(ssl);
  if (peer.empty()) return;
  char reason[256];
  ERR_error_string_n(error, reason, sizeof reason);
  std::cerr << "whitespirit: cluster: TLS handshake with " << peer << " refused: " << reason << std::endl;
}

}  // namespace

extern "C" {

int SSL_connect(SSL* ssl) {
  static const auto openssl = next_definition<int (*)(SSL*)>("SSL_connect");
  ERR_clear_error();
  const int result = openssl(ssl);
  log_refused_handshake(ssl, result);
  return result;
}

int SSL_accept(SSL* ssl) {
  static const auto openssl = next_definition<int (*)(SSL*)>("SSL_accept");
  ERR_clear_error();
  const int result = openssl(ssl);
  log_refused_handshake(ssl, result);
  return result;
}

int SSL_read(SSL* ssl, void* buffer, int size) {
  static const auto openssl = next_definition<int (*)(SSL*, void*, int)>("SSL_read");
  ERR_clear_error();
  const int result = openssl(ssl, buffer, size);
  if (!SSL_is_init_finished(ssl)) log_refused_handshake(ssl, result);
  return result;
}

int SSL_write(SSL* ssl, const void* buffer, int size) {
  static const auto openssl = next_definition<int (*)(SSL*, const void*, int)>("SSL_write");
  ERR_clear_error();
  const int result = openssl(ssl, buffer, size);
  if (!SSL_is_init_finished(ssl)) log_refused_handshake(ssl, result);
  return result;
}

}  // extern "C"
