// Runs examples/pubsub.cpp against a real redis-server.
#include "examples/run_example.hpp"

#include <gtest/gtest.h>

#include <string>

using rediscache::test::run;
using rediscache::test::url_of;

namespace {

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(Examples, Pubsub) {
  rediscache::test::redis_server server;
  auto r = run(std::string(EXAMPLE_PUBSUB) + " " + url_of(server));
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_TRUE(contains(r.output, "published to orders: 1 receiver(s)")) << r.output;
  EXPECT_TRUE(contains(r.output, "received on orders: order 17 created")) << r.output;
  EXPECT_TRUE(contains(r.output, "received on prices.tea (pattern prices.*): 3.20")) << r.output;
  EXPECT_FALSE(contains(r.output, "rain")) << r.output;
  EXPECT_TRUE(contains(r.output,
                       "after unsubscribe: received on prices.coffee (pattern prices.*): 2.80 "
                       "(and nothing from orders: right)"))
      << r.output;
  EXPECT_FALSE(contains(r.output, "order 18")) << r.output;
  EXPECT_TRUE(contains(r.output, "closed in under 100 ms")) << r.output;
  // The subscriber connection is gone with the process.
  EXPECT_EQ(server.command({"PUBSUB", "NUMPAT"}), "0");
}

TEST(Examples, PubsubReportsUnreachableServer) {
  std::uint16_t port = 0;
  {
    rediscache::test::redis_server gone;
    port = gone.port();
  }
  auto r = run(std::string(EXAMPLE_PUBSUB) + " redis://127.0.0.1:" + std::to_string(port));
  EXPECT_NE(r.status, 0);
  EXPECT_TRUE(contains(r.output, "[rediscache.connection]")) << r.output;
}

}  // namespace
