// SCAN-family pages and list pops with a count, fed RESP bytes without a server.
#include "unit/resp_bytes.hpp"
#include "resp/reader.hpp"

#include <rediscache/commands/lists.hpp>
#include <rediscache/commands/scan.hpp>
#include <rediscache/error.hpp>

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace rediscache {
namespace {

using test::parse;

using namespace std::string_literals;

const value_codec codec;

template <class Item>
cmd::scan_page<Item> page(const std::string& bytes) {
  return detail::scan_page_of<Item>(parse(bytes), codec);
}

TEST(ScanReplies, KeysPage) {
  const auto p = page<std::string>("*2\r\n$2\r\n17\r\n*2\r\n$1\r\na\r\n$3\r\nb\0c\r\n"s);
  EXPECT_EQ(p.cursor, "17");
  EXPECT_FALSE(p.last());
  EXPECT_EQ(p.items, (std::vector<std::string>{"a", std::string("b\0c", 3)}));
  const auto done = page<std::string>("*2\r\n$1\r\n0\r\n*0\r\n");
  EXPECT_TRUE(done.last());
  EXPECT_TRUE(done.items.empty());
}

TEST(ScanReplies, FieldValuePagesAndTypedItems) {
  const auto fields = page<std::pair<std::string, int>>(
      "*2\r\n$1\r\n0\r\n*4\r\n$1\r\nf\r\n$1\r\n1\r\n$1\r\ng\r\n$2\r\n-2\r\n");
  ASSERT_EQ(fields.items.size(), 2u);
  EXPECT_EQ(fields.items[1], std::make_pair(std::string("g"), -2));
  EXPECT_EQ(page<int>("*2\r\n$1\r\n0\r\n*2\r\n$1\r\n5\r\n$1\r\n6\r\n").items,
            (std::vector<int>{5, 6}));
}

TEST(ScanReplies, MalformedPagesAreProtocolErrors) {
  EXPECT_THROW(page<std::string>("*1\r\n$1\r\n0\r\n"), protocol_error);
  EXPECT_THROW(page<std::string>("*2\r\n$1\r\n0\r\n$1\r\na\r\n"), protocol_error);
  EXPECT_THROW(page<std::string>("*2\r\n$0\r\n\r\n*0\r\n"), protocol_error);  // empty cursor
  using field_value = std::pair<std::string, std::string>;
  EXPECT_THROW(page<field_value>("*2\r\n$1\r\n0\r\n*1\r\n$1\r\nf\r\n"),
               protocol_error);  // a field without its value
  EXPECT_THROW(page<std::string>("$-1\r\n"), protocol_error);
  EXPECT_THROW(page<std::string>("-ERR invalid cursor\r\n"), reply_error);
}

TEST(ListPops, ACountedPopOfAMissingListIsEmpty) {
  auto pop = cmd::lpop("l", 3);
  EXPECT_TRUE(pop.convert(parse("*-1\r\n"), codec).empty());
  EXPECT_TRUE(pop.convert(parse("$-1\r\n"), codec).empty());
  EXPECT_EQ(pop.convert(parse("*2\r\n$1\r\na\r\n$1\r\nb\r\n"), codec),
            (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(cmd::rpop<int>("l", 2).convert(parse("*1\r\n$2\r\n42\r\n"), codec),
            std::vector<int>{42});
  EXPECT_THROW(pop.convert(parse("-WRONGTYPE x\r\n"), codec), reply_error);
}

TEST(ListPops, BlockingPopsGiveKeyAndValue) {
  auto pop = cmd::blpop<int>({"a", "b"}, std::chrono::seconds(1));
  EXPECT_EQ(pop.convert(parse("*-1\r\n"), codec), std::nullopt);
  EXPECT_EQ(pop.convert(parse("*2\r\n$1\r\nb\r\n$1\r\n7\r\n"), codec),
            std::make_pair(std::string("b"), 7));
  EXPECT_THROW(pop.convert(parse("*1\r\n$1\r\nb\r\n"), codec), protocol_error);
}

}  // namespace
}  // namespace rediscache
