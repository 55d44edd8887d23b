// Sessions, locks and rate limits unchanged on a cache over a cluster_executor: their keys spread
// over the nodes, and their scripts each touch one slot.
#include "cluster/cluster_fixture.hpp"

#include <rediscache/cache.hpp>
#include <rediscache/error.hpp>
#include <rediscache/lock/distributed_lock.hpp>
#include <rediscache/pubsub/publish.hpp>
#include <rediscache/pubsub/subscriber.hpp>
#include <rediscache/ratelimit/rate_limiter.hpp>
#include <rediscache/redis_backend.hpp>
#include <rediscache/session/session_store.hpp>

#include <condition_variable>
#include <mutex>
#include <set>
#include <thread>

namespace rediscache::test {
namespace {

class cluster_modules : public cluster_test {
 protected:
  std::size_t owner_of(const std::string& key) {
    return cluster().primary_of(cluster().key_slot(key));
  }

  cache store{std::make_shared<redis_backend>(make_cluster_executor())};
};

TEST_F(cluster_modules, SessionsAreCreatedReadCycledAndFlushed) {
  session_store sessions(store);
  std::set<std::size_t> nodes;
  std::vector<std::string> keys;
  for (int i = 0; i < 12; ++i) {
    auto s = sessions.open();
    s.set("visits", i);
    s.save();
    keys.push_back(*s.session_key());
    nodes.insert(owner_of(store.make_key("django.contrib.sessions.cache" + keys.back())));
  }
  EXPECT_GE(nodes.size(), 2u);  // random keys spread over the primaries
  for (int i = 0; i < 12; ++i) {
    auto again = sessions.open(keys[static_cast<std::size_t>(i)]);
    EXPECT_EQ(again.get("visits", -1), i);
  }

  // cycle_key's new and old keys are in different slots: the session still moves to a new key,
  // and the old one is gone.
  auto s = sessions.open(keys[0]);
  s.cycle_key();
  ASSERT_TRUE(s.session_key());
  EXPECT_NE(*s.session_key(), keys[0]);
  EXPECT_FALSE(sessions.exists(keys[0]));
  EXPECT_EQ(sessions.open(*s.session_key()).get("visits", -1), 0);

  s.flush();
  EXPECT_FALSE(s.session_key());
  EXPECT_FALSE(sessions.exists(keys[0]));
}

TEST_F(cluster_modules, LocksExcludeEachOtherOnTheKeysNode) {
  lock_options options;
  options.timeout = std::chrono::seconds(10);
  options.blocking_timeout = std::chrono::milliseconds(300);
  options.sleep = std::chrono::milliseconds(20);
  options.sharing = token_sharing::shared;  // released by another thread below
  distributed_lock first(store, "report", options);
  distributed_lock second(store, "report", options);
  ASSERT_TRUE(first.acquire());
  EXPECT_EQ(cluster().command(owner_of(first.key()), {"GET", first.key()}), *first.token());
  EXPECT_FALSE(second.acquire());
  EXPECT_TRUE(first.extend(std::chrono::seconds(5)));
  std::thread releaser([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    first.release();
  });
  options.blocking_timeout = std::chrono::seconds(5);
  distributed_lock waiter(store, "report", options);
  EXPECT_TRUE(waiter.acquire());
  releaser.join();
  waiter.release();
  EXPECT_FALSE(waiter.locked());
}

TEST_F(cluster_modules, FencedLocksNeedAHashTagForTheirCounter) {
  lock_options fenced;
  fenced.fencing = true;
  fenced.blocking = blocking_mode::non_blocking;
  distributed_lock tagged(store, "{nightly}", fenced);
  ASSERT_TRUE(tagged.acquire());
  const auto token = tagged.fencing_token();
  tagged.release();
  ASSERT_TRUE(tagged.acquire());
  EXPECT_EQ(tagged.fencing_token(), *token + 1);
  tagged.release();

  // "<key>" and "<key>:fence" without a tag are two slots: refused before anything is written.
  distributed_lock untagged(store, "nightly", fenced);
  EXPECT_THROW(untagged.acquire(), cross_slot_error);
  EXPECT_FALSE(untagged.locked());
}

TEST_F(cluster_modules, RateLimitsCountPerIdOnEachIdsNode) {
  for (const auto algorithm :
       {rate_limit_algorithm::gcra, rate_limit_algorithm::fixed_window,
        rate_limit_algorithm::sliding_log, rate_limit_algorithm::sliding_window}) {
    rate_limit_options options;
    options.name = "api";
    options.algorithm = algorithm;
    options.limit = 3;
    options.window = std::chrono::seconds(60);
    // A fixed "now" in the middle of a window: no window may end between the decisions.
    const auto now = std::chrono::system_clock::time_point(std::chrono::hours(490000) +
                                                           std::chrono::seconds(30));
    options.clock = [now] { return now; };
    rate_limiter limiter(store, options);
    std::vector<rate_limit_request> requests;
    for (int round = 0; round < 4; ++round) {
      for (int id = 0; id < 6; ++id) requests.push_back({"client-" + std::to_string(id), 1});
    }
    const auto decisions = limiter.decide_many(requests);  // one batch over every node
    ASSERT_EQ(decisions.size(), requests.size());
    std::set<std::size_t> nodes;
    for (std::size_t i = 0; i < decisions.size(); ++i) {
      EXPECT_FALSE(decisions[i].degraded);
      EXPECT_EQ(decisions[i].allowed, i < 18) << "request " << i;  // 3 per id, then denied
      nodes.insert(owner_of(limiter.key_for(requests[i].id)));
    }
    EXPECT_GE(nodes.size(), 2u);
    EXPECT_FALSE(limiter.decide("client-0").allowed);
    EXPECT_TRUE(limiter.decide("client-new").allowed);
  }
}

TEST_F(cluster_modules, PublishedMessagesReachSubscribersOnEveryNode) {
  std::mutex mutex;
  std::condition_variable arrived;
  std::vector<std::string> received;
  std::vector<std::unique_ptr<subscriber>> listeners;
  for (std::size_t p : cluster().primaries()) {
    connection_options at;
    at.port = cluster().node(p).port();
    listeners.push_back(std::make_unique<subscriber>(at));
    ASSERT_TRUE(listeners.back()->subscribe("news", [&, p](const pubsub_message& m) {
      std::lock_guard<std::mutex> hold(mutex);
      received.push_back(cluster().address(p) + " " + m.payload);
      arrived.notify_all();
    }));
  }
  // The node that takes PUBLISH counts its own subscriber; Redis Cluster forwards to the rest.
  EXPECT_EQ(publish(store, "news", "hello"), 1);
  std::unique_lock<std::mutex> hold(mutex);
  EXPECT_TRUE(
      arrived.wait_for(hold, std::chrono::seconds(5), [&] { return received.size() == 3; }));
  for (std::size_t p : cluster().primaries()) {
    EXPECT_EQ(std::count(received.begin(), received.end(), cluster().address(p) + " hello"), 1);
  }
}

}  // namespace
}  // namespace rediscache::test
