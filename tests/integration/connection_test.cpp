#include "integration/common.hpp"

#include <rediscache/connection.hpp>
#include <rediscache/error.hpp>

#include <gtest/gtest.h>

#include <string>

using namespace rediscache;
using rediscache::test::redis_server;
using rediscache::test::server_config;

namespace {

TEST(Connection, TcpSetAndGetBinaryValue) {
  redis_server server;
  auto c = connection::open(test::tcp_options(server));
  std::string value("bin\0ary\r\n", 9);
  EXPECT_TRUE(c.execute(command{"SET", "k", value}).is_ok());
  EXPECT_EQ(c.execute(command{"GET", "k"}).str(), value);
  EXPECT_TRUE(c.execute(command{"GET", "missing"}).is_nil());
  EXPECT_EQ(c.execute(command{"INCR", "n"}).integer(), 1);
  EXPECT_EQ(server.command({"STRLEN", "k"}), "9");
}

TEST(Connection, UnixSocket) {
  server_config cfg;
  cfg.unix_socket = true;
  redis_server server(cfg);
  auto c = connection::open(test::unix_options(server));
  EXPECT_TRUE(c.execute(command{"SET", "via", "unix"}).is_ok());
  EXPECT_EQ(server.command({"GET", "via"}), "unix");
}

TEST(Connection, ErrorReplyThrowsAndKeepsConnectionUsable) {
  redis_server server;
  auto c = connection::open(test::tcp_options(server));
  c.execute(command{"LPUSH", "list", "a"});
  try {
    c.execute(command{"GET", "list"});
    FAIL() << "expected reply_error";
  } catch (const reply_error& e) {
    EXPECT_EQ(e.server_code(), "WRONGTYPE");
  }
  EXPECT_FALSE(c.broken());
  EXPECT_EQ(c.execute(command{"LLEN", "list"}).integer(), 1);
}

TEST(Connection, SelectIsolatesDatabases) {
  redis_server server;
  auto o1 = test::tcp_options(server);
  o1.db = 1;
  auto o2 = o1;
  o2.db = 2;
  auto c1 = connection::open(o1);
  auto c2 = connection::open(o2);
  c1.execute(command{"SET", "shared-name", "one"});
  c2.execute(command{"SET", "shared-name", "two"});
  EXPECT_EQ(c1.execute(command{"GET", "shared-name"}).str(), "one");
  EXPECT_EQ(c2.execute(command{"GET", "shared-name"}).str(), "two");
  EXPECT_EQ(server.command({"GET", "shared-name"}), "");  // db 0 untouched
}

TEST(Connection, BadDatabaseIsAConfigError) {
  redis_server server;
  auto o = test::tcp_options(server);
  o.db = 999;
  EXPECT_THROW(connection::open(o), config_error);
}

TEST(Connection, ClientNameIsSet) {
  redis_server server;
  auto o = test::tcp_options(server);
  o.client_name = "orders-service";
  auto c = connection::open(o);
  EXPECT_EQ(c.execute(command{"CLIENT", "GETNAME"}).str(), "orders-service");
}

TEST(Connection, RefusedConnectIsAConnectionError) {
  std::uint16_t port;
  {
    redis_server server;
    port = server.port();
  }
  connection_options o;
  o.port = port;
  try {
    connection::open(o);
    FAIL() << "expected connection_error";
  } catch (const connection_error& e) {
    EXPECT_EQ(e.code(), errc::connection);
    EXPECT_NE(std::string(e.what()).find(std::to_string(port)), std::string::npos) << e.what();
  }
}

TEST(Connection, Ipv6Loopback) {
  server_config cfg;
  cfg.bind = "::1";
  std::unique_ptr<redis_server> server;
  try {
    server = std::make_unique<redis_server>(cfg);
  } catch (const std::exception& e) {
    GTEST_SKIP() << "no IPv6 loopback here: " << e.what();
  }
  connection_options o;
  o.host = "::1";
  o.port = server->port();
  auto c = connection::open(o);
  EXPECT_EQ(c.execute(command{"PING"}).str(), "PONG");
}

TEST(Connection, ClosedAfterTransportFailure) {
  redis_server server;
  auto c = connection::open(test::tcp_options(server));
  server.kill();
  EXPECT_THROW(c.execute(command{"PING"}), connection_error);
  EXPECT_TRUE(c.broken());
  EXPECT_THROW(c.execute(command{"PING"}), closed_error);
}

}  // namespace
