#pragma once

#include "test_target.hpp"

#include <rediscache/cache.hpp>
#include <rediscache/memory_backend.hpp>
#include <rediscache/multiplexed_executor.hpp>
#include <rediscache/pooled_executor.hpp>
#include <rediscache/redis_backend.hpp>

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace rediscache::test {

// One suite, two backends: every TEST_P runs against Redis (one redis-server, or the cluster: see
// test_target.hpp) and against the in-process memory backend, which must behave the same.
// "multiplexed" runs the Redis case on a multiplexed_executor (tests/multiplex instantiates it;
// one server only).
class cache_test : public ::testing::TestWithParam<std::string> {
 protected:
  static void SetUpTestSuite() { server_ = std::make_unique<target_server>(); }
  static void TearDownTestSuite() { server_.reset(); }

  void SetUp() override {
    if (is_redis()) {
      server_->flush();
      if (GetParam() == "multiplexed") {
        if (on_cluster()) GTEST_SKIP() << "the multiplexed executor serves one server here";
        executor_ = server_->make_multiplexed_executor();
      } else {
        executor_ = server_->make_executor();
      }
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

  static std::unique_ptr<target_server> server_;
  std::shared_ptr<executor> executor_;
  std::shared_ptr<backend> storage_;
};

inline std::string backend_name(const ::testing::TestParamInfo<std::string>& info) {
  return info.param;
}

}  // namespace rediscache::test
