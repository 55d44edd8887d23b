// Many threads on one shared connection: every caller gets its own reply, also in batches and
// also while other callers time out.
#include "multiplex/multiplex_fixture.hpp"

#include <rediscache/error.hpp>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

namespace rediscache::test {
namespace {

using namespace std::chrono_literals;

class MultiplexThreads : public multiplex_test {};

TEST_F(MultiplexThreads, SixtyFourThreadsEachGetTheirOwnReplies) {
  constexpr int threads = 64;
  constexpr int rounds = 200;
  std::atomic<int> wrong{0};
  std::atomic<int> failed{0};
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      for (int i = 0; i < rounds; ++i) {
        const std::string key = "k:" + std::to_string(t) + ":" + std::to_string(i);
        const std::string value = "v:" + std::to_string(t) + ":" + std::to_string(i);
        try {
          exec_->run(command{"SET", key, value});
          if (exec_->run(command{"GET", key}).str() != value) ++wrong;
          if (exec_->run(command{"ECHO", value}).str() != value) ++wrong;
        } catch (const connection_error&) {
          ++failed;  // a loaded machine may miss the 200 ms deadline; never a wrong reply
        }
      }
    });
  }
  for (auto& w : workers) w.join();
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_LT(failed.load(), threads * rounds / 100);
  if (failed.load() == 0) {
    EXPECT_EQ(exec_->run(command{"DBSIZE"}).integer(), threads * rounds);
  }
}

TEST_F(MultiplexThreads, ConcurrentBatchesComeBackWholeAndInOrder) {
  constexpr int threads = 16;
  std::atomic<int> wrong{0};
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        std::vector<command> batch;
        for (int j = 0; j < 20; ++j) {
          batch.push_back(command{"ECHO", std::to_string(t) + "/" + std::to_string(i) + "/" +
                                              std::to_string(j)});
        }
        batch.push_back(command{"INCRBY", "no-such-type", "x"});  // an error reply, in place
        auto replies = exec_->run_batch(batch);
        if (replies.size() != 21 || !replies[20].is_error()) ++wrong;
        for (int j = 0; j < 20 && replies.size() == 21; ++j) {
          if (replies[static_cast<std::size_t>(j)].str() != batch[static_cast<std::size_t>(j)].argument(1)) ++wrong;
        }
      }
    });
  }
  for (auto& w : workers) w.join();
  EXPECT_EQ(wrong.load(), 0);
}

TEST_F(MultiplexThreads, ErrorReplyThrowsReplyErrorAndTheConnectionGoesOn) {
  exec_->run(command{"SET", "text", "abc"});
  EXPECT_THROW(exec_->run(command{"INCR", "text"}), reply_error);
  EXPECT_EQ(exec_->run(command{"GET", "text"}).str(), "abc");
}

}  // namespace
}  // namespace rediscache::test
