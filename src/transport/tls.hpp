#pragma once

#include "transport/transport.hpp"

#include <rediscache/tls_options.hpp>

#include <memory>

namespace rediscache::detail {

// An OpenSSL SSL_CTX configured from tls_options: trust store, client certificate, verification.
// Loading CA files is costly, so a pool builds one context and shares it among its connections.
class tls_context {
 public:
  explicit tls_context(const tls_options& options);
  ~tls_context();
  tls_context(const tls_context&) = delete;
  tls_context& operator=(const tls_context&) = delete;

  void* native() const { return ctx_; }
  const tls_options& options() const { return options_; }

 private:
  void* ctx_;
  tls_options options_;
};

// Runs the TLS handshake over the connected socket fd and returns the encrypted transport.
// host is what SNI and hostname verification use unless options.server_name overrides it.
std::unique_ptr<transport> make_tls_transport(int fd, std::string endpoint,
                                              const tls_context& context, const std::string& host,
                                              clock::time_point deadline);

}  // namespace rediscache::detail
