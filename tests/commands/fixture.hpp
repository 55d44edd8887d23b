#pragma once

#include "server_options.hpp"
#include "support/redis_server.hpp"

#include <rediscache/client.hpp>
#include <rediscache/pooled_executor.hpp>

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace rediscache::test {

// How a typed command is run: alone, in a pipeline, or in MULTI/EXEC. Each command test runs
// its steps all three ways, so every command is checked in each.
enum class run_mode { call, pipeline, transaction };

inline std::string mode_name(const ::testing::TestParamInfo<run_mode>& info) {
  switch (info.param) {
    case run_mode::call: return "call";
    case run_mode::pipeline: return "pipeline";
    case run_mode::transaction: return "transaction";
  }
  return "unknown";
}

// One redis-server for the whole test binary, flushed before each test.
class commands_test : public ::testing::TestWithParam<run_mode> {
 protected:
  static void SetUpTestSuite() {
    if (!server_) server_ = std::make_unique<redis_server>();
  }

  void SetUp() override {
    client_ = std::make_unique<client>(std::make_shared<pooled_executor>(options_of(*server_)));
    client_->execute("FLUSHALL");
  }

  // Runs cmd the way this test instance runs commands; the result, or the command's error thrown.
  template <class T>
  T run(typed_command<T> cmd) {
    switch (GetParam()) {
      case run_mode::call:
        return client_->run(cmd);
      case run_mode::pipeline: {
        batch b;
        auto result = b.add(std::move(cmd));
        client_->run(b);
        return result.get();
      }
      case run_mode::transaction: {
        batch b;
        auto result = b.add(std::move(cmd));
        client_->run_transaction(b);
        return result.get();
      }
    }
    throw std::logic_error("unknown run mode");
  }

  client& redis() { return *client_; }
  redis_server& server() { return *server_; }

  static inline std::unique_ptr<redis_server> server_;
  std::unique_ptr<client> client_;
};

// One redis-server for the whole test binary and a client on it, flushed before each test.
class client_test : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!server_) server_ = std::make_unique<redis_server>();
  }
  void SetUp() override { redis.execute("FLUSHALL"); }

  static inline std::unique_ptr<redis_server> server_;
  client redis{std::make_shared<pooled_executor>(options_of(*server_))};
};

}  // namespace rediscache::test

#define REDISCACHE_COMMAND_TESTS(suite)                                                        \
  INSTANTIATE_TEST_SUITE_P(modes, suite,                                                       \
                           ::testing::Values(rediscache::test::run_mode::call,                 \
                                             rediscache::test::run_mode::pipeline,             \
                                             rediscache::test::run_mode::transaction),         \
                           rediscache::test::mode_name)
