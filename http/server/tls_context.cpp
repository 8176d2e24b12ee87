#include "http/server/tls_context.hpp"

#include <stdexcept>

#include <openssl/ssl.h>

namespace ws::http::server {

tls_context::tls_context(const tls_files& files) : context_(SSL_CTX_new(TLS_server_method())) {
  if (context_) {
    SSL_CTX_set_options(context_, SSL_OP_NO_COMPRESSION | SSL_OP_NO_SESSION_RESUMPTION_ON_RENEGOTIATION);
    SSL_CTX_set_min_proto_version(context_, TLS1_2_VERSION);
    // A write retried after SSL_ERROR_WANT_WRITE may come from another address of the
    // same bytes (the stream's buffer moves between calls).
    SSL_CTX_set_mode(context_, SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
    if (SSL_CTX_use_certificate_chain_file(context_, files.certificate.c_str()) == 1 &&
        SSL_CTX_use_PrivateKey_file(context_, files.key.c_str(), SSL_FILETYPE_PEM) == 1 &&
        SSL_CTX_check_private_key(context_) == 1)
      return;
    SSL_CTX_free(context_);
  }
  throw std::runtime_error("cannot load the TLS certificate " + files.certificate + " with its key " + files.key +
                           " (PEM files, the key matching the certificate)");
}

tls_context::~tls_context() { SSL_CTX_free(context_); }

ssl_st* tls_context::new_session(int fd) const {
  SSL* session = SSL_new(context_);
  if (!session) return nullptr;
  if (SSL_set_fd(session, fd) != 1) {
    SSL_free(session);
    return nullptr;
  }
  SSL_set_accept_state(session);
  return session;
}

}  // namespace ws::http::server
