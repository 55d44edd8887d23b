// The direct-access examples on hashes and lists, run against a real redis-server.
#include "examples/run_example.hpp"

#include <gtest/gtest.h>

#include <string>

using rediscache::test::run;
using rediscache::test::url_of;

namespace {

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(Examples, UserProfile) {
  rediscache::test::redis_server server;
  auto r = run(std::string(EXAMPLE_USER_PROFILE) + " " + url_of(server));
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_TRUE(contains(r.output, "fields added: 4")) << r.output;
  EXPECT_TRUE(contains(r.output, "name = Ada\n")) << r.output;
  EXPECT_TRUE(contains(r.output, "age = 36\n")) << r.output;
  EXPECT_TRUE(contains(r.output, "city = Lyon, France\n")) << r.output;
  EXPECT_TRUE(contains(r.output, "visits = 1\n")) << r.output;
  EXPECT_TRUE(contains(r.output, "email replaced: false")) << r.output;
  EXPECT_TRUE(contains(r.output, "has phone: false")) << r.output;
  EXPECT_TRUE(contains(r.output, "fields: address age email name visits\n")) << r.output;
  EXPECT_TRUE(contains(r.output, "expires in 30 days")) << r.output;
  // What Redis holds is what redis-py would read.
  EXPECT_EQ(server.command({"HGET", "user:1000", "age"}), "36");
  EXPECT_EQ(server.command({"HGET", "user:1000", "visits"}), "1");
  EXPECT_EQ(server.command({"HGET", "user:1000", "email"}), "ada@example.org");
  EXPECT_EQ(server.command({"HGET", "user:1000", "address"}),
            R"({"city":"Lyon","country":"France"})");
}

TEST(Examples, JobQueue) {
  rediscache::test::redis_server server;
  auto r = run(std::string(EXAMPLE_JOB_QUEUE) + " " + url_of(server));
  ASSERT_EQ(r.status, 0) << r.output;
  std::string::size_type at = 0;
  for (int id = 1; id <= 5; ++id) {  // in the order they were pushed
    const std::string line =
        "job " + std::to_string(id) + " done: photo-" + std::to_string(id) + ".jpg resized\n";
    const auto found = r.output.find(line, at);
    ASSERT_NE(found, std::string::npos) << line << r.output;
    at = found;
  }
  EXPECT_TRUE(contains(r.output, "worker: no job for 1 s, stopping after 5 jobs")) << r.output;
  EXPECT_TRUE(contains(r.output, "results: 5, pending: 0, processing: 0")) << r.output;
  EXPECT_EQ(server.command({"EXISTS", "jobs:pending", "jobs:processing", "jobs:results"}), "0");
}

}  // namespace
