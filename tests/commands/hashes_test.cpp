#include "commands/fixture.hpp"

#include <rediscache/commands/hashes.hpp>
#include <rediscache/commands/strings.hpp>
#include <rediscache/error.hpp>

#include <nlohmann/json.hpp>

#include <map>
#include <set>
#include <string>

using namespace rediscache;

namespace {

struct address {
  std::string city;
  int zip = 0;
  bool operator==(const address& o) const { return city == o.city && zip == o.zip; }
};
void to_json(nlohmann::json& j, const address& a) { j = {{"city", a.city}, {"zip", a.zip}}; }
void from_json(const nlohmann::json& j, address& a) {
  j.at("city").get_to(a.city);
  j.at("zip").get_to(a.zip);
}

class hashes : public test::commands_test {};

TEST_P(hashes, SetGetAndDelete) {
  EXPECT_EQ(run(cmd::hset("h", "f1", "a")), 1);
  EXPECT_EQ(run(cmd::hset("h", "f1", "b")), 0);  // overwritten, not new
  EXPECT_EQ(run(cmd::hset("h", {{"f2", "c"}, {"f3", std::string("\0\r\n", 3)}, {"f1", "d"}})), 2);
  EXPECT_EQ(run(cmd::hget("h", "f1")), "d");
  EXPECT_EQ(run(cmd::hget("h", "f3")), std::string("\0\r\n", 3));
  EXPECT_EQ(run(cmd::hget("h", "nope")), std::nullopt);
  EXPECT_EQ(run(cmd::hget("missing", "f1")), std::nullopt);
  EXPECT_EQ(run(cmd::hmget("h", {"f2", "nope", "f1"})),
            (std::vector<std::optional<std::string>>{"c", std::nullopt, "d"}));
  EXPECT_EQ(run(cmd::hgetall("h")),
            (std::map<std::string, std::string>{
                {"f1", "d"}, {"f2", "c"}, {"f3", std::string("\0\r\n", 3)}}));
  EXPECT_TRUE(run(cmd::hgetall("missing")).empty());
  const auto fields = run(cmd::hkeys("h"));
  EXPECT_EQ(std::set<std::string>(fields.begin(), fields.end()),
            (std::set<std::string>{"f1", "f2", "f3"}));
  const auto values = run(cmd::hvals("h"));
  EXPECT_EQ(std::multiset<std::string>(values.begin(), values.end()),
            (std::multiset<std::string>{"c", "d", std::string("\0\r\n", 3)}));
  EXPECT_EQ(run(cmd::hlen("h")), 3);
  EXPECT_EQ(run(cmd::hlen("missing")), 0);
  EXPECT_TRUE(run(cmd::hexists("h", "f2")));
  EXPECT_FALSE(run(cmd::hexists("h", "nope")));
  EXPECT_EQ(run(cmd::hdel("h", {"f1", "nope"})), 1);
  EXPECT_FALSE(run(cmd::hexists("h", "f1")));
  EXPECT_FALSE(run(cmd::hsetnx("h", "f2", "other")));
  EXPECT_EQ(run(cmd::hget("h", "f2")), "c");
  EXPECT_TRUE(run(cmd::hsetnx("h", "f9", "new")));
  EXPECT_EQ(run(cmd::hget("h", "f9")), "new");
}

TEST_P(hashes, TypedValuesGoThroughTheCodec) {
  const address home{"Lyon", 69001};
  EXPECT_EQ(run(cmd::hset("user:1", {{"home", redis().encode(home)},
                                     {"age", redis().encode(42)},
                                     {"score", redis().encode(2.5)}})),
            3);
  EXPECT_EQ(run(cmd::hget<address>("user:1", "home")), home);
  EXPECT_EQ(run(cmd::hget<int>("user:1", "age")), 42);
  EXPECT_EQ(run(cmd::hget("user:1", "age")), "42");  // integers are stored as decimal text
  EXPECT_EQ(run(cmd::hmget<double>("user:1", {"score", "nope", "age"})),
            (std::vector<std::optional<double>>{2.5, std::nullopt, 42.0}));
  EXPECT_EQ(run(cmd::hgetall<nlohmann::json>("user:1")).at("home").at("city"), "Lyon");
  EXPECT_THROW(run(cmd::hget<int>("user:1", "home")), protocol_error);  // not a number
  run(cmd::hset("nums", {{"a", "1"}, {"b", "2"}}));
  const auto nums = run(cmd::hvals<int>("nums"));
  EXPECT_EQ(std::multiset<int>(nums.begin(), nums.end()), (std::multiset<int>{1, 2}));
}

TEST_P(hashes, Counters) {
  EXPECT_EQ(run(cmd::hincrby("h", "n", 5)), 5);
  EXPECT_EQ(run(cmd::hincrby("h", "n", -7)), -2);
  EXPECT_DOUBLE_EQ(run(cmd::hincrbyfloat("h", "f", 1.5)), 1.5);
  EXPECT_DOUBLE_EQ(run(cmd::hincrbyfloat("h", "f", -0.25)), 1.25);
  run(cmd::hset("h", "text", "abc"));
  EXPECT_THROW(run(cmd::hincrby("h", "text", 1)), reply_error);
  EXPECT_THROW(run(cmd::hincrbyfloat("h", "text", 1)), reply_error);
}

TEST_P(hashes, RandomFields) {
  EXPECT_EQ(run(cmd::hrandfield("missing")), std::nullopt);
  EXPECT_TRUE(run(cmd::hrandfield("missing", 3)).empty());
  const std::map<std::string, std::string> all{{"a", "1"}, {"b", "2"}, {"c", "3"}};
  run(cmd::hset("h", cmd::field_values(all.begin(), all.end())));

  const auto one = run(cmd::hrandfield("h"));
  ASSERT_TRUE(one.has_value());
  EXPECT_EQ(all.count(*one), 1u);
  const auto two = run(cmd::hrandfield("h", 2));
  EXPECT_EQ(two.size(), 2u);
  EXPECT_EQ(std::set<std::string>(two.begin(), two.end()).size(), 2u);  // distinct
  EXPECT_EQ(run(cmd::hrandfield("h", 10)).size(), 3u);                  // at most the hash's size
  const auto repeated = run(cmd::hrandfield("h", 10, cmd::sampling::with_repeats));
  EXPECT_EQ(repeated.size(), 10u);
  for (const auto& f : repeated) EXPECT_EQ(all.count(f), 1u) << f;

  const auto with_values = run(cmd::hrandfield_with_values<int>("h", 10));
  EXPECT_EQ(with_values.size(), 3u);
  for (const auto& [field, value] : with_values) EXPECT_EQ(std::to_string(value), all.at(field));
  const auto repeated_values =
      run(cmd::hrandfield_with_values("h", 7, cmd::sampling::with_repeats));
  EXPECT_EQ(repeated_values.size(), 7u);
  for (const auto& [field, value] : repeated_values) EXPECT_EQ(value, all.at(field));
}

TEST_P(hashes, ScanPagesAndRange) {
  std::map<std::string, int> all;
  cmd::field_values items;
  for (int i = 0; i < 600; ++i) {  // past hash-max-listpack-entries (512): a hashtable, many pages
    all["field:" + std::to_string(i)] = i;
    items.emplace_back("field:" + std::to_string(i), std::to_string(i));
  }
  items.emplace_back("other", "-1");
  redis().run(cmd::hset("h", items));

  std::map<std::string, int> paged;
  std::string cursor = "0";
  int pages = 0;
  do {
    auto page = run(cmd::hscan<int>("h", cursor, {"field:*", 20}));
    for (auto& [field, value] : page.items) paged[field] = value;
    cursor = page.cursor;
    ++pages;
  } while (cursor != "0");
  EXPECT_EQ(paged, all);
  EXPECT_GT(pages, 1);

  std::map<std::string, std::string> ranged;
  for (const auto& [field, value] : cmd::hscan(redis(), "h", {"", 50})) ranged[field] = value;
  EXPECT_EQ(ranged.size(), 601u);
  EXPECT_EQ(ranged.at("other"), "-1");
  const auto none = cmd::hscan(redis(), "missing");
  EXPECT_EQ(none.begin(), none.end());
}

TEST_P(hashes, WrongTypeIsAReplyError) {
  redis().run(cmd::set("s", "v"));
  try {
    run(cmd::hget("s", "f"));
    FAIL() << "expected WRONGTYPE";
  } catch (const reply_error& e) {
    EXPECT_EQ(e.server_code(), "WRONGTYPE");
  }
  EXPECT_THROW(run(cmd::hset("s", "f", "v")), reply_error);
  EXPECT_THROW(run(cmd::hgetall("s")), reply_error);
  EXPECT_EQ(redis().run(cmd::get("s")), "v");  // nothing changed
}

REDISCACHE_COMMAND_TESTS(hashes);

}  // namespace
