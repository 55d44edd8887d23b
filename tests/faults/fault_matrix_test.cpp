// The fault matrix: cache, lock, session and rate-limit calls while the network or the server
// misbehaves. Every call returns (a value or a typed error) within its timeout plus 10 % (and a
// small slack, see budget_for), the pool recovers within a second of the server coming back, no
// call ever gets another call's reply, and no INCR is applied twice.
#include "faults/fault_run.hpp"
#include "support/fault_proxy.hpp"
#include "support/redis_server.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <string>
#include <thread>

namespace rediscache::test {
namespace {

using namespace std::chrono_literals;

constexpr auto timeout = 200ms;

// Persistent, with every write on disk before its reply, so a kill -9 loses only writes whose
// outcome the client could not know.
server_config durable() {
  server_config config;
  config.persistence = true;
  config.extra_config = {"appendfsync always"};
  return config;
}

class FaultMatrix : public ::testing::Test {
 protected:
  FaultMatrix() : server(durable()), proxy(server.host(), server.port()) {}

  std::unique_ptr<clients> direct() {
    return std::make_unique<clients>(server.host(), server.port(), timeout);
  }
  std::unique_ptr<clients> via_proxy() {
    return std::make_unique<clients>(proxy.host(), proxy.port(), timeout);
  }

  std::function<std::int64_t()> counter_of(clients& c) {
    return [this, key = c.store.make_key(known_data::counter)] {
      return std::stoll(server.command({"GET", key}));
    };
  }

  void run_proxied(const std::function<void()>& inject, std::chrono::milliseconds hold) {
    auto c = via_proxy();
    run_fault(*c, log, counter_of(*c), inject, hold, [this] { proxy.pass(); });
  }

  redis_server server;
  fault_proxy proxy;
  call_log log;
};

std::size_t count(const call_log& log, ending e) {
  std::size_t n = 0;
  for (const auto& r : log.records()) n += r.result == e;
  return n;
}

TEST_F(FaultMatrix, ShortDelaysSlowCallsButNoneFails) {
  run_proxied([this] { proxy.delay(30ms); }, 600ms);
  EXPECT_EQ(count(log, ending::failed), 0u);
}

TEST_F(FaultMatrix, DelaysBeyondTheTimeout) {
  run_proxied([this] { proxy.delay(400ms); }, 600ms);
  EXPECT_GT(count(log, ending::failed), 0u);
}

TEST_F(FaultMatrix, Blackhole) {
  run_proxied([this] { proxy.blackhole(); }, 600ms);
  EXPECT_GT(count(log, ending::failed), 0u);
}

TEST_F(FaultMatrix, ConnectionsReset) {
  run_proxied([this] { proxy.reset(); }, 600ms);
  EXPECT_GT(count(log, ending::failed), 0u);
}

TEST_F(FaultMatrix, RepliesCutShort) {
  run_proxied([this] { proxy.truncate(3); }, 600ms);
  EXPECT_GT(count(log, ending::failed), 0u);
}

// The server runs each command, the client never hears back: the case where a retried INCR would
// count twice.
TEST_F(FaultMatrix, ConnectionsDroppedAfterTheCommandWasWritten) {
  run_proxied([this] { proxy.drop_after_write(); }, 600ms);
  EXPECT_GT(log.unknown_increments(), 0);
}

TEST_F(FaultMatrix, ServerKilledAndRestarted) {
  auto c = direct();
  run_fault(
      *c, log, counter_of(*c), [this] { server.kill(); }, 300ms, [this] { server.restart(); });
}

TEST_F(FaultMatrix, ServerStoppedAndContinued) {
  auto c = direct();
  run_fault(
      *c, log, counter_of(*c), [this] { server.pause(); }, 600ms, [this] { server.resume(); });
  EXPECT_GT(count(log, ending::failed), 0u);
}

TEST_F(FaultMatrix, DebugSleep) {
  auto c = direct();
  std::thread sleeper;
  run_fault(
      *c, log, counter_of(*c),
      [&] { sleeper = std::thread([this] {
              server.command({"DEBUG", "SLEEP", "0.7"});
            }); }, 0ms,
      [&] { sleeper.join(); });
  EXPECT_GT(count(log, ending::failed), 0u);
}

TEST_F(FaultMatrix, ClientPause) {
  auto c = direct();
  run_fault(
      *c, log, counter_of(*c),
      [this] {
        server.command({"CLIENT", "PAUSE", "700"});
      },
      700ms, [] {});
  EXPECT_GT(count(log, ending::failed), 0u);
}

TEST_F(FaultMatrix, ClientKill) {
  auto c = direct();
  std::atomic<bool> killing{true};
  std::thread killer;
  run_fault(
      *c, log, counter_of(*c),
      [&] {
        killer = std::thread([&] {
          while (killing) {
            server.command({"CLIENT", "KILL", "TYPE", "normal"});
            std::this_thread::sleep_for(50ms);
          }
        });
      },
      600ms,
      [&] {
        killing = false;
        killer.join();
      });
  EXPECT_GT(count(log, ending::failed), 0u);
}

}  // namespace
}  // namespace rediscache::test
