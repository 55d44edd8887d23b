#include "commands/fixture.hpp"

#include <rediscache/commands/keys.hpp>
#include <rediscache/commands/lists.hpp>
#include <rediscache/commands/strings.hpp>
#include <rediscache/error.hpp>

#include <nlohmann/json.hpp>

#include <chrono>
#include <string>
#include <vector>

using namespace rediscache;
using namespace std::chrono_literals;

namespace {

using strings = std::vector<std::string>;

class lists : public test::commands_test {
 protected:
  strings all(const std::string& key) { return redis().run(cmd::lrange(key, 0, -1)); }
};

TEST_P(lists, PushAndPop) {
  EXPECT_EQ(run(cmd::lpush("l", {"a", "b"})), 2);  // b is pushed last: it is the head
  EXPECT_EQ(run(cmd::rpush("l", {"c", std::string("\0\n", 2)})), 4);
  EXPECT_EQ(all("l"), (strings{"b", "a", "c", std::string("\0\n", 2)}));
  EXPECT_EQ(run(cmd::lpushx("missing", {"x"})), 0);
  EXPECT_EQ(run(cmd::rpushx("missing", {"x"})), 0);
  EXPECT_EQ(redis().run(cmd::exists({"missing"})), 0);
  EXPECT_EQ(run(cmd::lpushx("l", {"z"})), 5);
  EXPECT_EQ(run(cmd::rpushx("l", {"y"})), 6);
  EXPECT_EQ(run(cmd::llen("l")), 6);
  EXPECT_EQ(run(cmd::llen("missing")), 0);

  EXPECT_EQ(run(cmd::lpop("l")), "z");
  EXPECT_EQ(run(cmd::rpop("l")), "y");
  EXPECT_EQ(run(cmd::lpop("l", 2)), (strings{"b", "a"}));
  EXPECT_EQ(run(cmd::rpop("l", 5)), (strings{std::string("\0\n", 2), "c"}));  // fewer were left
  EXPECT_EQ(run(cmd::lpop("l")), std::nullopt);                               // emptied: deleted
  EXPECT_EQ(run(cmd::rpop("missing")), std::nullopt);
  EXPECT_TRUE(run(cmd::lpop("missing", 3)).empty());
  EXPECT_TRUE(run(cmd::rpop("missing", 3)).empty());
}

TEST_P(lists, ReadByIndexAndRange) {
  redis().run(cmd::rpush("l", {"a", "b", "c", "d"}));
  EXPECT_EQ(run(cmd::lrange("l", 1, 2)), (strings{"b", "c"}));
  EXPECT_EQ(run(cmd::lrange("l", -2, -1)), (strings{"c", "d"}));
  EXPECT_TRUE(run(cmd::lrange("missing", 0, -1)).empty());
  EXPECT_EQ(run(cmd::lindex("l", 0)), "a");
  EXPECT_EQ(run(cmd::lindex("l", -1)), "d");
  EXPECT_EQ(run(cmd::lindex("l", 99)), std::nullopt);
  EXPECT_EQ(run(cmd::lindex("missing", 0)), std::nullopt);
}

TEST_P(lists, EditInPlace) {
  redis().run(cmd::rpush("l", {"a", "b", "a", "c", "a"}));
  EXPECT_TRUE(run(cmd::lset("l", 1, "B")));
  EXPECT_THROW(run(cmd::lset("l", 99, "x")), reply_error);  // index out of range
  EXPECT_THROW(run(cmd::lset("missing", 0, "x")), reply_error);
  EXPECT_EQ(run(cmd::linsert("l", cmd::insert_position::before, "c", "<")), 6);
  EXPECT_EQ(run(cmd::linsert("l", cmd::insert_position::after, "c", ">")), 7);
  EXPECT_EQ(all("l"), (strings{"a", "B", "a", "<", "c", ">", "a"}));
  EXPECT_EQ(run(cmd::linsert("l", cmd::insert_position::after, "nope", "x")), -1);
  EXPECT_EQ(run(cmd::linsert("missing", cmd::insert_position::after, "a", "x")), 0);

  EXPECT_EQ(run(cmd::lrem("l", -1, "a")), 1);  // from the tail
  EXPECT_EQ(all("l"), (strings{"a", "B", "a", "<", "c", ">"}));
  EXPECT_EQ(run(cmd::lrem("l", 1, "a")), 1);  // from the head
  EXPECT_EQ(all("l"), (strings{"B", "a", "<", "c", ">"}));
  redis().run(cmd::rpush("l", {"a", "a"}));
  EXPECT_EQ(run(cmd::lrem("l", 0, "a")), 3);  // all
  EXPECT_TRUE(run(cmd::ltrim("l", 1, -2)));
  EXPECT_EQ(all("l"), (strings{"<", "c"}));
  EXPECT_TRUE(run(cmd::ltrim("l", 5, 10)));  // nothing left: the list is deleted
  EXPECT_EQ(redis().run(cmd::exists({"l"})), 0);
}

TEST_P(lists, Positions) {
  redis().run(cmd::rpush("l", {"a", "b", "c", "a", "b", "a"}));
  EXPECT_EQ(run(cmd::lpos("l", "a")), 0);
  EXPECT_EQ(run(cmd::lpos("l", "b")), 1);
  EXPECT_EQ(run(cmd::lpos("l", "a", {2})), 3);
  EXPECT_EQ(run(cmd::lpos("l", "a", {-1})), 5);
  EXPECT_EQ(run(cmd::lpos("l", "a", {2, 3})), std::nullopt);  // only 3 elements compared
  EXPECT_EQ(run(cmd::lpos("l", "zzz")), std::nullopt);
  EXPECT_EQ(run(cmd::lpos("missing", "a")), std::nullopt);
  EXPECT_THROW(run(cmd::lpos("l", "a", {0})), reply_error);  // RANK 0
  EXPECT_EQ(run(cmd::lpos_many("l", "a", 0)), (std::vector<long long>{0, 3, 5}));
  EXPECT_EQ(run(cmd::lpos_many("l", "a", 2)), (std::vector<long long>{0, 3}));
  EXPECT_EQ(run(cmd::lpos_many("l", "a", 2, {-1})), (std::vector<long long>{5, 3}));
  EXPECT_EQ(run(cmd::lpos_many("l", "a", 0, {std::nullopt, 4})), (std::vector<long long>{0, 3}));
  EXPECT_TRUE(run(cmd::lpos_many("l", "zzz", 0)).empty());
}

TEST_P(lists, Move) {
  redis().run(cmd::rpush("src", {"a", "b", "c"}));
  EXPECT_EQ(run(cmd::lmove("src", "dst", cmd::list_end::right, cmd::list_end::left)), "c");
  EXPECT_EQ(run(cmd::lmove("src", "dst", cmd::list_end::left, cmd::list_end::right)), "a");
  EXPECT_EQ(all("src"), (strings{"b"}));
  EXPECT_EQ(all("dst"), (strings{"c", "a"}));
  EXPECT_EQ(run(cmd::lmove("dst", "dst", cmd::list_end::left, cmd::list_end::right)), "c");
  EXPECT_EQ(all("dst"), (strings{"a", "c"}));  // rotated
  EXPECT_EQ(run(cmd::lmove("missing", "dst", cmd::list_end::left, cmd::list_end::left)),
            std::nullopt);
}

// Here the lists have elements, so nothing waits (a transaction never does); the waits are in
// blocking_test.cpp.
TEST_P(lists, BlockingPopsAndMove) {
  redis().run(cmd::rpush("b", {"1", "2", "3"}));
  EXPECT_EQ(run(cmd::blpop({"empty", "b"}, 1s)),
            std::make_pair(std::string("b"), std::string("1")));
  EXPECT_EQ(run(cmd::brpop({"b", "empty"}, 1s)),
            std::make_pair(std::string("b"), std::string("3")));
  EXPECT_EQ(run(cmd::blmove("b", "c", cmd::list_end::left, cmd::list_end::left, 1s)), "2");
  EXPECT_EQ(all("c"), (strings{"2"}));
  const auto got = run(cmd::blpop<int>({"c"}, 1s));
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->second, 2);
  EXPECT_EQ(run(cmd::blpop({"empty"}, 50ms)), std::nullopt);
  EXPECT_EQ(run(cmd::brpop({"empty"}, 50ms)), std::nullopt);
  EXPECT_EQ(run(cmd::blmove("empty", "c", cmd::list_end::left, cmd::list_end::left, 50ms)),
            std::nullopt);
}

TEST_P(lists, BlockingTimeoutsMustBeBounded) {
  EXPECT_THROW(cmd::blpop({"q"}, 0ms), config_error);  // 0 is "forever" to Redis
  EXPECT_THROW(cmd::brpop({"q"}, -1ms), config_error);
  EXPECT_THROW(cmd::blmove("q", "r", cmd::list_end::left, cmd::list_end::left, 0ms), config_error);
  EXPECT_THROW(cmd::blpop({"q"}, std::chrono::hours(24 * 366)), config_error);
  const auto pop = cmd::blpop({"q"}, 1500ms);
  EXPECT_EQ(pop.raw().block_time(), 1600ms);  // Redis may end the wait 100 ms late
  EXPECT_EQ(pop.raw().argument(2), "1.5");
  EXPECT_FALSE(pop.raw().idempotent());
  EXPECT_FALSE(cmd::lmove("a", "b", cmd::list_end::left, cmd::list_end::left).raw().idempotent());
}

TEST_P(lists, TypedElementsGoThroughTheCodec) {
  const nlohmann::json job = {{"id", 7}, {"task", "resize"}};
  run(cmd::rpush("jobs", {redis().encode(job), redis().encode(nlohmann::json{{"id", 8}})}));
  EXPECT_EQ(run(cmd::lindex<nlohmann::json>("jobs", 0)), job);
  EXPECT_EQ(run(cmd::lrange<nlohmann::json>("jobs", 0, -1)).at(1).at("id"), 8);
  EXPECT_EQ(run(cmd::lpop<nlohmann::json>("jobs")), job);
  EXPECT_EQ(run(cmd::rpop<nlohmann::json>("jobs", 1)).at(0).at("id"), 8);
  run(cmd::rpush("n", {redis().encode(1), redis().encode(2)}));
  EXPECT_EQ(run(cmd::lrange<int>("n", 0, -1)), (std::vector<int>{1, 2}));
}

TEST_P(lists, WrongTypeIsAReplyError) {
  redis().run(cmd::set("s", "v"));
  try {
    run(cmd::lpush("s", {"x"}));
    FAIL() << "expected WRONGTYPE";
  } catch (const reply_error& e) {
    EXPECT_EQ(e.server_code(), "WRONGTYPE");
  }
  EXPECT_THROW(run(cmd::lrange("s", 0, -1)), reply_error);
  EXPECT_THROW(run(cmd::blpop({"s"}, 50ms)), reply_error);
  EXPECT_EQ(redis().run(cmd::get("s")), "v");
}

REDISCACHE_COMMAND_TESTS(lists);

}  // namespace
