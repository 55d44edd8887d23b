// The non-blocking forms: futures and callbacks, many in flight from one thread.
#include "multiplex/multiplex_fixture.hpp"

#include <rediscache/error.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <string>
#include <vector>

namespace rediscache::test {
namespace {

using namespace std::chrono_literals;
using clock = std::chrono::steady_clock;

class MultiplexAsync : public multiplex_test {};

TEST_F(MultiplexAsync, ThousandFuturesFromOneThreadEachGetTheirReply) {
  std::vector<std::future<reply>> pending;
  for (int i = 0; i < 1000; ++i) pending.push_back(exec_->run_async(command{"ECHO", std::to_string(i)}));
  for (int i = 0; i < 1000; ++i) EXPECT_EQ(pending[static_cast<std::size_t>(i)].get().str(), std::to_string(i));
}

TEST_F(MultiplexAsync, CallbacksRunWithTheReplyOrTheError) {
  std::mutex m;
  std::condition_variable cv;
  int done = 0;
  std::string value;
  bool got_reply_error = false;
  exec_->run(command{"SET", "text", "abc"});
  exec_->run_async(command{"GET", "text"}, [&](std::exception_ptr e, reply r) {
    std::lock_guard<std::mutex> lock(m);
    if (!e) value = r.str();
    ++done;
    cv.notify_one();
  });
  exec_->run_async(command{"INCR", "text"}, [&](std::exception_ptr e, reply) {
    std::lock_guard<std::mutex> lock(m);
    try {
      if (e) std::rethrow_exception(e);
    } catch (const reply_error&) {
      got_reply_error = true;
    } catch (...) {
    }
    ++done;
    cv.notify_one();
  });
  std::unique_lock<std::mutex> lock(m);
  ASSERT_TRUE(cv.wait_for(lock, 2s, [&] { return done == 2; }));
  EXPECT_EQ(value, "abc");
  EXPECT_TRUE(got_reply_error);
}

TEST_F(MultiplexAsync, BatchFutureHoldsRepliesInOrder) {
  auto f = exec_->run_batch_async({command{"SET", "a", "1"}, command{"INCR", "a"}, command{"GET", "a"}});
  auto replies = f.get();
  ASSERT_EQ(replies.size(), 3u);
  EXPECT_EQ(replies[1].integer(), 2);
  EXPECT_EQ(replies[2].str(), "2");
}

TEST_F(MultiplexAsync, FutureTimesOutAtItsDeadlineOnAStoppedServer) {
  server_->pause();
  auto start = clock::now();
  auto f = exec_->run_async(command{"PING"});
  ASSERT_EQ(f.wait_for(1s), std::future_status::ready);
  auto took = clock::now() - start;
  server_->resume();
  EXPECT_THROW(f.get(), timeout_error);
  EXPECT_GE(took, 195ms);
  EXPECT_LE(took, 260ms);
  EXPECT_EQ(exec_->run_async(command{"ECHO", "later"}).get().str(), "later");
}

TEST_F(MultiplexAsync, CommandsThatNeedTheirOwnConnectionHaveNoAsyncForm) {
  EXPECT_THROW(exec_->run_async(command{"BLPOP", "q", "1"}), unsupported_error);
  EXPECT_THROW(exec_->run_batch_async({command{"GET", "a"}, command{"MULTI"}}), unsupported_error);
}

TEST_F(MultiplexAsync, PendingCallsFailWithClosedErrorOnClose) {
  server_->pause();
  auto f = exec_->run_async(command{"PING"});
  exec_->close();
  server_->resume();
  EXPECT_THROW(f.get(), closed_error);
}

// The last owner may let go inside a callback, on the executor's own I/O thread.
TEST_F(MultiplexAsync, ExecutorReleasedInsideItsOwnCallback) {
  auto exec = make_executor();
  std::promise<std::string> seen;
  auto holder = exec;
  exec->run_async(command{"ECHO", "last"}, [&seen, holder](std::exception_ptr, reply r) mutable {
    holder.reset();
    seen.set_value(r.str());
  });
  exec.reset();
  auto answer = seen.get_future();
  EXPECT_EQ(answer.get(), "last");
}

}  // namespace
}  // namespace rediscache::test
