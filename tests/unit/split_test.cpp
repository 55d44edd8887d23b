// Multi-key commands cut per node and their replies put back together.
#include "topology/split.hpp"

#include <rediscache/error.hpp>

#include <gtest/gtest.h>

#include <string>

namespace rediscache::detail {
namespace {

// Keys starting with 'a' live on node 0, the rest on node 1.
std::size_t by_first_letter(std::string_view key) { return key.front() == 'a' ? 0 : 1; }

TEST(SplitByNode, MgetIsCutPerNodeAndReassembledInTheCallersOrder) {
  auto split = split_by_node(command{"MGET", "a1", "b1", "a2", "b2"}, by_first_letter);
  ASSERT_TRUE(split);
  ASSERT_EQ(split->parts.size(), 2u);
  EXPECT_EQ(split->parts[0].cmd.keys(), (std::vector<std::string_view>{"a1", "a2"}));
  EXPECT_EQ(split->parts[1].cmd.keys(), (std::vector<std::string_view>{"b1", "b2"}));
  std::vector<reply> replies;
  replies.push_back(reply::make_array({reply::make_bulk_string("A1"), reply()}));
  replies.push_back(reply::make_array({reply::make_bulk_string("B1"), reply::make_bulk_string("B2")}));
  const reply merged = merge_replies(*split, std::move(replies));
  ASSERT_EQ(merged.elements().size(), 4u);
  EXPECT_EQ(merged.elements()[0].str(), "A1");
  EXPECT_EQ(merged.elements()[1].str(), "B1");
  EXPECT_TRUE(merged.elements()[2].is_nil());
  EXPECT_EQ(merged.elements()[3].str(), "B2");
}

TEST(SplitByNode, CountsAreSummedAndMsetKeepsPairs) {
  auto del = split_by_node(command{"DEL", "a", "b", "c"}, by_first_letter);
  ASSERT_TRUE(del);
  std::vector<reply> counts{reply::make_integer(1), reply::make_integer(2)};
  EXPECT_EQ(merge_replies(*del, std::move(counts)).integer(), 3);
  auto mset = split_by_node(command{"MSET", "a", "1", "b", "2", "ab", "3"}, by_first_letter);
  ASSERT_TRUE(mset);
  EXPECT_EQ(mset->parts[0].cmd.argument(3), "ab");
  EXPECT_EQ(mset->parts[0].cmd.argument(4), "3");
  std::vector<reply> oks{reply::make_simple_string("OK"), reply::make_simple_string("OK")};
  EXPECT_TRUE(merge_replies(*mset, std::move(oks)).is_ok());
}

TEST(SplitByNode, OnlyPerKeyCommandsAreSplitAndErrorsWin) {
  EXPECT_FALSE(split_by_node(command{"GET", "a"}, by_first_letter));
  EXPECT_FALSE(split_by_node(command{"RENAME", "a", "b"}, by_first_letter));
  EXPECT_FALSE(split_by_node(command{"MSET", "a", "1", "b"}, by_first_letter));  // odd: not ours
  auto split = split_by_node(command{"mget", "a", "b"}, by_first_letter);
  ASSERT_TRUE(split);
  std::vector<reply> replies{reply::make_array({reply()}), reply::make_error("CLUSTERDOWN x")};
  EXPECT_TRUE(merge_replies(*split, std::move(replies)).is_error());
  std::vector<reply> short_of_one{reply::make_array({})};
  EXPECT_THROW(merge_replies(*split, std::move(short_of_one)), protocol_error);
}

}  // namespace
}  // namespace rediscache::detail
