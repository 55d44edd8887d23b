// Runs examples/multiplexed.cpp against a real redis-server.
#include "examples/run_example.hpp"

#include <gtest/gtest.h>

#include <string>

namespace {

TEST(Examples, Multiplexed) {
  rediscache::test::redis_server server;
  auto r = rediscache::test::run(std::string(EXAMPLE_MULTIPLEXED) + " " +
                                 rediscache::test::url_of(server));
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("item:1234 = 1234"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("sum of 1000 async reads = 499500"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("visits = 5"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("log length = 3"), std::string::npos) << r.output;
  EXPECT_EQ(server.command({"GET", ":1:visits"}), "5");
}

}  // namespace
