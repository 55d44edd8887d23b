#include "integration/common.hpp"

#include <rediscache/connection.hpp>
#include <rediscache/error.hpp>
#include <rediscache/url.hpp>

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

using namespace rediscache;
using rediscache::test::redis_server;
using rediscache::test::server_config;

namespace {

server_config tls_config(bool mutual) {
  server_config cfg;
  cfg.tls = true;
  cfg.tls_auth_clients = mutual;
  return cfg;
}

std::string what_of(const connection_options& o) {
  try {
    connection::open(o);
  } catch (const error& e) {
    return e.what();
  }
  return "no error";
}

TEST(Tls, VerifiedConnection) {
  redis_server server(tls_config(false));
  auto c = connection::open(test::tls_client_options(server));
  EXPECT_TRUE(c.execute(command{"SET", "secure", "yes"}).is_ok());
  EXPECT_EQ(c.execute(command{"GET", "secure"}).str(), "yes");
  std::string big(200000, 'x');
  c.execute(command{"SET", "big", big});
  EXPECT_EQ(c.execute(command{"GET", "big"}).str(), big);
}

TEST(Tls, HostNameIsVerified) {
  redis_server server(tls_config(false));
  auto o = test::tls_client_options(server);
  o.host = "localhost";  // in the certificate's SAN
  EXPECT_EQ(connection::open(o).execute(command{"PING"}).str(), "PONG");
  o.tls.server_name = "redis.example.com";  // not in it
  std::string message = what_of(o);
  EXPECT_NE(message.find("[rediscache.tls]"), std::string::npos) << message;
  EXPECT_NE(message.find("verification"), std::string::npos) << message;
  o.tls.verify = tls_verify::peer_only;
  EXPECT_EQ(connection::open(o).execute(command{"PING"}).str(), "PONG");
}

TEST(Tls, WrongCaIsAClearVerificationError) {
  redis_server server(tls_config(false));
  auto o = test::tls_client_options(server);
  o.tls.ca_file = server.tls().other_ca_cert;
  try {
    connection::open(o);
    FAIL() << "expected tls_error";
  } catch (const tls_error& e) {
    std::string message = e.what();
    EXPECT_NE(message.find("certificate verification"), std::string::npos) << message;
    EXPECT_NE(message.find(std::to_string(server.port())), std::string::npos) << message;
  }
  o.tls.verify = tls_verify::none;  // the explicit opt-out for self-signed setups
  EXPECT_EQ(connection::open(o).execute(command{"PING"}).str(), "PONG");
}

TEST(Tls, MutualTlsNeedsClientCertificate) {
  redis_server server(tls_config(true));
  auto o = test::tls_client_options(server);
  EXPECT_THROW(connection::open(o).execute(command{"PING"}), connection_error);
  o.tls.cert_file = server.tls().client_cert;
  o.tls.key_file = server.tls().client_key;
  auto c = connection::open(o);
  EXPECT_EQ(c.execute(command{"PING"}).str(), "PONG");
}

TEST(Tls, ConfiguredByUrl) {
  redis_server server(tls_config(true));
  const auto& files = server.tls();
  auto options = parse_url("rediss://127.0.0.1:" + std::to_string(server.port()) +
                           "/3?ssl_ca_certs=" + files.ca_cert + "&ssl_certfile=" +
                           files.client_cert + "&ssl_keyfile=" + files.client_key);
  auto c = connection::open(options.connection);
  c.execute(command{"SET", "db3", "tls"});
  EXPECT_EQ(server.command({"-n", "3", "GET", "db3"}), "tls");
}

TEST(Tls, CaDirectory) {
  redis_server server(tls_config(false));
  std::string dir = server.dir() + "/ca-dir";
  std::string setup = "mkdir -p " + dir + " && cp " + server.tls().ca_cert + " " + dir +
                      "/ca.pem && openssl rehash " + dir + " >/dev/null 2>&1";
  ASSERT_EQ(std::system(setup.c_str()), 0);
  auto o = test::tls_client_options(server);
  o.tls.ca_file.clear();
  o.tls.ca_dir = dir;
  EXPECT_EQ(connection::open(o).execute(command{"PING"}).str(), "PONG");
}

TEST(Tls, MissingCaFileIsReported) {
  redis_server server(tls_config(false));
  auto o = test::tls_client_options(server);
  o.tls.ca_file = "/nonexistent/ca.pem";
  std::string message = what_of(o);
  EXPECT_NE(message.find("/nonexistent/ca.pem"), std::string::npos) << message;
}

}  // namespace
