#include "commands/fixture.hpp"

#include <rediscache/commands/sorted_sets.hpp>
#include <rediscache/error.hpp>

#include <nlohmann/json.hpp>

#include <limits>
#include <set>

using namespace rediscache;

namespace {

using members = std::vector<scored_member<>>;
using names = std::vector<std::string>;

class sorted_sets : public test::commands_test {
 protected:
  // alice 10, bob 20, carol 30, dave 40
  void add_players() {
    run(cmd::zadd("board", {{"alice", 10}, {"bob", 20}, {"carol", 30}, {"dave", 40}}));
  }
};

TEST_P(sorted_sets, ZaddWithEveryOption) {
  EXPECT_EQ(run(cmd::zadd("z", {{"a", 1}, {"b", 2}})), 2);
  EXPECT_EQ(run(cmd::zadd("z", {{"a", 5}, {"c", 3}})), 1);  // counts added members only
  EXPECT_EQ(run(cmd::zscore("z", "a")), 5.0);

  const cmd::zadd_options nx{cmd::zadd_condition::if_absent};
  EXPECT_EQ(run(cmd::zadd("z", {{"a", 100}, {"d", 4}}, nx)), 1);
  EXPECT_EQ(run(cmd::zscore("z", "a")), 5.0);  // NX left it alone

  const cmd::zadd_options xx{cmd::zadd_condition::if_present, cmd::zadd_compare::always,
                             cmd::zadd_count::changed};
  EXPECT_EQ(run(cmd::zadd("z", {{"a", 6}, {"e", 9}}, xx)), 1);  // CH: a updated, e not added
  EXPECT_EQ(run(cmd::zscore("z", "e")), std::nullopt);

  const cmd::zadd_options gt{cmd::zadd_condition::always, cmd::zadd_compare::greater,
                             cmd::zadd_count::changed};
  EXPECT_EQ(run(cmd::zadd("z", {{"a", 1}, {"b", 50}}, gt)), 1);  // only b moves up
  EXPECT_EQ(run(cmd::zmscore("z", {"a", "b"})), (std::vector<std::optional<double>>{6, 50}));

  const cmd::zadd_options lt{cmd::zadd_condition::always, cmd::zadd_compare::less};
  run(cmd::zadd("z", {{"a", 2}, {"b", 99}}, lt));
  EXPECT_EQ(run(cmd::zmscore("z", {"a", "b"})), (std::vector<std::optional<double>>{2, 50}));

  const double inf = std::numeric_limits<double>::infinity();
  run(cmd::zadd("z", {{"top", inf}, {"bottom", -inf}}));
  EXPECT_EQ(run(cmd::zscore("z", "top")), inf);
  EXPECT_EQ(run(cmd::zscore("z", "bottom")), -inf);

  EXPECT_THROW(cmd::zadd("z", {}), config_error);
  EXPECT_THROW(
      cmd::zadd("z", {{"a", 1}}, {cmd::zadd_condition::if_absent, cmd::zadd_compare::greater}),
      config_error);
}

TEST_P(sorted_sets, ZaddIncrReturnsTheNewScoreOrNothing) {
  EXPECT_EQ(run(cmd::zadd_incr("z", "a", 2.5)), 2.5);
  EXPECT_EQ(run(cmd::zadd_incr("z", "a", 1)), 3.5);
  EXPECT_EQ(run(cmd::zadd_incr("z", "a", 1, {cmd::zadd_condition::if_absent})), std::nullopt);
  EXPECT_EQ(run(cmd::zadd_incr("z", "new", 1, {cmd::zadd_condition::if_present})), std::nullopt);
  EXPECT_EQ(
      run(cmd::zadd_incr("z", "a", -1, {cmd::zadd_condition::always, cmd::zadd_compare::greater})),
      std::nullopt);  // would lower the score
  EXPECT_EQ(run(cmd::zscore("z", "a")), 3.5);
  EXPECT_EQ(run(cmd::zscore("z", "new")), std::nullopt);
}

TEST_P(sorted_sets, ScoresRanksAndIncrements) {
  add_players();
  EXPECT_EQ(run(cmd::zcard("board")), 4);
  EXPECT_EQ(run(cmd::zcard("nothing")), 0);
  EXPECT_DOUBLE_EQ(run(cmd::zincrby("board", 15.5, "alice")), 25.5);
  EXPECT_DOUBLE_EQ(run(cmd::zincrby("board", 1, "erin")), 1);
  EXPECT_EQ(run(cmd::zscore("board", "alice")), 25.5);
  EXPECT_EQ(run(cmd::zscore("board", "nobody")), std::nullopt);
  EXPECT_EQ(run(cmd::zmscore("board", {"bob", "nobody", "erin"})),
            (std::vector<std::optional<double>>{20, std::nullopt, 1}));
  EXPECT_EQ(run(cmd::zrank("board", "erin")), 0);
  EXPECT_EQ(run(cmd::zrank("board", "alice")), 2);  // erin 1, bob 20, alice 25.5
  EXPECT_EQ(run(cmd::zrevrank("board", "dave")), 0);
  EXPECT_EQ(run(cmd::zrank("board", "nobody")), std::nullopt);
  EXPECT_EQ(run(cmd::zrevrank("board", "nobody")), std::nullopt);
  EXPECT_THROW(cmd::zmscore("board", {}), config_error);
}

TEST_P(sorted_sets, RangesByRank) {
  add_players();
  EXPECT_EQ(run(cmd::zrange("board", 0, -1)), (names{"alice", "bob", "carol", "dave"}));
  EXPECT_EQ(run(cmd::zrange("board", 1, 2)), (names{"bob", "carol"}));
  EXPECT_EQ(run(cmd::zrange("board", 0, 1, cmd::zrange_order::descending)),
            (names{"dave", "carol"}));
  EXPECT_EQ(run(cmd::zrange_with_scores("board", -2, -1)), (members{{"carol", 30}, {"dave", 40}}));
  EXPECT_EQ(run(cmd::zrange_with_scores("board", 0, 0, cmd::zrange_order::descending)),
            (members{{"dave", 40}}));
  EXPECT_EQ(run(cmd::zrange("missing", 0, -1)), names{});
}

TEST_P(sorted_sets, RangesByScore) {
  add_players();
  EXPECT_EQ(run(cmd::zrange("board", {20, 30})), (names{"bob", "carol"}));
  EXPECT_EQ(run(cmd::zrange("board", {cmd::score_bound::exclusive(20), 40})),
            (names{"carol", "dave"}));
  EXPECT_EQ(run(cmd::zrange("board",
                            {cmd::score_bound::minus_infinity(), cmd::score_bound::exclusive(30)})),
            (names{"alice", "bob"}));
  EXPECT_EQ(run(cmd::zrange("board", cmd::score_range{})).size(), 4u);

  // REV takes the range as {min, max} too, and LIMIT pages through it.
  const cmd::zrange_options top2{cmd::zrange_order::descending, cmd::zrange_limit{0, 2}};
  EXPECT_EQ(run(cmd::zrange("board", {15, cmd::score_bound::plus_infinity()}, top2)),
            (names{"dave", "carol"}));
  const cmd::zrange_options next{cmd::zrange_order::ascending, cmd::zrange_limit{1, 2}};
  EXPECT_EQ(run(cmd::zrange_with_scores("board", cmd::score_range{}, next)),
            (members{{"bob", 20}, {"carol", 30}}));
  EXPECT_EQ(run(cmd::zrange_with_scores("board", {35, 100}, {cmd::zrange_order::descending})),
            (members{{"dave", 40}}));

  EXPECT_EQ(run(cmd::zcount("board", {20, 40})), 3);
  EXPECT_EQ(run(cmd::zcount("board", {cmd::score_bound::exclusive(20), 40})), 2);
  EXPECT_EQ(run(cmd::zcount("board", cmd::score_range{})), 4);
}

TEST_P(sorted_sets, RangesByLex) {
  run(cmd::zadd("words", {{"apple", 0}, {"banana", 0}, {"cherry", 0}, {"date", 0}}));
  using cmd::lex_bound;
  EXPECT_EQ(run(cmd::zrange(
                "words", cmd::lex_range{lex_bound::inclusive("b"), lex_bound::exclusive("date")})),
            (names{"banana", "cherry"}));
  EXPECT_EQ(run(cmd::zrange("words", cmd::lex_range{lex_bound::exclusive("banana"),
                                                    lex_bound::plus_infinity()})),
            (names{"cherry", "date"}));
  const cmd::zrange_options rev{cmd::zrange_order::descending, cmd::zrange_limit{1, 2}};
  EXPECT_EQ(run(cmd::zrange("words", cmd::lex_range{}, rev)), (names{"cherry", "banana"}));
  EXPECT_EQ(
      run(cmd::zlexcount("words", {lex_bound::minus_infinity(), lex_bound::inclusive("banana")})),
      2);
  EXPECT_EQ(
      run(cmd::zremrangebylex("words", {lex_bound::inclusive("c"), lex_bound::plus_infinity()})),
      2);
  EXPECT_EQ(run(cmd::zrange("words", 0, -1)), (names{"apple", "banana"}));
}

TEST_P(sorted_sets, Removal) {
  add_players();
  EXPECT_EQ(run(cmd::zrem("board", {"alice", "nobody"})), 1);
  EXPECT_EQ(run(cmd::zremrangebyscore("board", {cmd::score_bound::exclusive(20), 30})), 1);
  EXPECT_EQ(run(cmd::zrange("board", 0, -1)), (names{"bob", "dave"}));
  EXPECT_EQ(run(cmd::zremrangebyrank("board", 0, 0)), 1);
  EXPECT_EQ(run(cmd::zrange("board", 0, -1)), (names{"dave"}));
  EXPECT_THROW(cmd::zrem("board", {}), config_error);
}

TEST_P(sorted_sets, PopsAndRandomMembers) {
  add_players();
  EXPECT_EQ(run(cmd::zpopmin("board")), (scored_member<>{"alice", 10}));
  EXPECT_EQ(run(cmd::zpopmax("board")), (scored_member<>{"dave", 40}));
  EXPECT_EQ(run(cmd::zpopmin("board", 5)), (members{{"bob", 20}, {"carol", 30}}));
  EXPECT_EQ(run(cmd::zpopmin("board")), std::nullopt);
  EXPECT_EQ(run(cmd::zpopmax("board", 2)), members{});

  add_players();
  EXPECT_EQ(run(cmd::zpopmax("board", 2)), (members{{"dave", 40}, {"carol", 30}}));
  const std::set<std::string> left{"alice", "bob"};
  EXPECT_EQ(left.count(*run(cmd::zrandmember("board"))), 1u);
  EXPECT_EQ(run(cmd::zrandmember("missing")), std::nullopt);
  const auto distinct = run(cmd::zrandmember("board", 5));
  EXPECT_EQ(std::set<std::string>(distinct.begin(), distinct.end()), left);
  const auto repeats = run(cmd::zrandmember("board", -6));  // negative: may repeat
  EXPECT_EQ(repeats.size(), 6u);
  for (const auto& m : repeats) EXPECT_EQ(left.count(m), 1u);
  for (const auto& m : run(cmd::zrandmember_with_scores("board", 2))) {
    EXPECT_EQ(m.score, m.member == "alice" ? 10 : 20);
  }
}

TEST_P(sorted_sets, UnionAndIntersectionStores) {
  run(cmd::zadd("week1", {{"alice", 10}, {"bob", 5}}));
  run(cmd::zadd("week2", {{"alice", 3}, {"carol", 7}}));
  EXPECT_EQ(run(cmd::zunionstore("total", {"week1", "week2"})), 3);
  EXPECT_EQ(run(cmd::zrange_with_scores("total", 0, -1)),
            (members{{"bob", 5}, {"carol", 7}, {"alice", 13}}));
  EXPECT_EQ(run(cmd::zunionstore("weighted", {"week1", "week2"}, {{1, 10}})), 3);
  EXPECT_EQ(run(cmd::zscore("weighted", "alice")), 40.0);
  EXPECT_EQ(run(cmd::zunionstore("best", {"week1", "week2"}, {{}, cmd::zaggregate::max})), 3);
  EXPECT_EQ(run(cmd::zscore("best", "alice")), 10.0);
  EXPECT_EQ(run(cmd::zinterstore("both", {"week1", "week2"}, {{}, cmd::zaggregate::min})), 1);
  EXPECT_EQ(run(cmd::zrange_with_scores("both", 0, -1)), (members{{"alice", 3}}));
  EXPECT_EQ(run(cmd::zinterstore("both", {"week1", "week2"}, {{2, 0.5}})), 1);
  EXPECT_EQ(run(cmd::zscore("both", "alice")), 21.5);
  EXPECT_THROW(cmd::zunionstore("t", {"week1", "week2"}, {{1}}), config_error);
  EXPECT_THROW(cmd::zinterstore("t", {}), config_error);
}

TEST_P(sorted_sets, ZscanPages) {
  members many;
  for (int i = 0; i < 300; ++i) many.push_back({"m" + std::to_string(i), static_cast<double>(i)});
  run(cmd::zadd("big", many));  // past 128 members: a real hash table, scanned in pages
  std::map<std::string, double> seen;
  std::string cursor = "0";
  int pages = 0;
  do {
    auto page = run(cmd::zscan("big", cursor, {"m1*", 50}));
    for (auto& m : page.members) seen[m.member] = m.score;
    cursor = page.cursor;
    ++pages;
  } while (cursor != "0");
  EXPECT_GT(pages, 1);
  EXPECT_EQ(seen.size(), 111u);  // m1, m10..m19, m100..m199
  EXPECT_EQ(seen["m150"], 150);
  EXPECT_TRUE(run(cmd::zscan("missing", "0")).done());
}

TEST_P(sorted_sets, MembersThroughTheCodec) {
  const nlohmann::json alice = {{"name", "alice"}, {"id", 1}};
  const nlohmann::json bob = {{"name", "bob"}, {"id", 2}};
  run(cmd::zadd("people", {{redis().encode(alice), 2}, {redis().encode(bob), 1}}));
  EXPECT_EQ(run(cmd::zrange<nlohmann::json>("people", 0, -1)),
            (std::vector<nlohmann::json>{bob, alice}));
  const auto top = run(cmd::zpopmax<nlohmann::json>("people"));
  ASSERT_TRUE(top);
  EXPECT_EQ(top->member, alice);
  EXPECT_EQ(top->score, 2);
  EXPECT_EQ(run(cmd::zscore("people", redis().encode(bob))), 1.0);
}

TEST_P(sorted_sets, WrongTypeIsAReplyError) {
  redis().execute("SET", "text", "x");
  try {
    run(cmd::zadd("text", {{"a", 1}}));
    FAIL() << "expected WRONGTYPE";
  } catch (const reply_error& e) {
    EXPECT_EQ(e.server_code(), "WRONGTYPE");
  }
  EXPECT_THROW(run(cmd::zrange("text", 0, -1)), reply_error);
  EXPECT_THROW(run(cmd::zincrby("text", 1, "a")), reply_error);
}

REDISCACHE_COMMAND_TESTS(sorted_sets);

// The lazy range over all ZSCAN pages.
class ZscanRange : public test::client_test {};

TEST_F(ZscanRange, VisitsEveryMember) {
  members many;
  for (int i = 0; i < 1000; ++i) many.push_back({"m" + std::to_string(i), static_cast<double>(i)});
  redis.run(cmd::zadd("big", many));

  auto all = cmd::zscan(redis, "big", {"", 100});
  std::map<std::string, double> seen;
  for (const auto& m : all) seen[m.member] = m.score;
  ASSERT_EQ(seen.size(), 1000u);
  EXPECT_EQ(seen["m999"], 999);
  std::set<std::string> again;  // begin() starts a new scan
  for (auto it = all.begin(); it != all.end(); ++it) again.insert(it->member);
  EXPECT_EQ(again.size(), 1000u);

  std::set<std::string> matched;
  for (const auto& m : cmd::zscan(redis, "big", {"m99*"})) matched.insert(m.member);
  EXPECT_EQ(matched.size(), 11u);  // m99, m990..m999
  EXPECT_EQ(*matched.begin(), "m99");
  auto none = cmd::zscan(redis, "missing");
  EXPECT_TRUE(none.begin() == none.end());
}

TEST_F(ZscanRange, OutlivesTheClientItCameFrom) {
  redis.run(cmd::zadd("z", {{"a", 1}, {"b", 2}}));
  std::optional<zscan_range<>> kept;
  {
    client own = client::from_url("redis://127.0.0.1:" + std::to_string(server_->port()));
    kept.emplace(cmd::zscan(own, "z"));
  }  // the range holds its own copy of the client, and with it the pool
  std::map<std::string, double> seen;
  for (const auto& m : *kept) seen[m.member] = m.score;
  EXPECT_EQ(seen, (std::map<std::string, double>{{"a", 1}, {"b", 2}}));
}

TEST_F(ZscanRange, WrongTypeSurfacesWhenIterationBegins) {
  redis.execute("SET", "text", "x");
  auto range = cmd::zscan(redis, "text");
  EXPECT_THROW(range.begin(), reply_error);
}

}  // namespace
