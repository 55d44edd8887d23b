// Runs every example program against a real redis-server, as a user pasting them would.
#include "support/redis_server.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

namespace {

struct run_result {
  int status;
  std::string output;
};

run_result run(const std::string& command_line) {
  run_result result{-1, {}};
  FILE* pipe = ::popen((command_line + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return result;
  char buffer[4096];
  std::size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) result.output.append(buffer, n);
  result.status = ::pclose(pipe);
  return result;
}

std::string url_of(const rediscache::test::redis_server& server) {
  return "redis://127.0.0.1:" + std::to_string(server.port()) + "/0";
}

TEST(Examples, Quickstart) {
  rediscache::test::redis_server server;
  auto r = run(std::string(EXAMPLE_QUICKSTART) + " " + url_of(server));
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("greeting = hello from rediscache"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("visits = 1"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("expected error: ERR"), std::string::npos) << r.output;
  EXPECT_EQ(server.command({"GET", "visits"}), "1");
}

TEST(Examples, QuickstartReportsUnreachableServer) {
  std::uint16_t port;
  {
    rediscache::test::redis_server gone;
    port = gone.port();
  }
  auto r = run(std::string(EXAMPLE_QUICKSTART) + " redis://127.0.0.1:" + std::to_string(port));
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.output.find("[rediscache.connection]"), std::string::npos) << r.output;
}

TEST(Examples, PipelineAndScripts) {
  rediscache::test::redis_server server;
  auto r = run(std::string(EXAMPLE_PIPELINE_AND_SCRIPTS) + " " + url_of(server));
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("pipelined 100 SETs"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("1 + 4 + 9 = 14"), std::string::npos) << r.output;
  EXPECT_EQ(server.command({"GET", "revenue"}), "250");
}

}  // namespace
