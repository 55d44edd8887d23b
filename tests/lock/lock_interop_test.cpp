// A redis-py Lock (Python) and ours exclude each other on the same key. Skipped when no python3
// with the redis module is installed (scripts/install-deps.sh installs python3-redis).
#include "examples/run_example.hpp"
#include "lock/lock_helpers.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <thread>

using namespace std::chrono_literals;
using rediscache::lock_options;
using rediscache::test::LockTest;
using rediscache::test::run;

namespace {

// Debian's python3-redis installs for /usr/bin/python3, which a python3 earlier in PATH may not
// see.
std::string python_with_redis() {
  for (const char* candidate : {"/usr/bin/python3", "python3"}) {
    if (run(std::string(candidate) + " -c 'import redis'").status == 0) return candidate;
  }
  return "";
}

const char* const script_text = R"py(
import sys, time, redis
port, key, action = int(sys.argv[1]), sys.argv[2], sys.argv[3]
r = redis.Redis(port=port)
if action == "try":
    lock = r.lock(key, timeout=10)
    if lock.acquire(blocking=False):
        print("acquired", lock.local.token.decode())
    else:
        print("busy locked=%s" % lock.locked())
elif action == "release":
    lock = r.lock(key)
    lock.local.token = sys.argv[4].encode()
    lock.release()
    print("released")
elif action == "wait":
    lock = r.lock(key, timeout=10, sleep=0.02)
    start = time.monotonic()
    if lock.acquire(blocking_timeout=float(sys.argv[4])):
        print("acquired after %.3f" % (time.monotonic() - start))
        lock.release()
    else:
        print("timeout")
)py";

class Interop : public LockTest {
 protected:
  void SetUp() override {
    python_ = python_with_redis();
    if (python_.empty()) GTEST_SKIP() << "python3 with the redis module is not installed";
    script_ = server.single().dir() + "/redis_py_lock.py";
    std::ofstream(script_) << script_text;
  }
  std::string python(const std::string& args) {
    auto r = run(python_ + " " + script_ + " " + std::to_string(server.single().port()) + " " +
                 key() + " " + args);
    EXPECT_EQ(r.status, 0) << r.output;
    return r.output;
  }
  std::string python_;
  std::string script_;
};

TEST_F(Interop, RedisPyAndRediscacheExcludeEachOther) {
  lock_options o;
  o.timeout = 10s;
  auto ours = make(o);
  ASSERT_TRUE(ours.acquire());
  EXPECT_EQ(python("try"), "busy locked=True\n");
  ours.release();

  auto held = python("try");
  ASSERT_EQ(held.rfind("acquired ", 0), 0u) << held;
  const std::string python_token = held.substr(9, 32);
  EXPECT_EQ(server.command({"GET", key()}), python_token);
  EXPECT_FALSE(ours.try_lock());
  EXPECT_TRUE(ours.locked());
  EXPECT_FALSE(ours.owned());
  EXPECT_EQ(python("release " + python_token), "released\n");
  ASSERT_TRUE(ours.try_lock());
  EXPECT_EQ(python("try"), "busy locked=True\n");
  // redis-py's script adds to the remaining TTL. Measured from just before the call: Python's
  // start-up above takes a variable part of the 10 s.
  const auto before = pttl();
  ours.extend(2s);
  EXPECT_GT(pttl(), before + 1500);
  EXPECT_LE(pttl(), before + 2000);
  ours.release();
}

TEST_F(Interop, APythonWaiterGetsTheLockWhenWeRelease) {
  auto ours = make();
  ASSERT_TRUE(ours.acquire());
  std::string output;
  std::thread waiter([&] { output = python("wait 10"); });
  std::this_thread::sleep_for(500ms);
  ours.release();
  waiter.join();
  EXPECT_EQ(output.rfind("acquired after ", 0), 0u) << output;
  EXPECT_EQ(server.command({"EXISTS", key()}), "0");
}

TEST_F(Interop, WeGetTheLockWhenPythonReleasesByPolling) {
  auto held = python("try");
  ASSERT_EQ(held.rfind("acquired ", 0), 0u) << held;
  lock_options o;
  o.sleep = 20ms;
  o.blocking_timeout = 10s;
  auto ours = make(o);
  std::thread releaser([&] {
    std::this_thread::sleep_for(300ms);
    python("release " + held.substr(9, 32));
  });
  EXPECT_TRUE(ours.acquire());  // Python publishes nothing: the poll finds the key gone
  releaser.join();
  ours.release();
}

}  // namespace
