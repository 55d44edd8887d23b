// System calls per command, counted by the kernel for the calling thread: a command on a warm
// connection is one send and one receive, as with hiredis (it used to poll before every receive),
// and checking idle connections for a close by the server costs one poll() for all of them, not a
// recv(MSG_PEEK) for each. Skipped where the kernel does not let the test count.
#include "integration/common.hpp"
#include "integration/syscall_counter.hpp"

#include <rediscache/connection.hpp>
#include <rediscache/pool.hpp>
#include <rediscache/pooled_executor.hpp>

#include <gtest/gtest.h>

#include <thread>
#include <vector>

using namespace rediscache;
using namespace std::chrono_literals;
using rediscache::test::redis_server;
using rediscache::test::syscall_counter;

namespace {

constexpr std::uint64_t commands = 200;
// A rare allocation that reaches the kernel (brk, mmap) may add a call; on a loaded machine the
// scheduler may stall the loop for over a millisecond now and then, after which the pool checks
// its idle connections with a poll(). Three calls per command would still fail by far.
constexpr std::uint64_t allowance = commands / 10;

TEST(Syscalls, CounterCountsNothingWhenNothingRuns) {
  syscall_counter counter;
  if (!counter.available()) GTEST_SKIP() << counter.why();
  counter.start();
  EXPECT_EQ(counter.stop(), 0u);
  counter.start();
  ::getppid();
  EXPECT_EQ(counter.stop(), 1u);
}

TEST(Syscalls, CommandOnAWarmConnectionIsOneSendAndOneReceive) {
  syscall_counter counter;
  if (!counter.available()) GTEST_SKIP() << counter.why();
  redis_server server;
  auto c = connection::open(test::tcp_options(server));
  c.execute(command{"SET", "k", std::string(100, 'v')});
  counter.start();
  for (std::uint64_t i = 0; i < commands; ++i) c.execute(command{"GET", "k"});
  EXPECT_LE(counter.stop(), 2 * commands + allowance);
}

TEST(Syscalls, PooledCommandIsOneSendAndOneReceive) {
  syscall_counter counter;
  if (!counter.available()) GTEST_SKIP() << counter.why();
  redis_server server;
  pooled_executor exec(test::tcp_options(server));
  exec.run(command{"SET", "k", std::string(100, 'v')});
  counter.start();
  for (std::uint64_t i = 0; i < commands; ++i) exec.run(command{"GET", "k"});
  EXPECT_LE(counter.stop(), 2 * commands + allowance);
}

// A command that may be sent twice skips the look for a close by the server even after the
// connection idled: one that turns out closed is retried on another (see the pool tests).
TEST(Syscalls, IdempotentCommandAfterAnIdlePeriodIsOneSendAndOneReceive) {
  syscall_counter counter;
  if (!counter.available()) GTEST_SKIP() << counter.why();
  redis_server server;
  pooled_executor exec(test::tcp_options(server));
  exec.run(command{"SET", "k", "v"});
  for (int i = 0; i < 5; ++i) {
    std::this_thread::sleep_for(5ms);  // past the 1 ms a sweep or a use vouches for
    counter.start();
    EXPECT_EQ(exec.run(command{{"GET", "k"}, idempotency::idempotent}).str(), "v");
    EXPECT_EQ(counter.stop(), 2u);
  }
}

TEST(Syscalls, OnePollChecksEveryIdleConnection) {
  syscall_counter counter;
  if (!counter.available()) GTEST_SKIP() << counter.why();
  redis_server server;
  pool_options p;
  p.max_connections = 8;
  connection_pool pool(test::tcp_options(server), p);
  std::vector<connection_pool::lease> leases;
  leases.reserve(8);
  for (int i = 0; i < 8; ++i) leases.push_back(pool.acquire());
  for (auto& l : leases) l->execute(command{"PING"});
  leases.clear();
  std::this_thread::sleep_for(20ms);  // long enough for every one to need a check
  counter.start();
  for (int i = 0; i < 8; ++i) leases.push_back(pool.acquire());
  // One poll(); a second one if the scheduler stalled the loop for over a millisecond.
  EXPECT_LE(counter.stop(), 2u);
  for (auto& l : leases) EXPECT_EQ(l->execute(command{"PING"}).str(), "PONG");
  EXPECT_EQ(pool.stats().created, 8u);
}

}  // namespace
