// Every hostile reply shape fed to the reader as bytes, whole and one byte at a time: each ends in
// a protocol_error that says what was wrong, never in a reply built from garbage.
#include "resp/reader.hpp"

#include <rediscache/error.hpp>

#include <gtest/gtest.h>

#include <string>
#include <vector>

using rediscache::protocol_error;
using rediscache::reply;
using rediscache::reply_limits;
using rediscache::detail::reader;

namespace {

// Feeds bytes in chunks of `chunk` and returns the error's text; fails the test when no
// protocol_error comes.
std::string error_of(const std::string& bytes, std::size_t chunk, reply_limits limits = {}) {
  reader r(limits);
  reply out;
  try {
    for (std::size_t i = 0; i < bytes.size(); i += chunk) {
      r.feed(bytes.data() + i, std::min(chunk, bytes.size() - i));
      while (r.next(out)) {
      }
    }
  } catch (const protocol_error& e) {
    return e.what();
  }
  ADD_FAILURE() << "no protocol_error for " << testing::PrintToString(bytes) << " (chunk " << chunk
                << ")";
  return {};
}

void expect_rejected(const std::string& bytes, const std::string& says, reply_limits limits = {}) {
  for (std::size_t chunk : {std::size_t{1}, std::size_t{7}, bytes.size()}) {
    std::string what = error_of(bytes, chunk, limits);
    EXPECT_NE(what.find(says), std::string::npos)
        << testing::PrintToString(bytes) << " chunk " << chunk << ": " << what;
  }
}

TEST(HostileReply, EveryByteThatIsNotARespTypeIsRejected) {
  for (int byte = 0; byte < 256; ++byte) {
    char c = static_cast<char>(byte);
    if (c == '+' || c == '-' || c == ':' || c == '$' || c == '*') continue;
    expect_rejected(std::string(1, c) + "1\r\n", "invalid reply");
  }
}

TEST(HostileReply, NegativeLengthsOtherThanNilAreRejected) {
  expect_rejected("$-2\r\n", "invalid reply");
  expect_rejected("*-2\r\n", "invalid reply");
  expect_rejected("*1\r\n$-7\r\n", "invalid reply");
}

TEST(HostileReply, LengthsWithJunkAreRejected) {
  for (const char* bad :
       {"$3x\r\nabc\r\n", "$ 3\r\nabc\r\n", "$\r\n", "$3.0\r\nabc\r\n", "*2a\r\n:1\r\n:2\r\n",
        "*\r\n", ":12a\r\n", ":\r\n", ":1.5\r\n", ":0x10\r\n", "*1\r\n$1 \r\na\r\n"}) {
    expect_rejected(bad, "invalid reply");
  }
}

TEST(HostileReply, IntegersAndLengthsThatOverflowAreRejected) {
  expect_rejected(":9223372036854775808\r\n", "invalid reply");
  expect_rejected(":-9223372036854775809\r\n", "invalid reply");
  expect_rejected(":99999999999999999999999\r\n", "invalid reply");
  expect_rejected("*99999999999999999999\r\n", "invalid reply");
  expect_rejected("$18446744073709551617\r\n", "");  // hiredis or the bulk cap, by arrival
  // The extremes themselves are fine.
  reader r({});
  std::string edges = ":9223372036854775807\r\n:-9223372036854775808\r\n";
  r.feed(edges.data(), edges.size());
  reply out;
  ASSERT_TRUE(r.next(out));
  EXPECT_EQ(out.integer(), 9223372036854775807LL);
  ASSERT_TRUE(r.next(out));
  EXPECT_EQ(out.integer(), -9223372036854775807LL - 1);
}

TEST(HostileReply, BulkWithoutItsCrlfIsRejected) {
  expect_rejected("$3\r\nabcXY+OK\r\n", "not followed by CRLF");
  expect_rejected("*2\r\n$1\r\naxx:1\r\n", "not followed by CRLF");
  expect_rejected("$0\r\n\n\r", "not followed by CRLF");
}

TEST(HostileReply, LineWithOnlyLfIsNeverAReply) {
  // Without "\r\n" a line never ends: no reply, then the cap.
  reply_limits limits;
  limits.max_bulk_bytes = 64;
  expect_rejected(":1\n:2\n:3\n" + std::string(100, '4'), "max_bulk_bytes", limits);
  expect_rejected(":1\n:2\r\n", "invalid reply");
}

TEST(HostileReply, NestingDeeperThanEightArraysIsRejected) {
  std::string eight;
  for (int i = 0; i < 8; ++i) eight += "*1\r\n";
  reader r({});
  std::string ok = eight + ":1\r\n";
  r.feed(ok.data(), ok.size());
  reply out;
  ASSERT_TRUE(r.next(out));
  expect_rejected("*1\r\n" + eight + ":1\r\n", "nested");
}

TEST(HostileReply, HugeCountsFailAtTheHeader) {
  expect_rejected("*16777217\r\n", "max_array_elements");
  expect_rejected("*2147483647\r\n", "max_array_elements");
  expect_rejected("$536870913\r\n", "max_bulk_bytes");
  // Inside an array, after some elements, too.
  expect_rejected("*3\r\n:1\r\n*2147483647\r\n", "max_array_elements");
  expect_rejected("*3\r\n:1\r\n$2147483647\r\n", "max_bulk_bytes");
}

TEST(HostileReply, RepliesBeyondTheMemoryBudgetFailAtTheHeader) {
  reply_limits limits;
  limits.max_reply_bytes = 64 * 1024;
  // An array whose elements alone exceed the budget.
  expect_rejected("*2000\r\n", "max_reply_bytes", limits);
  // Two arrays that fit one by one but not together.
  std::string two = "*2\r\n*1000\r\n";
  for (int i = 0; i < 1000; ++i) two += ":1\r\n";
  two += "*1000\r\n";
  expect_rejected(two, "max_reply_bytes", limits);
  // A bulk string over the budget, announced but not sent.
  expect_rejected("$70000\r\nab", "max_reply_bytes", limits);
  // Strings that fit one by one but not together.
  std::string strings = "*10\r\n";
  for (int i = 0; i < 10; ++i) strings += "$10000\r\n" + std::string(10000, 'x') + "\r\n";
  expect_rejected(strings, "max_reply_bytes", limits);
}

TEST(HostileReply, BudgetIsPerReplyNotPerConnection) {
  reply_limits limits;
  limits.max_reply_bytes = 64 * 1024;
  reader r(limits);
  std::string one = "$40000\r\n" + std::string(40000, 'x') + "\r\n";
  reply out;
  for (int i = 0; i < 5; ++i) {
    r.feed(one.data(), one.size());
    ASSERT_TRUE(r.next(out));
    EXPECT_EQ(out.str().size(), 40000u);
  }
}

// The defaults admit the largest legal bulk string and the largest legal array of small values,
// but not two such arrays nested.
TEST(HostileReply, DefaultBudgetAdmitsTheLargestSingleItems) {
  reply_limits limits;
  EXPECT_EQ(limits.max_reply_bytes, 1024u * 1024 * 1024);
  EXPECT_LE(reader::string_cost(limits.max_bulk_bytes), limits.max_reply_bytes);
  EXPECT_LE(limits.max_array_elements * sizeof(reply), limits.max_reply_bytes);
  EXPECT_GT(2 * limits.max_array_elements * sizeof(reply), limits.max_reply_bytes);
}

TEST(HostileReply, ReaderStaysFailedAfterARejection) {
  reply_limits limits;
  limits.max_reply_bytes = 1024;
  reader r(limits);
  std::string bad = "*1000\r\n";
  r.feed(bad.data(), bad.size());
  reply out;
  EXPECT_THROW(r.next(out), protocol_error);
  std::string good = "+OK\r\n";
  EXPECT_THROW(r.feed(good.data(), good.size()), protocol_error);
  EXPECT_THROW(r.next(out), protocol_error);
}

}  // namespace
