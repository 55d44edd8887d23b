// Sorted-set replies and arguments, without a server.
#include "unit/resp_bytes.hpp"

#include <rediscache/commands/sorted_sets.hpp>
#include <rediscache/error.hpp>

#include <nlohmann/json.hpp>

#include <limits>

namespace rediscache {
namespace {

using test::array;
using test::as;
using test::bulk;
using test::integer;
using test::nil;
using members = std::vector<scored_member<>>;

TEST(SortedSetReplies, FlatMemberScoreArrays) {
  EXPECT_EQ(as<members>(array({bulk("a"), bulk("1.5"), bulk("b"), bulk("-inf")})),
            (members{{"a", 1.5}, {"b", -std::numeric_limits<double>::infinity()}}));
  EXPECT_EQ(as<members>(array({})), members{});
  EXPECT_THROW(as<members>(array({bulk("a"), bulk("1"), bulk("b")})), protocol_error);
  EXPECT_THROW(as<members>(array({bulk("a"), bulk("high")})), protocol_error);
}

TEST(SortedSetReplies, ArraysOfPairsAsResp3SendsThem) {
  EXPECT_EQ(as<members>(array({array({bulk("a"), bulk("1")}), array({bulk("b"), integer(2)})})),
            (members{{"a", 1}, {"b", 2}}));
  EXPECT_EQ(as<scored_member<>>(array({bulk("x"), bulk("0.25")})), (scored_member<>{"x", 0.25}));
  EXPECT_THROW(as<members>(array({array({bulk("a")})})), protocol_error);
}

TEST(SortedSetReplies, OptionalMemberOfAPop) {
  EXPECT_EQ(as<std::optional<scored_member<>>>(array({})), std::nullopt);
  EXPECT_EQ(as<std::optional<scored_member<>>>(nil()), std::nullopt);
  EXPECT_EQ(as<std::optional<scored_member<>>>(array({bulk("a"), bulk("3")})),
            (scored_member<>{"a", 3}));
  EXPECT_THROW(
      as<std::optional<scored_member<>>>(array({bulk("a"), bulk("3"), bulk("b"), bulk("4")})),
      protocol_error);
}

TEST(SortedSetReplies, ScanPages) {
  const auto page = as<zscan_page<>>(array({bulk("17"), array({bulk("m"), bulk("2")})}));
  EXPECT_EQ(page.cursor, "17");
  EXPECT_FALSE(page.done());
  EXPECT_EQ(page.members, (members{{"m", 2}}));
  EXPECT_TRUE(as<zscan_page<>>(array({bulk("0"), array({})})).done());
  EXPECT_THROW(as<zscan_page<>>(array({bulk("0")})), protocol_error);
}

TEST(SortedSetReplies, MembersThroughTheCodec) {
  const auto got =
      as<std::vector<scored_member<nlohmann::json>>>(array({bulk(R"({"id":7})"), bulk("9")}));
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].member["id"], 7);
  EXPECT_EQ(got[0].score, 9);
  EXPECT_THROW(as<std::vector<scored_member<nlohmann::json>>>(array({bulk("{{"), bulk("1")})),
               codec_error);
}

TEST(SortedSetArguments, BoundsAsRedisReadsThem) {
  using cmd::lex_bound;
  using cmd::score_bound;
  EXPECT_EQ(score_bound(2.5).text(), "2.5");
  EXPECT_EQ(score_bound(0.1).text(), "0.1");  // shortest text that reads back the same
  EXPECT_EQ(score_bound::exclusive(-3).text(), "(-3");
  EXPECT_EQ(score_bound(std::numeric_limits<double>::infinity()).text(), "+inf");
  EXPECT_EQ(score_bound::minus_infinity().text(), "-inf");
  EXPECT_THROW(score_bound::inclusive(std::numeric_limits<double>::quiet_NaN()), config_error);
  EXPECT_EQ(lex_bound::inclusive("a b").text(), "[a b");
  EXPECT_EQ(lex_bound::exclusive("").text(), "(");
  EXPECT_EQ(lex_bound::minus_infinity().text(), "-");
  EXPECT_EQ(lex_bound::plus_infinity().text(), "+");
}

std::vector<std::string> arguments(const command& c) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < c.size(); ++i) out.emplace_back(c.argument(i));
  return out;
}

TEST(SortedSetArguments, ReverseScoreRangesSendMaxFirst) {
  const cmd::zrange_options rev{cmd::zrange_order::descending, cmd::zrange_limit{2, 5}};
  EXPECT_EQ(
      arguments(cmd::zrange("z", {1, cmd::score_bound::exclusive(9)}, rev).raw()),
      (std::vector<std::string>{"ZRANGE", "z", "(9", "1", "BYSCORE", "REV", "LIMIT", "2", "5"}));
  EXPECT_EQ(arguments(cmd::zrange_with_scores("z", 0, -1, cmd::zrange_order::descending).raw()),
            (std::vector<std::string>{"ZRANGE", "z", "0", "-1", "REV", "WITHSCORES"}));
  const cmd::zadd_options all{cmd::zadd_condition::if_present, cmd::zadd_compare::less,
                              cmd::zadd_count::changed};
  EXPECT_EQ(arguments(cmd::zadd("z", {{"m", 1.5}}, all).raw()),
            (std::vector<std::string>{"ZADD", "z", "XX", "LT", "CH", "1.5", "m"}));
}

// Only commands whose repetition changes nothing are retried after a lost reply.
TEST(SortedSetArguments, RetriedOnlyWhenARepeatChangesNothing) {
  EXPECT_TRUE(cmd::zadd("z", {{"m", 1}}).raw().idempotent());
  EXPECT_FALSE(cmd::zadd_incr("z", "m", 1).raw().idempotent());
  EXPECT_FALSE(cmd::zincrby("z", 1, "m").raw().idempotent());
  EXPECT_FALSE(cmd::zpopmin("z").raw().idempotent());
  EXPECT_TRUE(cmd::zrange("z", 0, -1).raw().idempotent());
}

}  // namespace
}  // namespace rediscache
