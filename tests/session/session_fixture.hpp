#pragma once

#include "test_target.hpp"

#include <rediscache/cache.hpp>
#include <rediscache/executor.hpp>
#include <rediscache/memory_backend.hpp>
#include <rediscache/pooled_executor.hpp>
#include <rediscache/redis_backend.hpp>
#include <rediscache/session/session_store.hpp>

#include <gtest/gtest.h>

#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace rediscache::test {

// Passes commands through and records their names, to show what one session operation sends.
class counting_executor final : public executor {
 public:
  explicit counting_executor(std::shared_ptr<executor> inner) : inner_(std::move(inner)) {}

  reply run(const command& cmd) override {
    note(cmd);
    return inner_->run(cmd);
  }
  std::vector<reply> run_batch(const std::vector<command>& commands) override {
    for (const auto& c : commands) note(c);
    return inner_->run_batch(commands);
  }
  transaction_result run_transaction(const std::vector<command>& commands) override {
    for (const auto& c : commands) note(c);
    return inner_->run_transaction(commands);
  }

  std::vector<std::string> names() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return names_;
  }
  void reset() {
    std::lock_guard<std::mutex> lock(mutex_);
    names_.clear();
  }

 private:
  void note(const command& cmd) {
    std::lock_guard<std::mutex> lock(mutex_);
    names_.emplace_back(cmd.name());
  }
  std::shared_ptr<executor> inner_;
  mutable std::mutex mutex_;
  std::vector<std::string> names_;
};

// One suite, two backends: every TEST_P runs against Redis (one redis-server, or the cluster: see
// test_target.hpp; through a counting executor) and against the in-process memory backend.
class session_test : public ::testing::TestWithParam<std::string> {
 protected:
  static void SetUpTestSuite() { server_ = std::make_unique<target_server>(); }
  static void TearDownTestSuite() { server_.reset(); }

  void SetUp() override {
    if (is_redis()) {
      server_->flush();
      redis_ = server_->make_executor();
      counter_ = std::make_shared<counting_executor>(redis_);
      storage_ = std::make_shared<redis_backend>(counter_);
    } else {
      storage_ = std::make_shared<memory_backend>();
    }
  }

  bool is_redis() const { return GetParam() == "redis"; }

  // Caches live as long as the test, so stores may keep references to them.
  cache& make_cache(cache_options options = {}) { return caches_.emplace_back(storage_, std::move(options)); }
  session_store make_store(session_options options = {}, cache_options cache_opts = {}) {
    return session_store(make_cache(std::move(cache_opts)), std::move(options));
  }

  // Keys in the database (Redis DBSIZE, or the memory backend's live entries).
  std::size_t stored_keys() {
    if (is_redis()) return static_cast<std::size_t>(redis_->run(command{"DBSIZE"}).integer());
    return static_cast<memory_backend&>(*storage_).size();
  }
  // Commands sent since the last call (Redis only; empty on memory).
  std::vector<std::string> sent() {
    if (!counter_) return {};
    auto names = counter_->names();
    counter_->reset();
    return names;
  }

  static std::unique_ptr<target_server> server_;
  std::shared_ptr<executor> redis_;
  std::shared_ptr<counting_executor> counter_;
  std::shared_ptr<backend> storage_;
  std::deque<cache> caches_;
};

inline std::string backend_name(const ::testing::TestParamInfo<std::string>& info) {
  return info.param;
}

}  // namespace rediscache::test
