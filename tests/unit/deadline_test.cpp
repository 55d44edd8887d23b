#include "transport/deadline.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <climits>

namespace rediscache {
namespace {

using namespace std::chrono_literals;
using detail::deadline_after;
using detail::poll_wait_ms;
using std::chrono::milliseconds;
using steady = std::chrono::steady_clock;
using wall_clock = std::chrono::system_clock;

TEST(DeadlineAfter, AddsWhatFits) {
  const steady::time_point now = steady::now();
  EXPECT_EQ(deadline_after(now, 1500ms), now + 1500ms);
  EXPECT_EQ(deadline_after(now, std::chrono::hours(24 * 365)), now + std::chrono::hours(24 * 365));
  EXPECT_EQ(deadline_after(now, 0ms), now);
  EXPECT_EQ(deadline_after(now, -5s), now);
}

// Each of these wrapped to a time in the past, so the wait ended at once.
TEST(DeadlineAfter, SaturatesInsteadOfOverflowing) {
  const steady::time_point now = steady::now();
  EXPECT_EQ(deadline_after(now, milliseconds::max()), steady::time_point::max());
  EXPECT_EQ(deadline_after(now, std::chrono::hours::max()), steady::time_point::max());
  EXPECT_EQ(deadline_after(now, milliseconds(9'200'000'000'000'000)), steady::time_point::max());
  EXPECT_EQ(deadline_after(now, steady::time_point::max() - now), steady::time_point::max());
  const wall_clock::time_point wall = wall_clock::now();
  EXPECT_EQ(deadline_after(wall, std::chrono::seconds::max()), wall_clock::time_point::max());
  EXPECT_GT(deadline_after(wall, milliseconds(9'200'000'000'000'000)), wall);
}

TEST(PollWaitMs, ClampsToWhatPollTakes) {
  const steady::time_point now = steady::now();
  // Cast to int these were -2147483647 (wait forever) and 204 (time out after 0.2 s).
  EXPECT_EQ(poll_wait_ms(now + milliseconds((1LL << 31) + 1), now), INT_MAX);
  EXPECT_EQ(poll_wait_ms(now + milliseconds(4'294'967'500), now), INT_MAX);
  EXPECT_EQ(poll_wait_ms(steady::time_point::max(), now), INT_MAX);
  EXPECT_EQ(poll_wait_ms(now + milliseconds(INT_MAX - 1), now), INT_MAX - 1);
}

TEST(PollWaitMs, RoundsUpAndStopsAtTheDeadline) {
  const steady::time_point now = steady::now();
  EXPECT_EQ(poll_wait_ms(now + 250ms, now), 250);
  EXPECT_EQ(poll_wait_ms(now + 1ns, now), 1);  // waits instead of spinning
  EXPECT_EQ(poll_wait_ms(now + 1001us, now), 2);
  EXPECT_EQ(poll_wait_ms(now, now), 0);
  EXPECT_EQ(poll_wait_ms(now - 1s, now), 0);
}

}  // namespace
}  // namespace rediscache
