// What hostile replies cost in memory, measured by the counting operator new of this executable:
// the reader refuses before it allocates, so the peak stays far below what the reply announced.
#include "memory/allocation_control.hpp"
#include "resp/reader.hpp"

#include <rediscache/error.hpp>

#include <gtest/gtest.h>

#include <string>

using rediscache::protocol_error;
using rediscache::reply;
using rediscache::reply_limits;
using rediscache::detail::reader;
using rediscache::test::peak_bytes;
using rediscache::test::reset_peak;

namespace {

constexpr std::size_t KiB = 1024;
constexpr std::size_t MiB = 1024 * KiB;

// Feeds bytes in 16 KiB chunks, as a connection does, until the reader throws. Returns the peak
// of memory allocated meanwhile, above what was allocated before.
std::size_t peak_while_rejecting(const std::string& bytes, reply_limits limits = {}) {
  std::size_t before = rediscache::test::live_bytes();
  reset_peak();
  {
    reader r(limits);
    reply out;
    try {
      for (std::size_t i = 0; i < bytes.size(); i += 16 * KiB) {
        r.feed(bytes.data() + i, std::min(16 * KiB, bytes.size() - i));
        while (r.next(out)) {
        }
      }
      ADD_FAILURE() << "expected protocol_error";
    } catch (const protocol_error&) {
    }
  }
  return peak_bytes() - before;
}

std::string integers(std::size_t count) {
  std::string out;
  for (std::size_t i = 0; i < count; ++i) out += ":1\r\n";
  return out;
}

TEST(ReplyMemory, CountingAllocatorSeesTheReaderAllocate) {
  // Guards the measurement itself: a reply that is admitted shows up in the peak.
  std::size_t before = rediscache::test::live_bytes();
  reset_peak();
  {
    reader r({});
    std::string bulk = "$" + std::to_string(MiB) + "\r\n" + std::string(MiB, 'x') + "\r\n";
    r.feed(bulk.data(), bulk.size());
    reply out;
    ASSERT_TRUE(r.next(out));
  }
  EXPECT_GE(peak_bytes() - before, MiB);
}

// The footprint of a reply: an array of small integers costs 40 bytes per element (72 before the
// reply became one tagged union).
TEST(ReplyMemory, ArrayOfSmallIntegersCostsFortyBytesPerElement) {
  constexpr std::size_t count = 100000;
  std::string array = "*" + std::to_string(count) + "\r\n" + integers(count);
  std::size_t before = rediscache::test::live_bytes();
  reset_peak();
  {
    reader r({});
    r.feed(array.data(), array.size());
    reply out;
    ASSERT_TRUE(r.next(out));
    EXPECT_EQ(out.elements().size(), count);
  }
  EXPECT_LE(peak_bytes() - before, count * 40 + 64 * KiB);
}

TEST(ReplyMemory, LargestLegalArrayCountUnderASmallBudgetTakesNothing) {
  reply_limits limits;
  limits.max_reply_bytes = MiB;
  // 16 Mi elements would reserve 640 MiB.
  EXPECT_LT(peak_while_rejecting("*16777216\r\n" + integers(1000), limits), 64 * KiB);
}

TEST(ReplyMemory, NestedArraysStopAtTheBudget) {
  reply_limits limits;
  limits.max_reply_bytes = 4 * MiB;
  // Each inner array of 64 Ki integers takes 2.5 MiB: the second would pass the budget.
  std::string nested = "*2\r\n*65536\r\n" + integers(65536) + "*65536\r\n" + integers(65536);
  std::size_t peak = peak_while_rejecting(nested, limits);
  EXPECT_LT(peak, limits.max_reply_bytes + 64 * KiB);
  EXPECT_GE(peak, 65536 * sizeof(reply));  // the first array was built
}

TEST(ReplyMemory, AnnouncedBulkOverTheBudgetTakesNothing) {
  reply_limits limits;
  limits.max_reply_bytes = MiB;
  std::string header = "$" + std::to_string(100 * MiB) + "\r\n" + std::string(64 * KiB, 'x');
  EXPECT_LT(peak_while_rejecting(header, limits), 64 * KiB);
}

TEST(ReplyMemory, ManyBulksStopAtTheBudget) {
  reply_limits limits;
  limits.max_reply_bytes = 2 * MiB;
  std::string many = "*64\r\n";
  for (int i = 0; i < 64; ++i) many += "$65536\r\n" + std::string(64 * KiB, 'x') + "\r\n";
  EXPECT_LT(peak_while_rejecting(many, limits), limits.max_reply_bytes + 64 * KiB);
}

TEST(ReplyMemory, DeepNestingTakesNothing) {
  std::string deep;
  for (int i = 0; i < 9; ++i) deep += "*1\r\n";
  EXPECT_LT(peak_while_rejecting(deep + ":1\r\n"), 16 * KiB);
}

TEST(ReplyMemory, HugeArrayHeaderUnderDefaultLimitsTakesNothing) {
  EXPECT_LT(peak_while_rejecting("*2147483647\r\n"), 16 * KiB);
  EXPECT_LT(peak_while_rejecting("$2147483647\r\n" + std::string(64 * KiB, 'x')), 16 * KiB);
}

}  // namespace
