// Losing the connection: server restarts, CLIENT KILL, a frozen server; resubscription and the
// reported gap; closing during an outage.
#include "pubsub/pubsub_helpers.hpp"

#include <rediscache/error.hpp>
#include <rediscache/pooled_executor.hpp>
#include <rediscache/pubsub/publish.hpp>
#include <rediscache/pubsub/subscriber.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>

using namespace std::chrono_literals;
using rediscache::subscriber;
using rediscache::subscriber_event;
using rediscache::subscriber_event_kind;
using rediscache::subscriber_options;
using rediscache::test::count_kind;
using rediscache::test::event_log;
using rediscache::test::message_log;
using rediscache::test::options_of;
using rediscache::test::redis_server;

namespace {

bool has_restore(const std::vector<subscriber_event>& events) {
  return count_kind(events, subscriber_event_kind::connection_restored) > 0;
}

bool has_loss(const std::vector<subscriber_event>& events) {
  return count_kind(events, subscriber_event_kind::connection_lost) > 0;
}

// Publishes until someone receives it: after a restore the subscription is confirmed, but a
// publisher's pooled connection may still be the one the restart broke.
long long publish_with_retry(rediscache::executor& redis, const std::string& channel,
                             const std::string& payload) {
  for (int i = 0; i < 50; ++i) {
    try {
      return rediscache::publish(redis, channel, payload);
    } catch (const rediscache::connection_error&) {
      std::this_thread::sleep_for(20ms);
    }
  }
  return -1;
}

class Reconnect : public ::testing::Test {
 protected:
  subscriber_options with_events() {
    subscriber_options o;
    o.on_event = events.sink();
    return o;
  }
  redis_server server;
  event_log events;
  message_log messages;
};

TEST_F(Reconnect, ResubscribesAfterServerRestartAndReportsTheGap) {
  subscriber sub(options_of(server), with_events());
  ASSERT_TRUE(sub.subscribe("a", messages.sink()));
  ASSERT_TRUE(sub.psubscribe("p.*", messages.sink()));
  auto before = std::chrono::system_clock::now();
  server.restart();
  ASSERT_TRUE(events.wait_until(has_restore));
  auto got = events.items();
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].kind, subscriber_event_kind::connection_lost);
  EXPECT_FALSE(got[0].reason.empty());
  EXPECT_GE(got[0].lost_at, before);
  EXPECT_EQ(got[1].kind, subscriber_event_kind::connection_restored);
  EXPECT_EQ(got[1].lost_at, got[0].lost_at);
  EXPECT_GE(got[1].restored_at, got[1].lost_at);
  EXPECT_GT(got[1].gap.count(), 0);
  EXPECT_EQ(got[1].channels, 1u);
  EXPECT_EQ(got[1].patterns, 1u);
  EXPECT_TRUE(sub.connected());

  rediscache::pooled_executor redis(options_of(server));
  EXPECT_EQ(publish_with_retry(redis, "a", "after"), 1);
  EXPECT_EQ(publish_with_retry(redis, "p.x", "after"), 1);
  ASSERT_TRUE(messages.wait_for(2));
}

TEST_F(Reconnect, ResubscribesAfterClientKill) {
  subscriber sub(options_of(server), with_events());
  ASSERT_TRUE(sub.subscribe("a", messages.sink()));
  ASSERT_TRUE(sub.psubscribe("p.*", messages.sink()));
  EXPECT_EQ(server.command({"CLIENT", "KILL", "TYPE", "pubsub"}), "1");
  ASSERT_TRUE(events.wait_until(has_restore));
  auto got = events.items();
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].kind, subscriber_event_kind::connection_lost);
  EXPECT_EQ(got[1].channels, 1u);
  EXPECT_EQ(got[1].patterns, 1u);
  EXPECT_LT(got[1].gap, 5s);

  rediscache::pooled_executor redis(options_of(server));
  EXPECT_EQ(rediscache::publish(redis, "a", "after"), 1);
  EXPECT_EQ(rediscache::publish(redis, "p.1", "after"), 1);
  ASSERT_TRUE(messages.wait_for(2));
  EXPECT_EQ(messages.items()[0].payload, "after");
}

TEST_F(Reconnect, SubscriptionsMadeWhileDisconnectedTakeEffectOnReconnect) {
  subscriber sub(options_of(server), with_events());
  ASSERT_TRUE(sub.subscribe("early", messages.sink()));
  server.stop();
  ASSERT_TRUE(events.wait_until(has_loss));
  EXPECT_FALSE(sub.connected());
  EXPECT_FALSE(sub.subscribe("late", messages.sink()));
  EXPECT_FALSE(sub.psubscribe("late.*", messages.sink()));
  sub.unsubscribe("early");  // forgotten while down: not subscribed again
  server.restart();
  ASSERT_TRUE(events.wait_until(has_restore));
  auto restored = events.items().back();
  EXPECT_EQ(restored.channels, 1u);
  EXPECT_EQ(restored.patterns, 1u);

  rediscache::pooled_executor redis(options_of(server));
  EXPECT_EQ(rediscache::publish(redis, "late", "1"), 1);
  EXPECT_EQ(rediscache::publish(redis, "late.x", "2"), 1);
  EXPECT_EQ(rediscache::publish(redis, "early", "3"), 0);
  ASSERT_TRUE(messages.wait_for(2));
}

TEST_F(Reconnect, HeartbeatDetectsAFrozenServer) {
  auto o = with_events();
  o.heartbeat_interval = 200ms;
  o.heartbeat_timeout = 300ms;
  subscriber sub(options_of(server), o);
  ASSERT_TRUE(sub.subscribe("a", messages.sink()));
  auto paused_at = std::chrono::steady_clock::now();
  server.pause();
  ASSERT_TRUE(events.wait_until(has_loss));
  auto noticed = std::chrono::steady_clock::now() - paused_at;
  server.resume();
  // Silence for heartbeat_interval, then no PONG for heartbeat_timeout: about 0.5 s.
  EXPECT_GE(noticed, 400ms);
  EXPECT_LT(noticed, 5s);
  EXPECT_NE(events.items()[0].reason.find("PING"), std::string::npos) << events.items()[0].reason;
  ASSERT_TRUE(events.wait_until(has_restore));
  rediscache::pooled_executor redis(options_of(server));
  EXPECT_EQ(publish_with_retry(redis, "a", "back"), 1);
  ASSERT_TRUE(messages.wait_for(1));
}

TEST_F(Reconnect, IdleConnectionStaysUpWithHeartbeats) {
  auto o = with_events();
  o.heartbeat_interval = 50ms;
  o.heartbeat_timeout = 2s;
  subscriber sub(options_of(server), o);
  ASSERT_TRUE(sub.subscribe("a", messages.sink()));
  std::this_thread::sleep_for(600ms);  // about ten PINGs
  EXPECT_EQ(events.size(), 0u);
  EXPECT_TRUE(sub.connected());
  sub.unsubscribe("a");  // PING outside subscribe mode answers +PONG
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(events.size(), 0u);
  EXPECT_TRUE(sub.connected());
}

TEST_F(Reconnect, CloseDuringAnOutageIsBounded) {
  subscriber sub(options_of(server), with_events());
  ASSERT_TRUE(sub.subscribe("a", messages.sink()));
  server.stop();
  ASSERT_TRUE(events.wait_until(has_loss));
  std::this_thread::sleep_for(300ms);  // inside the reconnect loop
  auto start = std::chrono::steady_clock::now();
  sub.close();
  auto took = std::chrono::steady_clock::now() - start;
  RecordProperty(
      "close_us",
      static_cast<int>(std::chrono::duration_cast<std::chrono::microseconds>(took).count()));
  EXPECT_LT(took, 400ms) << "bound: poll_interval, or one reconnect attempt (250 ms cap)";
}

TEST_F(Reconnect, CloseWhileReconnectingToAFrozenServerIsBounded) {
  auto o = with_events();
  o.heartbeat_interval = 100ms;
  o.heartbeat_timeout = 100ms;
  subscriber sub(options_of(server), o);
  ASSERT_TRUE(sub.subscribe("a", messages.sink()));
  server.pause();
  ASSERT_TRUE(events.wait_until(has_loss));
  std::this_thread::sleep_for(300ms);
  auto start = std::chrono::steady_clock::now();
  sub.close();
  auto took = std::chrono::steady_clock::now() - start;
  RecordProperty(
      "close_us",
      static_cast<int>(std::chrono::duration_cast<std::chrono::microseconds>(took).count()));
  server.resume();
  EXPECT_LT(took, 600ms);
}

}  // namespace
