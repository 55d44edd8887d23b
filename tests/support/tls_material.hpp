#pragma once

#include <string>

namespace rediscache::test {

// Absolute paths of PEM files generated for TLS tests. Keys are unencrypted.
struct tls_material {
  std::string dir;            // the directory holding all files below
  std::string ca_cert;        // test CA; signs the server and client certificates
  std::string ca_key;
  std::string server_cert;    // SAN DNS:localhost, IP:127.0.0.1, IP:::1; serverAuth+clientAuth
  std::string server_key;
  std::string client_cert;    // CN=rediscache-test-client, EKU clientAuth
  std::string client_key;
  std::string other_ca_cert;  // an unrelated CA, for wrong-CA tests
};

// Generated with the openssl CLI on first use, once per process (thread-safe); the directory is
// removed at normal process exit. Throws std::runtime_error with openssl's output on failure.
const tls_material& shared_tls_material();

namespace detail {

// mkdtemp of <base>/<prefix>XXXXXX; an empty base means $TMPDIR, or /tmp when that is unset.
// Shared with redis_server.cpp. Throws std::system_error.
std::string make_temp_dir(const std::string& prefix, const std::string& base = {});

}  // namespace detail

}  // namespace rediscache::test
