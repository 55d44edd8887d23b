#include "transport/tls.hpp"

#include <rediscache/error.hpp>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <sys/socket.h>

#include <arpa/inet.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace rediscache::detail {
namespace {

// The oldest error on this thread's OpenSSL queue, which names the first thing that went wrong.
std::string openssl_reason() {
  unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) return "unknown OpenSSL error";
  char text[256];
  ERR_error_string_n(code, text, sizeof text);
  return text;
}

bool is_ip_literal(const std::string& host) {
  unsigned char buffer[sizeof(in6_addr)];
  return ::inet_pton(AF_INET, host.c_str(), buffer) == 1 ||
         ::inet_pton(AF_INET6, host.c_str(), buffer) == 1;
}

SSL_CTX* as_ctx(void* p) { return static_cast<SSL_CTX*>(p); }

class tls_transport final : public transport {
 public:
  tls_transport(int fd, std::string endpoint, SSL* ssl)
      : transport(fd, std::move(endpoint)), ssl_(ssl) {}
  ~tls_transport() override { SSL_free(ssl_); }

  void write_all(const char* data, std::size_t size, clock::time_point deadline,
                 std::size_t& written) override {
    written = 0;
    while (written < size) {
      ERR_clear_error();
      int n = SSL_write(ssl_, data + written, static_cast<int>(size - written));
      if (n > 0) {
        written += static_cast<std::size_t>(n);
        continue;
      }
      wait_or_throw(n, deadline, "write to");
    }
  }

  std::size_t read_some(char* buffer, std::size_t size, clock::time_point deadline) override {
    for (;;) {
      ERR_clear_error();
      int n = SSL_read(ssl_, buffer, static_cast<int>(size));
      if (n > 0) return static_cast<std::size_t>(n);
      wait_or_throw(n, deadline, "read from");
    }
  }

  bool buffered() const override { return SSL_pending(ssl_) > 0; }

  // Peeking through TLS also consumes post-handshake records such as session tickets, which a
  // raw peek would mistake for unexpected data.
  bool stale() override {
    char byte;
    ERR_clear_error();
    int n = SSL_peek(ssl_, &byte, 1);
    if (n > 0) return true;
    int err = SSL_get_error(ssl_, n);
    ERR_clear_error();
    return err != SSL_ERROR_WANT_READ && err != SSL_ERROR_WANT_WRITE;
  }

 private:
  void wait_or_throw(int rc, clock::time_point deadline, const char* operation) {
    int err = SSL_get_error(ssl_, rc);
    if (err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE) {
      short events = err == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT;
      if (!wait_ready(fd_, events, deadline)) throw_timeout(operation);
      return;
    }
    if (err == SSL_ERROR_ZERO_RETURN || (err == SSL_ERROR_SYSCALL && ERR_peek_error() == 0 && errno == 0)) {
      throw closed_error("server " + endpoint_ + " closed the TLS connection");
    }
    if (err == SSL_ERROR_SYSCALL) {
      std::string reason = errno != 0 ? std::strerror(errno) : openssl_reason();
      throw connection_error(std::string(operation) + " " + endpoint_ + " failed: " + reason);
    }
    throw tls_error(std::string(operation) + " " + endpoint_ + " failed: " + openssl_reason());
  }

  SSL* ssl_;
};

void configure_verification(SSL* ssl, const tls_options& options, const std::string& name) {
  if (options.verify != tls_verify::full) return;
  X509_VERIFY_PARAM* param = SSL_get0_param(ssl);
  int ok = is_ip_literal(name) ? X509_VERIFY_PARAM_set1_ip_asc(param, name.c_str())
                               : X509_VERIFY_PARAM_set1_host(param, name.c_str(), 0);
  if (ok != 1) throw tls_error("cannot set the expected TLS host name " + name);
}

void handshake(SSL* ssl, int fd, const std::string& endpoint, clock::time_point deadline) {
  for (;;) {
    ERR_clear_error();
    int rc = SSL_connect(ssl);
    if (rc == 1) return;
    int err = SSL_get_error(ssl, rc);
    if (err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE) {
      if (!wait_ready(fd, err == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT, deadline)) {
        throw timeout_error("TLS handshake with " + endpoint + " timed out");
      }
      continue;
    }
    long verify = SSL_get_verify_result(ssl);
    if (verify != X509_V_OK) {
      ERR_clear_error();
      throw tls_error("certificate verification of " + endpoint +
                      " failed: " + X509_verify_cert_error_string(verify));
    }
    if (err == SSL_ERROR_SYSCALL && ERR_peek_error() == 0) {
      throw tls_error("TLS handshake with " + endpoint + " failed: the server closed the " +
                      "connection (does it speak TLS, and does it want a client certificate?)");
    }
    throw tls_error("TLS handshake with " + endpoint + " failed: " + openssl_reason());
  }
}

}  // namespace

tls_context::tls_context(const tls_options& options)
    : ctx_(SSL_CTX_new(TLS_client_method())), options_(options) {
  SSL_CTX* ctx = as_ctx(ctx_);
  if (ctx == nullptr) throw tls_error("cannot create a TLS context: " + openssl_reason());
  try {
    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
    SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
    if (options.verify == tls_verify::none) {
      SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, nullptr);
    } else {
      SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nullptr);
      const char* file = options.ca_file.empty() ? nullptr : options.ca_file.c_str();
      const char* dir = options.ca_dir.empty() ? nullptr : options.ca_dir.c_str();
      int ok = (file || dir) ? SSL_CTX_load_verify_locations(ctx, file, dir)
                             : SSL_CTX_set_default_verify_paths(ctx);
      if (ok != 1) {
        throw tls_error("cannot load CA certificates from " +
                        (file ? options.ca_file : dir ? options.ca_dir : std::string("the system store")) +
                        ": " + openssl_reason());
      }
    }
    if (!options.cert_file.empty() || !options.key_file.empty()) {
      if (options.cert_file.empty() || options.key_file.empty()) {
        throw config_error("a TLS client certificate needs both cert_file and key_file");
      }
      if (SSL_CTX_use_certificate_chain_file(ctx, options.cert_file.c_str()) != 1) {
        throw tls_error("cannot load client certificate " + options.cert_file + ": " +
                        openssl_reason());
      }
      if (SSL_CTX_use_PrivateKey_file(ctx, options.key_file.c_str(), SSL_FILETYPE_PEM) != 1 ||
          SSL_CTX_check_private_key(ctx) != 1) {
        throw tls_error("cannot load client key " + options.key_file + ": " + openssl_reason());
      }
    }
  } catch (...) {
    SSL_CTX_free(ctx);
    throw;
  }
}

tls_context::~tls_context() { SSL_CTX_free(as_ctx(ctx_)); }

std::unique_ptr<transport> make_tls_transport(int fd, std::string endpoint,
                                              const tls_context& context, const std::string& host,
                                              clock::time_point deadline) {
  const tls_options& options = context.options();
  const std::string& name = options.server_name.empty() ? host : options.server_name;
  SSL* ssl = SSL_new(as_ctx(context.native()));
  if (ssl == nullptr) throw tls_error("cannot create a TLS session: " + openssl_reason());
  try {
    if (SSL_set_fd(ssl, fd) != 1) throw tls_error("cannot attach TLS: " + openssl_reason());
    // SNI carries host names only; RFC 6066 forbids IP literals there.
    if (!is_ip_literal(name) && !name.empty()) SSL_set_tlsext_host_name(ssl, name.c_str());
    configure_verification(ssl, options, name);
    handshake(ssl, fd, endpoint, deadline);
  } catch (...) {
    SSL_free(ssl);
    throw;
  }
  return std::make_unique<tls_transport>(fd, std::move(endpoint), ssl);
}

}  // namespace rediscache::detail
