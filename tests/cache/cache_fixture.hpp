#pragma once

#include "server_options.hpp"
#include "support/redis_server.hpp"

#include <rediscache/cache.hpp>
#include <rediscache/memory_backend.hpp>
#include <rediscache/multiplexed_executor.hpp>
#include <rediscache/pooled_executor.hpp>
#include <rediscache/redis_backend.hpp>

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace rediscache::test {

// One suite, two backends: every TEST_P runs against a real redis-server and against the
// in-process memory backend, which must behave the same. "multiplexed" runs the redis case on a
// multiplexed_executor (tests/multiplex instantiates it).
class cache_test : public ::testing::TestWithParam<std::string> {
 protected:
  static void SetUpTestSuite() { server_ = std::make_unique<redis_server>(); }
  static void TearDownTestSuite() { server_.reset(); }

  void SetUp() override {
    if (is_redis()) {
      if (GetParam() == "multiplexed") {
        executor_ = std::make_shared<multiplexed_executor>(options_of(*server_));
      } else {
        executor_ = std::make_shared<pooled_executor>(options_of(*server_));
      }
      executor_->run(command{"FLUSHDB"});
    }
  }

  bool is_redis() const { return GetParam() != "memory"; }

  // A fresh backend; caches made from the same test share the storage underneath.
  std::shared_ptr<backend> storage() {
    if (!storage_) {
      if (is_redis()) storage_ = std::make_shared<redis_backend>(executor_);
      else storage_ = std::make_shared<memory_backend>();
    }
    return storage_;
  }

  cache make_cache(cache_options options = {}) { return cache(storage(), std::move(options)); }

  static std::unique_ptr<redis_server> server_;
  std::shared_ptr<executor> executor_;
  std::shared_ptr<backend> storage_;
};

inline std::string backend_name(const ::testing::TestParamInfo<std::string>& info) {
  return info.param;
}

}  // namespace rediscache::test
