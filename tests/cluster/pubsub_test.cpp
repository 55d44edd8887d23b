// Pub/sub and lock release notifications through a cache over a cluster: a subscriber made from
// the cache sits on one node, hears what is published through any node, and moves to another
// node when its own dies.
#include "cluster/cluster_fixture.hpp"

#include <rediscache/cache.hpp>
#include <rediscache/lock/distributed_lock.hpp>
#include <rediscache/pubsub/publish.hpp>
#include <rediscache/pubsub/subscriber.hpp>
#include <rediscache/redis_backend.hpp>

#include <chrono>
#include <condition_variable>
#include <iostream>
#include <mutex>
#include <thread>

namespace rediscache::test {
namespace {

using namespace std::chrono_literals;

class inbox {
 public:
  message_callback sink() {
    return [this](const pubsub_message& m) {
      std::lock_guard<std::mutex> hold(mutex_);
      payloads_.push_back(m.payload);
      changed_.notify_all();
    };
  }
  bool wait_for(const std::string& payload, std::chrono::milliseconds timeout) {
    std::unique_lock<std::mutex> hold(mutex_);
    return changed_.wait_for(hold, timeout, [&] {
      return std::find(payloads_.begin(), payloads_.end(), payload) != payloads_.end();
    });
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<std::string> payloads_;
};

class cluster_pubsub : public cluster_test {
 protected:
  // The nodes where channel has a subscriber of its own (PUBSUB NUMSUB counts local ones only).
  std::vector<std::size_t> listening_nodes(const std::string& channel) {
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < cluster().size(); ++i) {
      if (!cluster().node(i).running()) continue;
      if (cluster().command(i, {"PUBSUB", "NUMSUB", channel}) == channel + "\n1") out.push_back(i);
    }
    return out;
  }

  cache store{std::make_shared<redis_backend>(make_cluster_executor())};
};

TEST_F(cluster_pubsub, ASubscriberFromTheCacheHearsWhatIsPublishedOnAnyNode) {
  inbox received;
  subscriber listener(store);
  ASSERT_TRUE(listener.subscribe("orders", received.sink()));
  ASSERT_EQ(listening_nodes("orders").size(), 1u);
  // Through the cache (a primary of the executor's choosing) and straight to every primary.
  publish(store, "orders", "via-cache");
  EXPECT_TRUE(received.wait_for("via-cache", 5s));
  for (std::size_t p : cluster().primaries()) {
    const std::string payload = "via-" + cluster().address(p);
    cluster().command(p, {"PUBLISH", "orders", payload});
    EXPECT_TRUE(received.wait_for(payload, 5s)) << payload;
  }
}

TEST_F(cluster_pubsub, ASubscriberWhoseNodeDiesMovesToAnotherAndKeepsHearing) {
  inbox received;
  subscriber listener(store);
  ASSERT_TRUE(listener.subscribe("orders", received.sink()));
  const auto before = listening_nodes("orders");
  ASSERT_EQ(before.size(), 1u);
  const std::size_t victim = before.front();
  const bool was_primary = cluster().replicas_of(victim).size() > 0;

  const auto killed_at = std::chrono::steady_clock::now();
  cluster().kill(victim);
  if (was_primary) cluster().wait_for_promotion(victim);
  // Messages published while it reconnects are lost (Redis keeps no backlog): publish until one
  // arrives.
  bool heard = false;
  for (int i = 0; i < 200 && !heard; ++i) {
    const std::string payload = "after-" + std::to_string(i);
    publish(store, "orders", payload);
    heard = received.wait_for(payload, 100ms);
  }
  EXPECT_TRUE(heard) << "nothing heard after node " << cluster().address(victim) << " died";
  const auto gap = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - killed_at);
  std::cout << "[ pubsub ] heard again " << gap.count() << " ms after the kill\n";
  RecordProperty("heard_again_ms", static_cast<int>(gap.count()));
  const auto after = listening_nodes("orders");
  ASSERT_EQ(after.size(), 1u);
  EXPECT_NE(after.front(), victim);
  cluster().restart(victim);
}

TEST_F(cluster_pubsub, AReleaseWakesALockWaiterThroughTheClusterNotByPolling) {
  lock_options options;
  options.timeout = 10s;
  options.sleep = 2s;  // a poll could not explain a wake-up within a second
  options.sharing = token_sharing::shared;
  distributed_lock holder(store, "{report}", options);
  distributed_lock waiter(store, "{report}", options);
  ASSERT_TRUE(holder.acquire());
  std::atomic<long long> woke_after_ms{-1};
  std::thread waiting([&] {
    const auto start = std::chrono::steady_clock::now();
    ASSERT_TRUE(waiter.acquire());
    woke_after_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::steady_clock::now() - start)
                        .count();
  });
  std::this_thread::sleep_for(300ms);  // the waiter tried, failed and waits for the message
  holder.release();
  waiting.join();
  // 300 ms before the release, plus the message's way; a poll would come at 2 s.
  EXPECT_GE(woke_after_ms.load(), 250);
  EXPECT_LT(woke_after_ms.load(), 1500);
  waiter.release();
}

}  // namespace
}  // namespace rediscache::test
