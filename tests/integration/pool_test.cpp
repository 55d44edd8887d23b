#include "integration/common.hpp"

#include <rediscache/error.hpp>
#include <rediscache/pool.hpp>
#include <rediscache/pooled_executor.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <thread>
#include <vector>

using namespace rediscache;
using namespace std::chrono_literals;
using rediscache::test::redis_server;

namespace {

TEST(Pool, ExhaustionThrowsPoolTimeoutWithinTimeoutPlusTenPercent) {
  redis_server server;
  pool_options p;
  p.max_connections = 2;
  p.pool_timeout = 200ms;
  connection_pool pool(test::tcp_options(server), p);
  auto a = pool.acquire();
  auto b = pool.acquire();
  std::chrono::milliseconds took{};
  try {
    took = test::time_it([&] { pool.acquire(); });
    FAIL() << "expected pool_timeout_error";
  } catch (const pool_timeout_error& e) {
    EXPECT_EQ(e.code(), errc::pool_timeout);
  }
  took = test::time_it([&] { EXPECT_THROW(pool.acquire(), pool_timeout_error); });
  EXPECT_GE(took, 195ms);
  EXPECT_LE(took, 220ms) << took.count() << " ms";
  auto stats = pool.stats();
  EXPECT_EQ(stats.in_use, 2u);
  EXPECT_EQ(stats.timeouts, 2u);
  EXPECT_EQ(stats.created, 2u);
}

TEST(Pool, WaiterGetsReturnedConnection) {
  redis_server server;
  pool_options p;
  p.max_connections = 1;
  p.pool_timeout = 2000ms;
  connection_pool pool(test::tcp_options(server), p);
  std::thread holder;
  {
    auto lease = pool.acquire();
    holder = std::thread([l = std::move(lease)]() mutable {
      std::this_thread::sleep_for(50ms);
      l->execute(command{"SET", "from", "holder"});
    });
  }
  auto lease = pool.acquire();
  EXPECT_EQ(lease->execute(command{"GET", "from"}).str(), "holder");
  holder.join();
  EXPECT_EQ(pool.stats().waits, 1u);
  EXPECT_EQ(pool.stats().created, 1u);
}

// A returned connection goes straight to the thread that waited longest: a thread that gives its
// connection back and asks again at once queues behind the waiter instead of taking it back
// before the waiter has woken up (which could starve a waiter until its pool_timeout).
TEST(Pool, ReturnedConnectionGoesToTheWaiterNotBackToTheReleaser) {
  redis_server server;
  pool_options p;
  p.max_connections = 1;
  p.pool_timeout = 2000ms;
  connection_pool pool(test::tcp_options(server), p);
  std::atomic<int> next_turn{0};
  int waiter_turn = -1;
  std::optional<connection_pool::lease> held(pool.acquire());
  std::thread waiter([&] {
    try {
      auto lease = pool.acquire();
      waiter_turn = next_turn++;
      lease->execute(command{"SET", "by", "waiter"});
    } catch (const error& e) {
      ADD_FAILURE() << "the waiter got no connection: " << e.what();
    }
  });
  while (pool.stats().waits == 0) std::this_thread::sleep_for(1ms);  // the waiter is queued
  held.reset();
  int releaser_turn = -1;
  {
    auto again = pool.acquire();
    releaser_turn = next_turn++;
    EXPECT_EQ(again->execute(command{"GET", "by"}).str(), "waiter");
  }
  waiter.join();
  EXPECT_EQ(waiter_turn, 0);
  EXPECT_EQ(releaser_turn, 1);
  EXPECT_EQ(pool.stats().created, 1u);
}

// The slot of a connection that broke while leased goes to a waiter, who opens a new one.
TEST(Pool, WaiterOpensANewConnectionWhenTheLeasedOneBroke) {
  redis_server server;
  pool_options p;
  p.max_connections = 1;
  p.pool_timeout = 2000ms;
  connection_pool pool(test::tcp_options(server), p);
  std::optional<connection_pool::lease> held(pool.acquire());
  std::string answer;
  std::thread waiter([&] {
    try {
      answer = pool.acquire()->execute(command{"ECHO", "fresh"}).str();
    } catch (const error& e) {
      ADD_FAILURE() << "the waiter got no connection: " << e.what();
    }
  });
  while (pool.stats().waits == 0) std::this_thread::sleep_for(1ms);
  (*held)->close();
  held.reset();
  waiter.join();
  EXPECT_EQ(answer, "fresh");
  auto stats = pool.stats();
  EXPECT_EQ(stats.created, 2u);
  EXPECT_EQ(stats.closed, 1u);
  EXPECT_EQ(stats.in_use, 0u);
  EXPECT_EQ(stats.idle, 1u);
}

TEST(Pool, ClosingThePoolEndsEveryWait) {
  redis_server server;
  pool_options p;
  p.max_connections = 1;
  p.pool_timeout = 10000ms;
  connection_pool pool(test::tcp_options(server), p);
  auto held = pool.acquire();
  std::vector<std::thread> waiters;
  std::atomic<int> told_closed{0};
  for (int i = 0; i < 3; ++i) {
    waiters.emplace_back([&] {
      try {
        pool.acquire();
      } catch (const closed_error&) {
        ++told_closed;
      }
    });
  }
  while (pool.stats().waits < 3) std::this_thread::sleep_for(1ms);
  auto took = test::time_it([&] {
    pool.close();
    for (auto& w : waiters) w.join();
  });
  EXPECT_EQ(told_closed.load(), 3);
  EXPECT_LT(took, 1000ms);
}

TEST(Pool, BrokenConnectionIsNeverReturned) {
  redis_server server;
  connection_pool pool(test::tcp_options(server));
  {
    auto lease = pool.acquire();
    lease->execute(command{"CLIENT", "SETNAME", "doomed"});
    lease->close();
  }
  EXPECT_EQ(pool.stats().idle, 0u);
  EXPECT_EQ(pool.stats().closed, 1u);
  auto lease = pool.acquire();
  EXPECT_TRUE(lease->execute(command{"CLIENT", "GETNAME"}).is_nil());
}

TEST(Pool, ConnectionKilledByServerIsReplacedWithoutError) {
  redis_server server;
  connection_pool pool(test::tcp_options(server));
  {
    auto lease = pool.acquire();
    lease->execute(command{"CLIENT", "SETNAME", "victim"});
  }
  server.command({"CLIENT", "KILL", "TYPE", "normal"});
  std::this_thread::sleep_for(50ms);
  auto lease = pool.acquire();
  EXPECT_EQ(lease->execute(command{"PING"}).str(), "PONG");
  EXPECT_EQ(pool.stats().created, 2u);
  EXPECT_EQ(pool.stats().closed, 1u);
}

// Idle connections are checked for a close by the server with one poll() over all of them: every
// one the server closed is replaced, none fails the (not idempotent) command it is reused for.
TEST(Pool, EveryIdleConnectionTheServerClosedIsReplacedWithoutError) {
  redis_server server;
  pool_options p;
  p.max_connections = 4;
  connection_pool pool(test::tcp_options(server), p);
  {
    std::vector<connection_pool::lease> leases;
    for (int i = 0; i < 4; ++i) leases.push_back(pool.acquire());
    for (auto& l : leases) l->execute(command{"PING"});
  }
  server.command({"CLIENT", "KILL", "TYPE", "normal"});
  std::this_thread::sleep_for(50ms);
  std::vector<connection_pool::lease> leases;
  for (int i = 0; i < 4; ++i) leases.push_back(pool.acquire());
  for (auto& l : leases) EXPECT_GE(l->execute(command{"INCR", "n"}).integer(), 1);
  EXPECT_EQ(server.command({"GET", "n"}), "4");
  EXPECT_EQ(pool.stats().created, 8u);
  EXPECT_EQ(pool.stats().closed, 4u);
}

// An idempotent command skips the check before reuse: the closed connection it got fails, and it
// is retried at once on another (not a retry in the retry policy's sense, which is off here)
// after every idle connection the server closed was dropped in one go.
TEST(Pool, IdempotentCommandOnIdleConnectionsTheServerClosedSucceeds) {
  redis_server server;
  pool_options p;
  p.max_connections = 4;
  p.retry.max_retries = 0;
  pooled_executor exec(test::tcp_options(server), p);
  {
    std::vector<connection_pool::lease> leases;
    for (int i = 0; i < 4; ++i) leases.push_back(exec.pool().acquire());
    for (auto& l : leases) l->execute(command{"PING"});
  }
  server.command({"CLIENT", "KILL", "TYPE", "normal"});
  std::this_thread::sleep_for(50ms);
  EXPECT_TRUE(exec.run(command{{"GET", "absent"}, idempotency::idempotent}).is_nil());
  EXPECT_EQ(exec.pool().stats().closed, 4u);
  EXPECT_EQ(exec.pool().stats().created, 5u);
  EXPECT_EQ(exec.run(command{"INCR", "n"}).integer(), 1);
  EXPECT_EQ(exec.pool().stats().created, 5u);
}

// A sweep vouches for an idle connection for a millisecond only: one the server closed after a
// sweep had found it fine is still noticed when it is reused later.
TEST(Pool, ConnectionClosedAfterASweepIsNoticedLater) {
  redis_server server;
  pool_options p;
  p.max_connections = 2;
  connection_pool pool(test::tcp_options(server), p);
  std::int64_t older_id = 0;
  {
    auto older = pool.acquire();
    auto newer = pool.acquire();
    older_id = older->execute(command{"CLIENT", "ID"}).integer();
    newer->execute(command{"PING"});
  }  // newer goes back last, so it is reused first
  std::this_thread::sleep_for(20ms);
  { pool.acquire()->execute(command{"PING"}); }  // a sweep finds both fine
  server.command({"CLIENT", "KILL", "ID", std::to_string(older_id)});
  std::this_thread::sleep_for(20ms);
  auto first = pool.acquire();
  auto second = pool.acquire();
  EXPECT_EQ(first->execute(command{"INCR", "m"}).integer(), 1);
  EXPECT_EQ(second->execute(command{"INCR", "m"}).integer(), 2);
  EXPECT_EQ(pool.stats().created, 3u);
  EXPECT_EQ(pool.stats().closed, 1u);
}

long ping_calls(const redis_server& server) {
  auto stats = server.command({"INFO", "commandstats"});
  auto at = stats.find("cmdstat_ping:calls=");
  return at == std::string::npos ? 0 : std::stol(stats.substr(at + 19));
}

// The interval is long enough for redis-cli (which ping_calls runs) on a loaded machine.
TEST(Pool, HealthCheckPingsIdleConnections) {
  redis_server server;
  pool_options p;
  p.health_check_interval = 400ms;
  connection_pool pool(test::tcp_options(server), p);
  { pool.acquire()->execute(command{"GET", "x"}); }
  long before = ping_calls(server);
  { pool.acquire()->execute(command{"GET", "x"}); }  // used moments ago: no check
  EXPECT_EQ(ping_calls(server), before);
  std::this_thread::sleep_for(500ms);
  { pool.acquire()->execute(command{"GET", "x"}); }
  EXPECT_EQ(ping_calls(server), before + 1);
  EXPECT_EQ(pool.stats().created, 1u);
}

TEST(Pool, ClosedPoolRefusesAcquire) {
  redis_server server;
  connection_pool pool(test::tcp_options(server));
  { pool.acquire(); }
  pool.close();
  EXPECT_THROW(pool.acquire(), closed_error);
}

TEST(Pool, SixteenThreadsTenThousandCommandsEach) {
  redis_server server;
  pool_options p;
  p.max_connections = 8;  // fewer than threads, so threads wait for each other
  p.pool_timeout = 5000ms;
  pooled_executor exec(test::tcp_options(server), p);
  constexpr int threads = 16;
  constexpr int per_thread = 10000;
  std::atomic<int> wrong{0};
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      std::string key = "thread:" + std::to_string(t);
      for (int i = 0; i < per_thread; ++i) {
        if (i % 2 == 0) {
          if (exec.run(command{"INCR", key}).integer() != i / 2 + 1) ++wrong;
        } else {
          if (exec.run(command{"GET", key}).str() != std::to_string(i / 2 + 1)) ++wrong;
        }
      }
    });
  }
  for (auto& w : workers) w.join();
  EXPECT_EQ(wrong.load(), 0);
  for (int t = 0; t < threads; ++t) {
    EXPECT_EQ(server.command({"GET", "thread:" + std::to_string(t)}), std::to_string(per_thread / 2));
  }
  auto stats = exec.pool().stats();
  EXPECT_LE(stats.created, 8u);
  EXPECT_EQ(stats.in_use, 0u);
}

}  // namespace
