// The shared connection under faults: a stopped server, a killed and restarted one, and the
// fault proxy's stall, reset and truncated replies, with many callers in flight.
#include "multiplex/multiplex_fixture.hpp"
#include "support/fault_proxy.hpp"

#include <rediscache/error.hpp>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

namespace rediscache::test {
namespace {

using namespace std::chrono_literals;
using clock = std::chrono::steady_clock;

std::chrono::milliseconds since(clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(clock::now() - start);
}

// Polls until a GET answers, for at most limit; how long that took.
std::chrono::milliseconds time_to_recover(executor& exec, std::chrono::milliseconds limit) {
  auto start = clock::now();
  while (since(start) < limit) {
    try {
      exec.run(command{"PING"});
      return since(start);
    } catch (const connection_error&) {
      std::this_thread::sleep_for(10ms);
    }
  }
  return limit;
}

// Callers on many threads, each checking that every reply it gets is its own.
class callers {
 public:
  callers(executor& exec, int threads) {
    for (int t = 0; t < threads; ++t) {
      workers_.emplace_back([this, &exec, t] {
        for (int i = 0; !stop_; ++i) {
          const std::string value = std::to_string(t) + ":" + std::to_string(i);
          try {
            auto got = exec.run(command{"ECHO", value}).str();
            if (got != value) {
              ++wrong;
              ADD_FAILURE() << "got " << got << " for " << value;
            }
            ++ok;
          } catch (const connection_error&) {
            ++failed;
          } catch (const std::exception& e) {
            ++wrong;
            ADD_FAILURE() << "unexpected exception: " << e.what();
          }
        }
      });
    }
  }
  ~callers() { stop(); }
  void stop() {
    stop_ = true;
    for (auto& w : workers_) {
      if (w.joinable()) w.join();
    }
  }
  std::atomic<int> ok{0}, failed{0}, wrong{0};

 private:
  std::atomic<bool> stop_{false};
  std::vector<std::thread> workers_;
};

class MultiplexFaults : public multiplex_test {};

TEST_F(MultiplexFaults, CallTimesOutAtItsDeadlineOnAStoppedServerAndLaterCallsAreRight) {
  exec_->run(command{"SET", "a", "1"});
  server_->pause();
  auto start = clock::now();
  EXPECT_THROW(exec_->run(command{"GET", "a"}), timeout_error);
  auto took = since(start);
  EXPECT_GE(took, 195ms);
  EXPECT_LE(took, 260ms) << took.count() << " ms for a 200 ms timeout";
  server_->resume();
  // The late reply to the GET ("1") is dropped; each later call gets its own.
  EXPECT_EQ(exec_->run(command{"ECHO", "after"}).str(), "after");
  EXPECT_EQ(exec_->run(command{"GET", "a"}).str(), "1");
}

TEST_F(MultiplexFaults, ManyCallersThroughAPauseAllGetTheirOwnReplies) {
  callers load(*exec_, 16);
  std::this_thread::sleep_for(50ms);
  server_->pause();
  std::this_thread::sleep_for(300ms);
  server_->resume();
  EXPECT_LT(time_to_recover(*exec_, 2000ms), 2000ms);
  std::this_thread::sleep_for(50ms);
  load.stop();
  EXPECT_EQ(load.wrong.load(), 0);
  EXPECT_GT(load.failed.load(), 0);
  EXPECT_GT(load.ok.load(), 0);
}

TEST_F(MultiplexFaults, ServerKilledAndRestartedWithCallersInFlight) {
  callers load(*exec_, 16);
  std::this_thread::sleep_for(50ms);
  server_->kill();
  std::this_thread::sleep_for(200ms);
  server_->restart();
  auto recovery = time_to_recover(*exec_, 3000ms);
  EXPECT_LE(recovery, 1000ms) << "no reconnect within a second of the restart";
  const int before = load.ok.load();
  std::this_thread::sleep_for(100ms);
  load.stop();
  EXPECT_GT(load.ok.load(), before) << "callers did not resume";
  EXPECT_EQ(load.wrong.load(), 0);
  EXPECT_GT(load.failed.load(), 0);
}

TEST_F(MultiplexFaults, DownServerFailsCallsFastWithConnectionError) {
  server_->kill();
  std::this_thread::sleep_for(50ms);
  auto start = clock::now();
  for (int i = 0; i < 5; ++i) EXPECT_THROW(exec_->run(command{"GET", "a"}), connection_error);
  EXPECT_LE(since(start), 1100ms);
  server_->restart();
  EXPECT_LE(time_to_recover(*exec_, 3000ms), 1500ms);
}

TEST_F(MultiplexFaults, IncrIsNeverRetriedAfterItWasWritten) {
  fault_proxy proxy(server_->host(), server_->port());
  connection_options o = short_timeouts();
  o.host = proxy.host();
  o.port = proxy.port();
  multiplexed_executor exec(o);
  exec.run(command{"SET", "n", "0"});
  proxy.drop_after_write();
  EXPECT_THROW(exec.run(command{"INCR", "n"}), connection_error);
  proxy.pass();
  EXPECT_LE(time_to_recover(exec, 2000ms), 1000ms);
  EXPECT_EQ(exec.run(command{"GET", "n"}).str(), "1");
}

TEST_F(MultiplexFaults, IdempotentCommandIsRetriedWhenItsConnectionDrops) {
  fault_proxy proxy(server_->host(), server_->port());
  connection_options o = short_timeouts();
  o.socket_timeout = 2000ms;  // room for a slow redis-cli to do the kill while the GET is held
  o.host = proxy.host();
  o.port = proxy.port();
  multiplexed_executor exec(o);
  exec.run(command{"SET", "k", "v"});
  // The GET is written but its connection is killed before the reply: the retry on a fresh
  // connection answers it.
  proxy.delay(300ms);
  std::thread killer([&] {
    std::this_thread::sleep_for(15ms);
    server_->command({"CLIENT", "KILL", "TYPE", "normal"});
  });
  reply r;
  EXPECT_NO_THROW(r = exec.run(command({"GET", "k"}, idempotency::idempotent)));
  killer.join();
  EXPECT_EQ(r.str(), "v");
  EXPECT_GE(proxy.accepted(), 2);
}

// Each proxy fault with callers in flight: calls fail with connection errors or succeed, never
// with someone else's reply, and the executor recovers within a second once the fault clears.
class MultiplexProxyFaults : public multiplex_test,
                             public ::testing::WithParamInterface<const char*> {};

TEST_P(MultiplexProxyFaults, CallersNeverGetAnotherCallersReply) {
  fault_proxy proxy(server_->host(), server_->port());
  connection_options o = short_timeouts();
  o.host = proxy.host();
  o.port = proxy.port();
  multiplexed_executor exec(o);
  callers load(exec, 16);
  std::this_thread::sleep_for(50ms);
  const std::string fault = GetParam();
  if (fault == "stall") proxy.blackhole();
  if (fault == "reset") proxy.reset();
  if (fault == "truncate") proxy.truncate(7);
  if (fault == "delay") proxy.delay(300ms);
  std::this_thread::sleep_for(600ms);
  const int failed_during = load.failed.load();
  proxy.pass();
  auto recovery = time_to_recover(exec, 3000ms);
  EXPECT_LE(recovery, 1000ms);
  std::this_thread::sleep_for(100ms);
  load.stop();
  EXPECT_EQ(load.wrong.load(), 0);
  EXPECT_GT(failed_during, 0);
  EXPECT_EQ(exec.run(command{"ECHO", "still right"}).str(), "still right");
}

INSTANTIATE_TEST_SUITE_P(faults, MultiplexProxyFaults,
                         ::testing::Values("stall", "reset", "truncate", "delay"));

}  // namespace
}  // namespace rediscache::test
