#include "integration/common.hpp"

#include <rediscache/connection.hpp>
#include <rediscache/error.hpp>
#include <rediscache/log.hpp>

#include <spdlog/logger.h>
#include <spdlog/sinks/ostream_sink.h>

#include <gtest/gtest.h>

#include <sstream>
#include <string>

using namespace rediscache;
using rediscache::test::redis_server;
using rediscache::test::server_config;

namespace {

const char* const password = "s3cret-P@ss";

server_config secured() {
  server_config cfg;
  cfg.requirepass = password;
  cfg.acl_users = {"alice on >alice-pw ~* &* +@all",
                   "reader on >reader-pw ~* &* -@all +get +ping"};
  return cfg;
}

std::string auth_failure(const connection_options& o, const command& cmd = command{"PING"}) {
  try {
    connection::open(o).execute(cmd);
  } catch (const auth_error& e) {
    return e.what();
  }
  return "no auth_error";
}

TEST(Auth, DefaultUserPassword) {
  redis_server server(secured());
  auto o = test::tcp_options(server);
  o.password = password;
  EXPECT_EQ(connection::open(o).execute(command{"PING"}).str(), "PONG");
}

TEST(Auth, WrongPasswordNamesUserNeverPassword) {
  redis_server server(secured());
  auto o = test::tcp_options(server);
  o.password = "not-the-password";
  std::string message = auth_failure(o);
  EXPECT_NE(message.find("[rediscache.auth]"), std::string::npos) << message;
  EXPECT_NE(message.find("'default'"), std::string::npos) << message;
  EXPECT_EQ(message.find("not-the-password"), std::string::npos) << message;
}

TEST(Auth, AclUser) {
  redis_server server(secured());
  auto o = test::tcp_options(server);
  o.user = "alice";
  o.password = "alice-pw";
  auto c = connection::open(o);
  EXPECT_EQ(c.execute(command{"ACL", "WHOAMI"}).str(), "alice");
}

TEST(Auth, UnknownUserIsNamed) {
  redis_server server(secured());
  auto o = test::tcp_options(server);
  o.user = "mallory";
  o.password = "guess";
  std::string message = auth_failure(o);
  EXPECT_NE(message.find("'mallory'"), std::string::npos) << message;
  EXPECT_EQ(message.find("guess"), std::string::npos) << message;
}

TEST(Auth, NoPermissionIsAnAuthErrorNamingTheUser) {
  redis_server server(secured());
  auto o = test::tcp_options(server);
  o.user = "reader";
  o.password = "reader-pw";
  auto c = connection::open(o);
  EXPECT_TRUE(c.execute(command{"GET", "x"}).is_nil());
  try {
    c.execute(command{"SET", "x", "1"});
    FAIL() << "expected auth_error";
  } catch (const auth_error& e) {
    std::string message = e.what();
    EXPECT_NE(message.find("'reader'"), std::string::npos) << message;
    EXPECT_NE(message.find("NOPERM"), std::string::npos) << message;
  }
  EXPECT_FALSE(c.broken());
}

TEST(Auth, MissingPasswordIsAnAuthError) {
  redis_server server(secured());
  std::string message = auth_failure(test::tcp_options(server));
  EXPECT_NE(message.find("NOAUTH"), std::string::npos) << message;
}

TEST(Auth, UserWithoutPasswordIsAConfigError) {
  redis_server server(secured());
  auto o = test::tcp_options(server);
  o.user = "alice";
  EXPECT_THROW(connection::open(o), config_error);
}

TEST(Auth, LogsNeverContainThePassword) {
  redis_server server(secured());
  std::ostringstream captured;
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(captured);
  auto logger = std::make_shared<spdlog::logger>("capture", sink);
  logger->set_level(spdlog::level::trace);
  set_logger(logger);
  auto o = test::tcp_options(server);
  o.user = "alice";
  o.password = "alice-pw";
  connection::open(o).execute(command{"PING"});
  o.password = "wrong-pw";
  EXPECT_THROW(connection::open(o), auth_error);
  set_logger(nullptr);
  std::string text = captured.str();
  EXPECT_NE(text.find("connected to redis://alice:***@"), std::string::npos) << text;
  EXPECT_EQ(text.find("alice-pw"), std::string::npos) << text;
  EXPECT_EQ(text.find("wrong-pw"), std::string::npos) << text;
}

}  // namespace
