// The fault matrix of tests/faults on a multiplexed executor: cache, lock, session and rate-limit
// calls while the network or the server misbehaves. Every call returns a value or a typed error
// within its timeout plus 10 %, the executor recovers within a second of the fault clearing, no
// call gets another call's reply, and no INCR is applied twice.
#include "faults/fault_run.hpp"
#include "support/fault_proxy.hpp"
#include "support/redis_server.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace rediscache::test {
namespace {

using namespace std::chrono_literals;

constexpr auto timeout = 200ms;

server_config durable() {
  server_config config;
  config.persistence = true;
  config.extra_config = {"appendfsync always"};
  return config;
}

class MultiplexedFaultMatrix : public ::testing::Test {
 protected:
  MultiplexedFaultMatrix() : server(durable()), proxy(server.host(), server.port()) {}

  std::unique_ptr<clients> direct() {
    return std::make_unique<clients>(server.host(), server.port(), timeout, true);
  }
  std::unique_ptr<clients> via_proxy() {
    return std::make_unique<clients>(proxy.host(), proxy.port(), timeout, true);
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

TEST_F(MultiplexedFaultMatrix, DelaysBeyondTheTimeout) {
  run_proxied([this] { proxy.delay(400ms); }, 600ms);
  EXPECT_GT(count(log, ending::failed), 0u);
}

TEST_F(MultiplexedFaultMatrix, Stall) {
  run_proxied([this] { proxy.blackhole(); }, 600ms);
  EXPECT_GT(count(log, ending::failed), 0u);
}

TEST_F(MultiplexedFaultMatrix, ConnectionsReset) {
  run_proxied([this] { proxy.reset(); }, 600ms);
  EXPECT_GT(count(log, ending::failed), 0u);
}

TEST_F(MultiplexedFaultMatrix, RepliesCutShort) {
  run_proxied([this] { proxy.truncate(3); }, 600ms);
  EXPECT_GT(count(log, ending::failed), 0u);
}

TEST_F(MultiplexedFaultMatrix, ConnectionsDroppedAfterTheCommandWasWritten) {
  run_proxied([this] { proxy.drop_after_write(); }, 600ms);
  EXPECT_GT(log.unknown_increments(), 0);
}

TEST_F(MultiplexedFaultMatrix, ServerKilledAndRestarted) {
  auto c = direct();
  run_fault(
      *c, log, counter_of(*c), [this] { server.kill(); }, 300ms, [this] { server.restart(); });
}

TEST_F(MultiplexedFaultMatrix, ServerStoppedAndContinued) {
  auto c = direct();
  run_fault(
      *c, log, counter_of(*c), [this] { server.pause(); }, 600ms, [this] { server.resume(); });
  EXPECT_GT(count(log, ending::failed), 0u);
}

}  // namespace
}  // namespace rediscache::test
