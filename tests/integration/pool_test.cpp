#include "integration/common.hpp"

#include <rediscache/error.hpp>
#include <rediscache/pool.hpp>
#include <rediscache/pooled_executor.hpp>

#include <gtest/gtest.h>

#include <atomic>
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

long ping_calls(const redis_server& server) {
  auto stats = server.command({"INFO", "commandstats"});
  auto at = stats.find("cmdstat_ping:calls=");
  return at == std::string::npos ? 0 : std::stol(stats.substr(at + 19));
}

TEST(Pool, HealthCheckPingsIdleConnections) {
  redis_server server;
  pool_options p;
  p.health_check_interval = 50ms;
  connection_pool pool(test::tcp_options(server), p);
  { pool.acquire()->execute(command{"GET", "x"}); }
  long before = ping_calls(server);
  { pool.acquire()->execute(command{"GET", "x"}); }  // used moments ago: no check
  EXPECT_EQ(ping_calls(server), before);
  std::this_thread::sleep_for(80ms);
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
