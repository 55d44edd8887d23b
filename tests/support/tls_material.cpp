#include "support/tls_material.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <system_error>
#include <vector>

namespace rediscache::test {

namespace detail {

std::string make_temp_dir(const std::string& prefix, const std::string& base) {
  std::string root = base;
  if (root.empty()) {
    const char* tmpdir = std::getenv("TMPDIR");
    root = (tmpdir != nullptr && *tmpdir != '\0') ? tmpdir : "/tmp";
  }
  const std::string pattern = root + "/" + prefix + "XXXXXX";
  std::vector<char> buffer(pattern.begin(), pattern.end());
  buffer.push_back('\0');
  if (::mkdtemp(buffer.data()) == nullptr) {
    throw std::system_error(errno, std::generic_category(), "mkdtemp " + pattern);
  }
  return buffer.data();
}

}  // namespace detail

namespace {

namespace fs = std::filesystem;

std::string shell_quote(const std::string& text) {
  std::string quoted = "'";
  for (const char c : text) {
    if (c == '\'') {
      quoted += "'\\''";
    } else {
      quoted += c;
    }
  }
  return quoted + "'";
}

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void write_text(const std::string& path, const std::string& text) {
  std::ofstream out(path);
  out << text;
  if (!out.flush()) throw std::runtime_error("tls_material: cannot write " + path);
}

// Runs openssl inside `dir`, so that arguments can name files relatively and need no quoting.
void run_openssl(const std::string& dir, const std::string& args) {
  const std::string log = dir + "/openssl.log";
  const std::string command = "cd " + shell_quote(dir) + " && openssl " + args + " >" +
                              shell_quote(log) + " 2>&1 </dev/null";
  const int status = std::system(command.c_str());
  if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    throw std::runtime_error("tls_material: `openssl " + args + "` failed (wait status " +
                             std::to_string(status) + "):\n" + read_text(log));
  }
}

// Our own config keeps the system openssl.cnf (absent, or with different defaults) out of play.
std::string request_config(const std::string& common_name) {
  return "[req]\n"
         "prompt = no\n"
         "distinguished_name = dn\n"
         "x509_extensions = v3_ca\n"
         "[dn]\n"
         "CN = " + common_name + "\n"
         "[v3_ca]\n"
         "basicConstraints = critical, CA:TRUE\n"
         "keyUsage = critical, keyCertSign, cRLSign\n"
         "subjectKeyIdentifier = hash\n"
         "authorityKeyIdentifier = keyid:always\n";
}

// Leaf extensions; the server cert also allows clientAuth because redis presents it as a
// client certificate to its primary when tls-replication is on.
std::string leaf_extensions(const std::string& extended_key_usage, const std::string& alt_names) {
  std::string text = "basicConstraints = CA:FALSE\n"
                     "keyUsage = critical, digitalSignature, keyEncipherment\n"
                     "extendedKeyUsage = " + extended_key_usage + "\n"
                     "subjectKeyIdentifier = hash\n"
                     "authorityKeyIdentifier = keyid, issuer\n";
  if (!alt_names.empty()) text += "subjectAltName = " + alt_names + "\n";
  return text;
}

constexpr const char* validity_days = "7";

void make_ca(const std::string& dir, const std::string& name, const std::string& common_name) {
  write_text(dir + "/" + name + ".cnf", request_config(common_name));
  run_openssl(dir, "req -x509 -new -newkey rsa:2048 -nodes -sha256 -days " +
                       std::string(validity_days) + " -config " + name + ".cnf -keyout " + name +
                       ".key -out " + name + ".crt");
}

void make_leaf(const std::string& dir, const std::string& name, const std::string& common_name,
               const std::string& extended_key_usage, const std::string& alt_names) {
  write_text(dir + "/" + name + ".cnf", request_config(common_name));
  write_text(dir + "/" + name + ".ext", leaf_extensions(extended_key_usage, alt_names));
  run_openssl(dir, "req -new -newkey rsa:2048 -nodes -config " + name + ".cnf -keyout " + name +
                       ".key -out " + name + ".csr");
  run_openssl(dir, "x509 -req -sha256 -days " + std::string(validity_days) + " -in " + name +
                       ".csr -CA ca.crt -CAkey ca.key -CAcreateserial -extfile " + name +
                       ".ext -out " + name + ".crt");
}

tls_material generate() {
  const std::string dir = detail::make_temp_dir("rediscache-tls-");
  try {
    make_ca(dir, "ca", "rediscache-test-ca");
    make_ca(dir, "other-ca", "rediscache-test-other-ca");
    make_leaf(dir, "server", "localhost", "serverAuth, clientAuth",
              "DNS:localhost, IP:127.0.0.1, IP:::1");
    make_leaf(dir, "client", "rediscache-test-client", "clientAuth", "");
  } catch (...) {
    std::error_code ignored;
    fs::remove_all(dir, ignored);
    throw;
  }
  tls_material paths;
  paths.dir = dir;
  paths.ca_cert = dir + "/ca.crt";
  paths.ca_key = dir + "/ca.key";
  paths.server_cert = dir + "/server.crt";
  paths.server_key = dir + "/server.key";
  paths.client_cert = dir + "/client.crt";
  paths.client_key = dir + "/client.key";
  paths.other_ca_cert = dir + "/other-ca.crt";
  return paths;
}

// Removes the directory at exit, but only in the process that made it: a forked child that
// calls exit() (a gtest death test, say) must not delete files its parent still uses.
struct owned_material {
  tls_material paths;
  pid_t owner;
  ~owned_material() {
    if (::getpid() != owner) return;
    std::error_code ignored;
    fs::remove_all(paths.dir, ignored);
  }
};

}  // namespace

const tls_material& shared_tls_material() {
  static const owned_material material{generate(), ::getpid()};
  return material.paths;
}

}  // namespace rediscache::test
