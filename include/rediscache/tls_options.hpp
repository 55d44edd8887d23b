#pragma once

#include <string>

namespace rediscache {

/// How much of the server's certificate is checked.
enum class tls_verify : unsigned char {
  full,       ///< chain to a trusted CA and the host name (or IP) matches: the default
  peer_only,  ///< chain to a trusted CA, any host name (redis-py: ssl_check_hostname=false)
  none,       ///< no verification at all; for self-signed test setups only (ssl_cert_reqs=none)
};

/// TLS settings of a connection; redis-py's ssl_* options.
struct tls_options {
  /// TLS is used when true; a rediss:// URL sets it.
  bool enabled = false;
  /// PEM file of trusted CA certificates. Empty (with ca_dir empty) uses the system trust store.
  std::string ca_file;
  /// Directory of hashed CA certificates (c_rehash layout).
  std::string ca_dir;
  ///@{
  /// Client certificate and its private key (PEM), for servers that require mutual TLS.
  std::string cert_file;
  std::string key_file;
  ///@}
  /// Name sent as SNI and checked against the certificate. Empty means the connection's host.
  std::string server_name;
  tls_verify verify = tls_verify::full;  ///< how the server's certificate is checked
};

}  // namespace rediscache
