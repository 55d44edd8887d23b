#pragma once

#include "server_options.hpp"
#include "support/redis_server.hpp"
#include "test_target.hpp"

#include <rediscache/connection_options.hpp>
#include <rediscache/pubsub/message.hpp>
#include <rediscache/pubsub/subscriber_options.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <vector>

namespace rediscache::test {

// Collects what a callback saw and lets the test wait for it, with generous timeouts: they only
// bound a failure, a passing test never waits them out.
template <class Item>
class collector {
 public:
  void add(Item item) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      items_.push_back(std::move(item));
    }
    changed_.notify_all();
  }
  std::function<void(const Item&)> sink() {
    return [this](const Item& item) { add(item); };
  }
  bool wait_for(std::size_t count, std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    std::unique_lock<std::mutex> lock(mutex_);
    return changed_.wait_for(lock, timeout, [&] { return items_.size() >= count; });
  }
  bool wait_until(std::function<bool(const std::vector<Item>&)> done,
                  std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    std::unique_lock<std::mutex> lock(mutex_);
    return changed_.wait_for(lock, timeout, [&] { return done(items_); });
  }
  std::vector<Item> items() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return items_;
  }
  std::size_t size() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return items_.size();
  }

 private:
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<Item> items_;
};

using message_log = collector<pubsub_message>;
using event_log = collector<subscriber_event>;

// PUBLISH answers how many subscribers got the message on the node that ran it. A cluster
// forwards it to its other nodes without counting theirs, so there the answer is only a bound;
// the tests see delivery in their message logs.
inline void expect_receivers(long long answered, long long subscribers) {
  if (on_cluster()) {
    EXPECT_LE(answered, subscribers);
  } else {
    EXPECT_EQ(answered, subscribers);
  }
}

inline std::size_t count_kind(const std::vector<subscriber_event>& events,
                              subscriber_event_kind kind) {
  std::size_t n = 0;
  for (const auto& e : events) n += e.kind == kind ? 1 : 0;
  return n;
}

}  // namespace rediscache::test
