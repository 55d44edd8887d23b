// Waits longer than one poll() can take (INT_MAX ms, about 24.8 days) or than a nanosecond
// deadline can hold (about 292 years) must still wait. They used to end early: a socket_timeout of
// 4294967.5 s after about 0.2 s, a wait of milliseconds::max() at once. Each test checks that the
// call is still waiting after a short while, then lets it finish.
#include "integration/common.hpp"

#include <rediscache/connection.hpp>
#include <rediscache/error.hpp>
#include <rediscache/lock/distributed_lock.hpp>
#include <rediscache/pooled_executor.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <string>

using namespace rediscache;
using namespace std::chrono_literals;
using rediscache::test::redis_server;
using std::chrono::milliseconds;

namespace {

constexpr auto still_waiting_after = 300ms;

template <class T>
bool finished_within(std::future<T>& f, std::chrono::milliseconds wait) {
  return f.wait_for(wait) == std::future_status::ready;
}

// A call that is never released would block the test forever (and the future's destructor with
// it): killing the server ends it with a connection error.
template <class T>
T result_or_kill(std::future<T>& f, redis_server& server) {
  if (!finished_within(f, 10s)) {
    ADD_FAILURE() << "still waiting 10 s after it was released";
    server.kill();
  }
  return f.get();
}

TEST(LongWaits, SocketTimeoutsPastIntMillisecondsWait) {
  redis_server server;
  for (const milliseconds timeout : {milliseconds((1LL << 31) + 1), milliseconds(4'294'967'500),
                                     milliseconds(24LL * 3600 * 365 * 1000)}) {
    SCOPED_TRACE(timeout.count());
    auto o = test::tcp_options(server);
    o.socket_timeout = timeout;
    auto c = connection::open(o);
    server.pause();
    auto pong = std::async(std::launch::async, [&c] { return c.execute(command{"PING"}).str(); });
    const bool ended_early = finished_within(pong, still_waiting_after);
    server.resume();
    EXPECT_FALSE(ended_early) << "the call ended before the server answered";
    try {
      EXPECT_EQ(result_or_kill(pong, server), "PONG");
    } catch (const error& e) {
      ADD_FAILURE() << e.what();
    }
  }
}

TEST(LongWaits, ReceiveWithTheLongestWaitWaitsForAMessage) {
  redis_server server;
  auto c = connection::open(test::tcp_options(server));
  c.execute(command{"SUBSCRIBE", "news"});
  auto message = std::async(std::launch::async, [&c] { return c.receive(milliseconds::max()); });
  const bool ended_early = finished_within(message, still_waiting_after);
  server.command({"PUBLISH", "news", "hello"});
  EXPECT_FALSE(ended_early) << "receive() returned before anything was published";
  const auto got = result_or_kill(message, server);
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->elements().at(2).str(), "hello");
}

TEST(LongWaits, LockWithTheLongestBlockingTimeoutWaitsForTheRelease) {
  redis_server server;
  pooled_executor exec(test::tcp_options(server));
  lock_options holding;
  holding.sleep = 20ms;
  distributed_lock holder(exec, "long-wait", holding);
  ASSERT_TRUE(holder.acquire());

  lock_options waiting = holding;
  waiting.blocking_timeout = milliseconds::max();
  waiting.sharing = token_sharing::shared;
  distributed_lock waiter(exec, "long-wait", waiting);
  auto acquired = std::async(std::launch::async, [&waiter] { return waiter.acquire(); });
  const bool ended_early = finished_within(acquired, still_waiting_after);
  holder.release();
  EXPECT_FALSE(ended_early) << "acquire() gave up although it may wait without limit";
  EXPECT_TRUE(result_or_kill(acquired, server));
  waiter.release();
}

}  // namespace
