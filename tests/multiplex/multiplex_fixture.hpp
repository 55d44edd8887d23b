#pragma once

#include "server_options.hpp"
#include "support/redis_server.hpp"

#include <rediscache/multiplexed_executor.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <memory>

namespace rediscache::test {

// One redis-server per test binary process (ctest runs each test in its own process, so a test
// may pause, kill or restart it), and a multiplexed executor on it with short timeouts.
class multiplex_test : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = std::make_unique<redis_server>(); }
  static void TearDownTestSuite() { server_.reset(); }

  void SetUp() override {
    if (!server_->running()) server_->restart();
    exec_ = make_executor();
    exec_->run(command{"FLUSHDB"});
  }
  void TearDown() override {
    if (exec_) exec_->close();
  }

  static connection_options short_timeouts() {
    connection_options o = options_of(*server_);
    o.socket_timeout = std::chrono::milliseconds(200);
    o.connect_timeout = std::chrono::milliseconds(200);
    return o;
  }
  static std::shared_ptr<multiplexed_executor> make_executor(multiplex_options m = {}) {
    return std::make_shared<multiplexed_executor>(short_timeouts(), m);
  }

  static std::unique_ptr<redis_server> server_;
  std::shared_ptr<multiplexed_executor> exec_;
};

}  // namespace rediscache::test
