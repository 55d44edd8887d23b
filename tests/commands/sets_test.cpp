#include "commands/fixture.hpp"

#include <rediscache/commands/keys.hpp>
#include <rediscache/commands/sets.hpp>
#include <rediscache/commands/strings.hpp>
#include <rediscache/error.hpp>

#include <set>
#include <string>
#include <vector>

using namespace rediscache;

namespace {

using members = std::set<std::string>;

class sets : public test::commands_test {};

TEST_P(sets, AddRemoveAndQuery) {
  EXPECT_EQ(run(cmd::sadd("s", {"a", "b", "a", std::string("\0\r\n", 3)})), 3);
  EXPECT_EQ(run(cmd::sadd("s", {"b", "c"})), 1);
  EXPECT_EQ(run(cmd::smembers("s")), (members{"a", "b", "c", std::string("\0\r\n", 3)}));
  EXPECT_TRUE(run(cmd::smembers("missing")).empty());
  EXPECT_TRUE(run(cmd::sismember("s", "a")));
  EXPECT_FALSE(run(cmd::sismember("s", "z")));
  EXPECT_FALSE(run(cmd::sismember("missing", "a")));
  EXPECT_EQ(run(cmd::smismember("s", {"z", "a", "c"})), (std::vector<bool>{false, true, true}));
  EXPECT_EQ(run(cmd::scard("s")), 4);
  EXPECT_EQ(run(cmd::scard("missing")), 0);
  EXPECT_EQ(run(cmd::srem("s", {"a", "z"})), 1);
  EXPECT_EQ(run(cmd::scard("s")), 3);
}

TEST_P(sets, PopAndRandomMembers) {
  const members all{"a", "b", "c", "d"};
  redis().run(cmd::sadd("s", {all.begin(), all.end()}));
  EXPECT_EQ(run(cmd::spop("missing")), std::nullopt);
  EXPECT_TRUE(run(cmd::spop("missing", 2)).empty());
  EXPECT_EQ(run(cmd::srandmember("missing")), std::nullopt);
  EXPECT_TRUE(run(cmd::srandmember("missing", 2)).empty());

  const auto one = run(cmd::srandmember("s"));
  ASSERT_TRUE(one.has_value());
  EXPECT_EQ(all.count(*one), 1u);
  EXPECT_EQ(run(cmd::srandmember("s", 10)).size(), 4u);  // distinct: at most the set's size
  const auto repeated = run(cmd::srandmember("s", 10, cmd::sampling::with_repeats));
  EXPECT_EQ(repeated.size(), 10u);
  for (const auto& m : repeated) EXPECT_EQ(all.count(m), 1u) << m;
  EXPECT_EQ(run(cmd::scard("s")), 4);  // SRANDMEMBER keeps them

  const auto popped = run(cmd::spop("s"));
  ASSERT_TRUE(popped.has_value());
  EXPECT_FALSE(redis().run(cmd::sismember("s", *popped)));
  const auto two = run(cmd::spop("s", 2));
  EXPECT_EQ(members(two.begin(), two.end()).size(), 2u);
  for (const auto& m : two) EXPECT_FALSE(redis().run(cmd::sismember("s", m))) << m;
  EXPECT_EQ(run(cmd::scard("s")), 1);
  EXPECT_EQ(run(cmd::spop("s", 5)).size(), 1u);
  EXPECT_EQ(redis().run(cmd::exists({"s"})), 0);
}

TEST_P(sets, UnionIntersectionDifference) {
  redis().run(cmd::sadd("x", {"a", "b", "c"}));
  redis().run(cmd::sadd("y", {"b", "c", "d"}));
  redis().run(cmd::sadd("z", {"c", "e"}));
  EXPECT_EQ(run(cmd::sunion({"x", "y", "missing"})), (members{"a", "b", "c", "d"}));
  EXPECT_EQ(run(cmd::sinter({"x", "y", "z"})), (members{"c"}));
  EXPECT_TRUE(run(cmd::sinter({"x", "missing"})).empty());
  EXPECT_EQ(run(cmd::sdiff({"x", "y"})), (members{"a"}));
  EXPECT_EQ(run(cmd::sdiff({"y", "x", "z"})), (members{"d"}));

  EXPECT_EQ(run(cmd::sunionstore("u", {"x", "z"})), 4);
  EXPECT_EQ(redis().run(cmd::smembers("u")), (members{"a", "b", "c", "e"}));
  EXPECT_EQ(run(cmd::sinterstore("i", {"x", "y"})), 2);
  EXPECT_EQ(redis().run(cmd::smembers("i")), (members{"b", "c"}));
  EXPECT_EQ(run(cmd::sdiffstore("d", {"x", "y"})), 1);
  EXPECT_EQ(redis().run(cmd::smembers("d")), (members{"a"}));
  EXPECT_EQ(run(cmd::sdiffstore("d", {"x", "x"})), 0);  // an empty result deletes destination
  EXPECT_EQ(redis().run(cmd::exists({"d"})), 0);

  EXPECT_EQ(run(cmd::sintercard({"x", "y"})), 2);
  EXPECT_EQ(run(cmd::sintercard({"x", "y"}, 1)), 1);  // stops counting at the limit
  EXPECT_EQ(run(cmd::sintercard({"x", "y", "z"}, 5)), 1);
  EXPECT_EQ(run(cmd::sintercard({"x", "missing"})), 0);
}

TEST_P(sets, TypedMembersGoThroughTheCodec) {
  run(cmd::sadd("ids", {redis().encode(3), redis().encode(1), redis().encode(2)}));
  EXPECT_EQ(run(cmd::smembers<int>("ids")), (std::set<int>{1, 2, 3}));
  redis().run(cmd::sadd("more", {redis().encode(3), redis().encode(4)}));
  EXPECT_EQ(run(cmd::sunion<int>({"ids", "more"})), (std::set<int>{1, 2, 3, 4}));
  EXPECT_EQ(run(cmd::sinter<long long>({"ids", "more"})), (std::set<long long>{3}));
  EXPECT_EQ(run(cmd::sdiff<int>({"more", "ids"})), (std::set<int>{4}));
  const auto some = run(cmd::srandmember<int>("ids", 2));
  for (int id : some) EXPECT_TRUE(id >= 1 && id <= 3) << id;
}

TEST_P(sets, ScanPagesAndRange) {
  members all;
  std::vector<std::string> added;
  for (int i = 0; i < 700; ++i) {  // past set-max-intset-entries: a hashtable, many pages
    all.insert("m" + std::to_string(i));
    added.push_back("m" + std::to_string(i));
  }
  redis().run(cmd::sadd("s", added));
  redis().run(cmd::sadd("s", {"other"}));

  members paged;
  std::string cursor = "0";
  int pages = 0;
  do {
    auto page = run(cmd::sscan("s", cursor, {"m*", 50}));
    paged.insert(page.items.begin(), page.items.end());
    cursor = page.cursor;
    ++pages;
  } while (cursor != "0");
  EXPECT_EQ(paged, all);
  EXPECT_GT(pages, 1);

  members ranged;
  for (const auto& m : cmd::sscan(redis(), "s", {"", 100})) ranged.insert(m);
  all.insert("other");
  EXPECT_EQ(ranged, all);

  redis().run(cmd::sadd("nums", {"1", "2", "3"}));
  std::set<int> nums;
  for (int n : cmd::sscan<int>(redis(), "nums")) nums.insert(n);
  EXPECT_EQ(nums, (std::set<int>{1, 2, 3}));
}

TEST_P(sets, WrongTypeIsAReplyError) {
  redis().run(cmd::set("str", "v"));
  try {
    run(cmd::sadd("str", {"x"}));
    FAIL() << "expected WRONGTYPE";
  } catch (const reply_error& e) {
    EXPECT_EQ(e.server_code(), "WRONGTYPE");
  }
  EXPECT_THROW(run(cmd::smembers("str")), reply_error);
  EXPECT_THROW(run(cmd::sunion({"str"})), reply_error);
  EXPECT_EQ(redis().run(cmd::get("str")), "v");
}

REDISCACHE_COMMAND_TESTS(sets);

}  // namespace
