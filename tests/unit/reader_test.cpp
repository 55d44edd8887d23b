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

std::vector<reply> parse_all(const std::string& bytes, std::size_t chunk,
                             reply_limits limits = {}) {
  reader r(limits);
  std::vector<reply> out;
  for (std::size_t i = 0; i < bytes.size(); i += chunk) {
    r.feed(bytes.data() + i, std::min(chunk, bytes.size() - i));
    reply next;
    while (r.next(next)) out.push_back(std::move(next));
  }
  return out;
}

const std::string mixed =
    "+OK\r\n-ERR bad thing\r\n:-42\r\n$5\r\nhe\r\no\r\n$-1\r\n*-1\r\n$0\r\n\r\n"
    "*3\r\n:1\r\n*2\r\n$1\r\na\r\n*0\r\n+x\r\n";

TEST(Reader, ParsesEveryKindWhateverTheFragmentation) {
  for (std::size_t chunk : {1u, 2u, 3u, 7u, 64u, 4096u}) {
    SCOPED_TRACE("chunk " + std::to_string(chunk));
    auto replies = parse_all(mixed, chunk);
    ASSERT_EQ(replies.size(), 8u);
    EXPECT_TRUE(replies[0].is_ok());
    EXPECT_TRUE(replies[1].is_error());
    EXPECT_EQ(replies[1].error_message(), "ERR bad thing");
    EXPECT_EQ(replies[2].integer(), -42);
    EXPECT_EQ(replies[3].str(), "he\r\no");
    EXPECT_EQ(replies[3].type(), reply::kind::bulk_string);
    EXPECT_TRUE(replies[4].is_nil());
    EXPECT_TRUE(replies[5].is_nil());
    EXPECT_EQ(replies[6].str(), "");
    const auto& outer = replies[7].elements();
    ASSERT_EQ(outer.size(), 3u);
    EXPECT_EQ(outer[0].integer(), 1);
    ASSERT_EQ(outer[1].elements().size(), 2u);
    EXPECT_EQ(outer[1].elements()[0].str(), "a");
    EXPECT_TRUE(outer[1].elements()[1].elements().empty());
    EXPECT_EQ(outer[2].str(), "x");
    EXPECT_EQ(outer[2].type(), reply::kind::simple_string);
  }
}

TEST(Reader, BulkStringsAreBinarySafe) {
  std::string payload("\0\r\n\xff", 4);
  auto replies = parse_all("$4\r\n" + payload + "\r\n", 1);
  ASSERT_EQ(replies.size(), 1u);
  EXPECT_EQ(replies[0].str(), payload);
}

TEST(Reader, NeedsMoreBytesForIncompleteReply) {
  reader r({});
  r.feed("*2\r\n:1\r\n", 8);
  reply out;
  EXPECT_FALSE(r.next(out));
  r.feed(":2\r\n", 4);
  ASSERT_TRUE(r.next(out));
  EXPECT_EQ(out.elements()[1].integer(), 2);
}

TEST(Reader, HugeArrayHeaderFailsWithoutAllocating) {
  reader r({});
  std::string hostile = "*2147483647\r\n";
  r.feed(hostile.data(), hostile.size());
  reply out;
  try {
    r.next(out);
    FAIL() << "expected protocol_error";
  } catch (const protocol_error& e) {
    EXPECT_NE(std::string(e.what()).find("max_array_elements"), std::string::npos) << e.what();
  }
}

TEST(Reader, ArrayOverConfiguredCapFails) {
  reply_limits limits;
  limits.max_array_elements = 3;
  EXPECT_EQ(parse_all("*3\r\n:1\r\n:2\r\n:3\r\n", 1, limits).size(), 1u);
  EXPECT_THROW(parse_all("*4\r\n:1\r\n:2\r\n:3\r\n:4\r\n", 64, limits), protocol_error);
  EXPECT_THROW(parse_all("*1\r\n*4\r\n", 64, limits), protocol_error);
}

TEST(Reader, AnnouncedBulkOverCapFailsBeforeItArrives) {
  reader r({});
  std::string hostile = "$2147483647\r\nabc";
  r.feed(hostile.data(), hostile.size());
  reply out;
  try {
    r.next(out);
    FAIL() << "expected protocol_error";
  } catch (const protocol_error& e) {
    EXPECT_NE(std::string(e.what()).find("max_bulk_bytes"), std::string::npos) << e.what();
  }
}

TEST(Reader, SmallBulkCapIsEnforcedInsideArrays) {
  reply_limits limits;
  limits.max_bulk_bytes = 10;
  EXPECT_EQ(parse_all("*1\r\n$10\r\n0123456789\r\n", 3, limits).size(), 1u);
  EXPECT_THROW(parse_all("*1\r\n$11\r\n", 64, limits), protocol_error);
}

TEST(Reader, EndlessLineWithoutTerminatorHitsTheCap) {
  reply_limits limits;
  limits.max_bulk_bytes = 100;
  std::string endless = "+" + std::string(500, 'a');
  EXPECT_THROW(parse_all(endless, 50, limits), protocol_error);
}

TEST(Reader, InvalidTypeByteIsAProtocolError) {
  EXPECT_THROW(parse_all("?what\r\n", 64), protocol_error);
  EXPECT_THROW(parse_all("+OK\r\n!\r\n", 64), protocol_error);
}

TEST(Reader, DeepNestingIsAProtocolError) {
  std::string deep;
  for (int i = 0; i < 9; ++i) deep += "*1\r\n";
  deep += ":1\r\n";
  EXPECT_THROW(parse_all(deep, 64), protocol_error);
}

TEST(Reader, UnusableAfterAnError) {
  reader r({});
  r.feed("?\r\n", 3);
  reply out;
  EXPECT_THROW(r.next(out), protocol_error);
  EXPECT_THROW(r.feed("+OK\r\n", 5), protocol_error);
  EXPECT_THROW(r.next(out), protocol_error);
}

TEST(Reader, ManyRepliesInOneFeed) {
  std::string many;
  for (int i = 0; i < 10000; ++i) many += ":" + std::to_string(i) + "\r\n";
  auto replies = parse_all(many, 16 * 1024);
  ASSERT_EQ(replies.size(), 10000u);
  EXPECT_EQ(replies[9999].integer(), 9999);
}

TEST(Reply, WrongKindAccessorsThrow) {
  reply nil;
  EXPECT_THROW(nil.integer(), protocol_error);
  EXPECT_THROW(nil.str(), protocol_error);
  auto err = reply::make_error("WRONGTYPE nope");
  EXPECT_THROW(err.str(), rediscache::reply_error);
  EXPECT_THROW(err.throw_if_error(), rediscache::reply_error);
  EXPECT_EQ(reply::make_integer(3).to_debug_string(), "(integer) 3");
  EXPECT_EQ(reply::make_array({reply::make_bulk_string("a"), reply()}).to_debug_string(),
            "[\"a\", (nil)]");
}

// reply keeps one value at a time; copies, moves and assignments between kinds keep each value
// whole (ASan in CI catches a leak or a double free here).
TEST(Reply, CopiesMovesAndAssignmentsAcrossKinds) {
  std::string long_text(100, 'x');  // past any small-string buffer
  reply nested = reply::make_array(
      {reply::make_integer(-7), reply::make_bulk_string(long_text), reply(),
       reply::make_array({reply::make_simple_string("OK"), reply::make_error("ERR no")})});
  reply copy = nested;
  EXPECT_EQ(copy, nested);
  EXPECT_EQ(copy.elements()[1].str(), long_text);
  reply moved = std::move(copy);
  EXPECT_EQ(moved, nested);

  reply r = reply::make_bulk_string(long_text);
  r = nested;  // string to array
  EXPECT_EQ(r, nested);
  r = reply::make_integer(42);  // array to integer
  EXPECT_EQ(r.integer(), 42);
  r = reply::make_error("WRONGTYPE x");  // integer to error
  EXPECT_EQ(r.error_message(), "WRONGTYPE x");
  const reply& self = r;
  r = self;
  EXPECT_EQ(r.error_message(), "WRONGTYPE x");
  r = reply();
  EXPECT_TRUE(r.is_nil());

  EXPECT_NE(reply::make_simple_string("a"), reply::make_bulk_string("a"));
  EXPECT_NE(reply::make_integer(1), reply::make_integer(2));
  EXPECT_EQ(reply::make_array({}), reply::make_array({}));
  EXPECT_LE(sizeof(reply), 40u);
}

}  // namespace
