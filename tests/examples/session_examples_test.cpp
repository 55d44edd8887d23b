// Runs examples/session.cpp against a real redis-server.
#include "examples/run_example.hpp"

#include <gtest/gtest.h>

#include <string>

using rediscache::test::run;
using rediscache::test::url_of;

namespace {

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(SessionExamples, LoginRotationAndLogout) {
  rediscache::test::redis_server server;
  auto r = run(std::string(EXAMPLE_SESSION) + " " + url_of(server, 3));
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_TRUE(has(r.output, "request 1: cart saved, Set-Cookie: Expires=")) << r.output;
  EXPECT_TRUE(has(r.output, "; Max-Age=1209600; Path=/; HttpOnly; SameSite=Lax\n")) << r.output;
  EXPECT_TRUE(has(r.output, "request 2: cart has 2 items")) << r.output;
  EXPECT_TRUE(has(r.output, "login: key rotated: true, old key still stored: false, user id: 42"))
      << r.output;
  EXPECT_TRUE(has(r.output, "expires in 1209600 s")) << r.output;
  EXPECT_TRUE(has(r.output, "logout: session stored: false, Set-Cookie: sessionid=; Expires=Thu, "
                            "01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/; HttpOnly; SameSite=Lax"))
      << r.output;
  EXPECT_TRUE(has(r.output, "must_create: kiosk-8 refused, the session belongs to kiosk-7"))
      << r.output;
  EXPECT_TRUE(has(r.output, "stale cookie: empty session")) << r.output;
  // Every session it made is gone: the rotated one, the logged-in one, and no stale recreation.
  EXPECT_EQ(server.command({"-n", "3", "DBSIZE"}), "0");
  // The login rotation ran as a script on the server; the saves were plain SETs.
  const std::string stats = server.command({"INFO", "commandstats"});
  EXPECT_TRUE(has(stats, "cmdstat_eval")) << stats;
  EXPECT_TRUE(has(stats, "cmdstat_set:")) << stats;
}

TEST(SessionExamples, ReportsAnUnreachableServer) {
  std::uint16_t port;
  {
    rediscache::test::redis_server gone;
    port = gone.port();
  }
  auto r = run(std::string(EXAMPLE_SESSION) + " redis://127.0.0.1:" + std::to_string(port));
  EXPECT_NE(r.status, 0);
  EXPECT_TRUE(has(r.output, "[rediscache.connection]")) << r.output;
}

}  // namespace
