// Delivery, unsubscribing, callbacks, closing and the memory backend.
#include "pubsub/pubsub_helpers.hpp"

#include <rediscache/cache.hpp>
#include <rediscache/error.hpp>
#include <rediscache/pooled_executor.hpp>
#include <rediscache/pubsub/publish.hpp>
#include <rediscache/pubsub/subscriber.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

using namespace std::chrono_literals;
using rediscache::pubsub_message;
using rediscache::subscriber;
using rediscache::test::expect_receivers;
using rediscache::test::message_log;
using rediscache::test::options_of;
using rediscache::test::redis_server;
using rediscache::test::target_server;

namespace {

// One server per test, or the emptied cluster (see test_target.hpp).
class Subscriber : public ::testing::Test {
 protected:
  target_server server;
  std::shared_ptr<rediscache::executor> commands = server.make_executor();
  rediscache::executor& redis = *commands;
};

TEST_F(Subscriber, SubscribeDeliversMessagesOfThatChannelOnly) {
  message_log news;
  subscriber sub(commands);
  ASSERT_TRUE(sub.subscribe("news", news.sink()));
  expect_receivers(rediscache::publish(redis, "weather", "rain"), 0);
  expect_receivers(rediscache::publish(redis, "news", "hello"), 1);
  expect_receivers(rediscache::publish(redis, "news", "world"), 1);
  ASSERT_TRUE(news.wait_for(2));
  auto got = news.items();
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].channel, "news");
  EXPECT_EQ(got[0].payload, "hello");
  EXPECT_EQ(got[0].pattern, "");
  EXPECT_EQ(got[1].payload, "world");
  EXPECT_EQ(sub.channel_count(), 1u);
  EXPECT_TRUE(sub.connected());
}

TEST_F(Subscriber, PayloadsAreBinarySafe) {
  message_log log;
  subscriber sub(commands);
  ASSERT_TRUE(sub.subscribe(std::string("bin\0ary", 7), log.sink()));
  const std::string payload("a\0b\r\nc\xff", 7);
  expect_receivers(rediscache::publish(redis, std::string("bin\0ary", 7), payload), 1);
  ASSERT_TRUE(log.wait_for(1));
  EXPECT_EQ(log.items()[0].payload, payload);
  EXPECT_EQ(log.items()[0].channel, std::string("bin\0ary", 7));
}

TEST_F(Subscriber, PsubscribeDeliversMatchesWithThePattern) {
  message_log log;
  subscriber sub(commands);
  ASSERT_TRUE(sub.psubscribe("news.*", log.sink()));
  expect_receivers(rediscache::publish(redis, "news.sport", "goal"), 1);
  expect_receivers(rediscache::publish(redis, "weather.today", "sun"), 0);
  expect_receivers(rediscache::publish(redis, "news.art", "paint"), 1);
  ASSERT_TRUE(log.wait_for(2));
  auto got = log.items();
  EXPECT_EQ(got[0].pattern, "news.*");
  EXPECT_EQ(got[0].channel, "news.sport");
  EXPECT_EQ(got[0].payload, "goal");
  EXPECT_EQ(got[1].channel, "news.art");
  EXPECT_EQ(sub.pattern_count(), 1u);
}

TEST_F(Subscriber, ChannelAndPatternBothDeliverTheSameMessage) {
  message_log direct;
  message_log matched;
  subscriber sub(commands);
  ASSERT_TRUE(sub.subscribe("orders", direct.sink()));
  ASSERT_TRUE(sub.psubscribe("ord*", matched.sink()));
  expect_receivers(rediscache::publish(redis, "orders", "42"), 2);
  ASSERT_TRUE(direct.wait_for(1));
  ASSERT_TRUE(matched.wait_for(1));
  EXPECT_EQ(matched.items()[0].pattern, "ord*");
}

TEST_F(Subscriber, UnsubscribeStopsDelivery) {
  message_log kept;
  message_log dropped;
  subscriber sub(commands);
  ASSERT_TRUE(sub.subscribe("kept", kept.sink()));
  ASSERT_TRUE(sub.subscribe("dropped", dropped.sink()));
  ASSERT_TRUE(sub.psubscribe("p.*", dropped.sink()));
  sub.unsubscribe("dropped");
  sub.punsubscribe("p.*");
  EXPECT_EQ(sub.channel_count(), 1u);
  EXPECT_EQ(sub.pattern_count(), 0u);
  rediscache::publish(redis, "dropped", "x");
  rediscache::publish(redis, "p.x", "x");
  rediscache::publish(redis, "kept", "last");  // arrives after the others, if they came at all
  ASSERT_TRUE(kept.wait_for(1));
  EXPECT_EQ(dropped.size(), 0u);
  // The server forgets them too.
  for (int i = 0; i < 100 && server.command({"PUBSUB", "NUMSUB", "dropped"}) != "dropped\n0"; ++i) {
    std::this_thread::sleep_for(20ms);
  }
  EXPECT_EQ(server.command({"PUBSUB", "NUMSUB", "dropped"}), "dropped\n0");
  EXPECT_EQ(server.command({"PUBSUB", "NUMPAT"}), "0");
}

TEST_F(Subscriber, SubscribingAgainReplacesTheCallback) {
  message_log first;
  message_log second;
  subscriber sub(commands);
  ASSERT_TRUE(sub.subscribe("c", first.sink()));
  ASSERT_TRUE(sub.subscribe("c", second.sink()));
  expect_receivers(rediscache::publish(redis, "c", "m"), 1);
  ASSERT_TRUE(second.wait_for(1));
  EXPECT_EQ(first.size(), 0u);
}

TEST_F(Subscriber, AThrowingCallbackDoesNotStopTheReader) {
  message_log log;
  std::atomic<int> calls{0};
  subscriber sub(commands);
  ASSERT_TRUE(sub.subscribe("c", [&](const pubsub_message& m) {
    if (calls++ == 0) throw std::runtime_error("boom");
    log.add(m);
  }));
  ASSERT_TRUE(sub.subscribe("d", [](const pubsub_message&) { throw 42; }));
  rediscache::publish(redis, "c", "first");
  rediscache::publish(redis, "d", "non-standard");
  rediscache::publish(redis, "c", "second");
  ASSERT_TRUE(log.wait_for(1));
  EXPECT_EQ(log.items()[0].payload, "second");
  EXPECT_TRUE(sub.connected());
}

TEST_F(Subscriber, CallbacksMaySubscribeAndUnsubscribe) {
  message_log follow_up;
  subscriber sub(commands);
  ASSERT_TRUE(sub.subscribe("start", [&](const pubsub_message&) {
    EXPECT_FALSE(sub.subscribe("next", follow_up.sink()));  // cannot wait on its own thread
    sub.unsubscribe("start");
  }));
  rediscache::publish(redis, "start", "go");
  for (int i = 0; i < 500 && rediscache::publish(redis, "next", "hello") == 0; ++i) {
    std::this_thread::sleep_for(10ms);
  }
  ASSERT_TRUE(follow_up.wait_for(1));
  EXPECT_EQ(sub.channel_count(), 1u);
}

TEST_F(Subscriber, ManyThreadsSubscribeAndUnsubscribeAtOnce) {
  constexpr int threads = 4;
  constexpr int channels_each = 25;
  message_log log;
  subscriber sub(commands);
  auto name_of = [](int t, int i) { return "ch" + std::to_string(t) + "." + std::to_string(i); };
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      for (int i = 0; i < channels_each; ++i) {
        EXPECT_TRUE(sub.subscribe(name_of(t, i), log.sink()));
        expect_receivers(rediscache::publish(redis, name_of(t, i), "m"), 1);
      }
    });
  }
  for (auto& w : workers) w.join();
  ASSERT_TRUE(log.wait_for(threads * channels_each));
  workers.clear();
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      for (int i = 1; i < channels_each; i += 2) sub.unsubscribe(name_of(t, i));
    });
  }
  for (auto& w : workers) w.join();
  EXPECT_EQ(sub.channel_count(), static_cast<std::size_t>(threads) * (channels_each + 1) / 2);
  expect_receivers(rediscache::publish(redis, name_of(0, 0), "still"), 1);
  ASSERT_TRUE(log.wait_for(threads * channels_each + 1));
}

TEST_F(Subscriber, CloseIsBoundedAndJoins) {
  message_log log;
  subscriber sub(commands);
  ASSERT_TRUE(sub.subscribe("c", log.sink()));
  std::this_thread::sleep_for(50ms);  // the reader is idle inside receive()
  auto start = std::chrono::steady_clock::now();
  sub.close();
  auto took = std::chrono::steady_clock::now() - start;
  RecordProperty(
      "close_us",
      static_cast<int>(std::chrono::duration_cast<std::chrono::microseconds>(took).count()));
  EXPECT_LT(took, 300ms) << "documented bound: about poll_interval (20 ms)";
  EXPECT_FALSE(sub.connected());
  EXPECT_THROW(sub.subscribe("d", log.sink()), rediscache::closed_error);
  sub.close();  // idempotent
  for (int i = 0; i < 100 && server.command({"PUBSUB", "NUMSUB", "c"}) != "c\n0"; ++i) {
    std::this_thread::sleep_for(20ms);
  }
  EXPECT_EQ(server.command({"PUBSUB", "NUMSUB", "c"}), "c\n0");
}

TEST_F(Subscriber, NoCallbackRunsAfterCloseReturns) {
  std::atomic<bool> closed{false};
  std::atomic<int> late_calls{0};
  std::atomic<int> calls{0};
  auto sub = std::make_unique<subscriber>(commands);
  ASSERT_TRUE(sub->subscribe("flood", [&](const pubsub_message&) {
    ++calls;
    std::this_thread::sleep_for(1ms);  // a slow callback, likely running when close() starts
    if (closed) ++late_calls;
  }));
  std::atomic<bool> publishing{true};
  std::thread publisher([&] {
    auto own = server.make_executor();
    while (publishing) rediscache::publish(*own, "flood", "x");
  });
  for (int i = 0; i < 10000 && calls < 20; ++i) std::this_thread::sleep_for(1ms);
  auto start = std::chrono::steady_clock::now();
  sub->close();
  closed = true;
  auto took = std::chrono::steady_clock::now() - start;
  RecordProperty(
      "close_us",
      static_cast<int>(std::chrono::duration_cast<std::chrono::microseconds>(took).count()));
  std::this_thread::sleep_for(100ms);
  publishing = false;
  publisher.join();
  EXPECT_EQ(late_calls, 0);
  EXPECT_LT(took, 300ms);
  sub.reset();
}

TEST_F(Subscriber, DestroyingFromItsOwnCallbackIsSafe) {
  std::atomic<bool> done{false};
  auto sub = std::make_unique<subscriber>(commands);
  subscriber* raw = sub.get();
  std::unique_ptr<subscriber> owned = std::move(sub);
  ASSERT_TRUE(raw->subscribe("bye", [&](const pubsub_message&) {
    owned.reset();
    done = true;
  }));
  rediscache::publish(redis, "bye", "now");
  for (int i = 0; i < 500 && !done; ++i) std::this_thread::sleep_for(10ms);
  EXPECT_TRUE(done);
}

TEST_F(Subscriber, PublishThroughACache) {
  auto c =
      rediscache::cache::from_url("redis://127.0.0.1:" + std::to_string(server.single().port()));
  message_log log;
  subscriber sub(c);
  ASSERT_TRUE(sub.subscribe("from-cache", log.sink()));
  EXPECT_EQ(rediscache::publish(c, "from-cache", "hi"), 1);
  ASSERT_TRUE(log.wait_for(1));
}

TEST(SubscriberAcl, ARefusedChannelThrowsAndTheOthersStillWork) {
  rediscache::test::server_config cfg;
  cfg.acl_users = {"alice on >secret ~* resetchannels &allowed* +@all"};
  redis_server server(cfg);
  auto o = options_of(server);
  o.user = "alice";
  o.password = "secret";
  message_log log;
  subscriber sub(o);
  EXPECT_THROW(sub.subscribe("forbidden", log.sink()), rediscache::reply_error);
  EXPECT_EQ(sub.channel_count(), 0u);
  ASSERT_TRUE(sub.subscribe("allowed.1", log.sink()));
  EXPECT_THROW(sub.psubscribe("*", log.sink()), rediscache::reply_error);
  ASSERT_TRUE(sub.psubscribe("allowed*", log.sink()));  // ACLs compare patterns literally
  rediscache::pooled_executor redis(o);
  EXPECT_EQ(rediscache::publish(redis, "allowed.1", "hi"), 2);
  ASSERT_TRUE(log.wait_for(2));
}

TEST(SubscriberWithoutServer, MemoryBackendIsUnsupported) {
  auto c = rediscache::cache::from_url("memory://");
  try {
    subscriber sub(c);
    FAIL() << "expected unsupported_error";
  } catch (const rediscache::unsupported_error& e) {
    EXPECT_NE(std::string(e.what()).find("pub/sub needs a Redis backend"), std::string::npos)
        << e.what();
  }
  EXPECT_THROW(rediscache::publish(c, "c", "m"), rediscache::unsupported_error);
}

TEST(SubscriberWithoutServer, UnreachableServerThrowsFromTheConstructor) {
  std::uint16_t port = 0;
  {
    redis_server gone;
    port = gone.port();
  }
  rediscache::connection_options o;
  o.port = port;
  EXPECT_THROW(subscriber{o}, rediscache::connection_error);
}

}  // namespace
