// Runs examples/lock.cpp against a real redis-server.
#include "examples/run_example.hpp"

#include <gtest/gtest.h>

#include <string>

using rediscache::test::run;
using rediscache::test::url_of;

namespace {

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(Examples, Lock) {
  rediscache::test::redis_server server;
  auto r = run(std::string(EXAMPLE_LOCK) + " " + url_of(server));
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_TRUE(contains(r.output, "lock key: example:1:nightly-report")) << r.output;
  EXPECT_TRUE(contains(r.output, "versioned lock key: example:2:nightly-report")) << r.output;
  EXPECT_TRUE(contains(r.output, "held: true")) << r.output;
  EXPECT_TRUE(contains(r.output, "second client try_lock: false")) << r.output;
  EXPECT_TRUE(contains(r.output, "released: locked = false")) << r.output;
  EXPECT_TRUE(contains(r.output, "waiter acquired after the release, well before its poll: yes"))
      << r.output;
  EXPECT_TRUE(contains(r.output, "fencing tokens increase: yes")) << r.output;
  EXPECT_TRUE(contains(r.output, "still owned after 700 ms with a 300 ms TTL: true")) << r.output;
  EXPECT_TRUE(contains(r.output,
                       "expected error: [rediscache.lock] Cannot release a lock that's not owned "
                       "or is already unlocked."))
      << r.output;
  EXPECT_TRUE(contains(r.output,
                       "expired while held: [rediscache.lock_not_owned] Cannot release a lock "
                       "that's no longer owned"))
      << r.output;
  // Every lock was released; only the fencing counter stays.
  EXPECT_EQ(server.command({"EXISTS", "example:1:nightly-report", "example:1:handoff",
                            "example:1:ledger", "example:1:long-job", "example:1:brief"}),
            "0");
  EXPECT_EQ(server.command({"GET", "example:1:ledger:fence"}), "2");
}

}  // namespace
