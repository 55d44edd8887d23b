#include "commands/fixture.hpp"

#include <rediscache/commands/streams.hpp>
#include <rediscache/error.hpp>

#include <nlohmann/json.hpp>

#include <thread>

using namespace rediscache;
using namespace std::chrono_literals;

namespace {

using ids = std::vector<std::string>;

std::vector<std::string> ids_of(const std::vector<stream_entry<>>& entries) {
  std::vector<std::string> out;
  for (const auto& e : entries) out.push_back(e.id);
  return out;
}

class streams : public test::commands_test {
 protected:
  // Entries 1-0, 2-0, 3-0 with field n = 1, 2, 3.
  void add_three(const std::string& key = "s") {
    for (int i = 1; i <= 3; ++i) {
      cmd::xadd_options at;
      at.id = std::to_string(i) + "-0";
      run(cmd::xadd(key, {{"n", std::to_string(i)}}, at));
    }
  }
  long long length(const std::string& key = "s") { return redis().run(cmd::xlen(key)); }
};

TEST_P(streams, XaddPicksOrTakesIds) {
  const std::string auto_id = run(cmd::xadd("s", {{"a", "1"}, {"b", "2"}}));
  EXPECT_NE(auto_id.find('-'), std::string::npos);
  cmd::xadd_options later;
  later.id = "99999999999999-5";
  EXPECT_EQ(run(cmd::xadd("s", {{"a", "3"}}, later)), "99999999999999-5");
  later.id = "99999999999999-*";
  EXPECT_EQ(run(cmd::xadd("s", {{"a", "4"}}, later)), "99999999999999-6");
  later.id = "1-1";  // not after the last id
  EXPECT_THROW(run(cmd::xadd("s", {{"a", "5"}}, later)), reply_error);
  EXPECT_EQ(run(cmd::xlen("s")), 3);

  const auto first = run(cmd::xrange("s", "-", "+", 1));
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0].id, auto_id);
  EXPECT_EQ(first[0].fields,
            (std::vector<std::pair<std::string, std::string>>{{"a", "1"}, {"b", "2"}}));
  EXPECT_THROW(cmd::xadd("s", {}), config_error);
  cmd::xadd_options no_id;
  no_id.id.clear();
  EXPECT_THROW(cmd::xadd("s", {{"a", "1"}}, no_id), config_error);
}

TEST_P(streams, XaddWithoutCreatingTheStream) {
  EXPECT_EQ(run(cmd::xadd_existing("missing", {{"a", "1"}})), std::nullopt);
  EXPECT_EQ(redis().execute<long long>("EXISTS", "missing"), 0);
  run(cmd::xadd("present", {{"a", "1"}}));
  EXPECT_TRUE(run(cmd::xadd_existing("present", {{"a", "2"}})).has_value());
  EXPECT_EQ(length("present"), 2);
}

TEST_P(streams, TrimmingByLengthAndMinimumId) {
  add_three();
  cmd::xadd_options capped;
  capped.id = "4-0";
  capped.trim = cmd::stream_trim::max_length(2);
  run(cmd::xadd("s", {{"n", "4"}}, capped));
  EXPECT_EQ(length(), 2);
  EXPECT_EQ(ids_of(run(cmd::xrange("s"))).front(), "3-0");

  cmd::xadd_options by_id;
  by_id.id = "10-0";
  by_id.trim = cmd::stream_trim::min_id("4");
  run(cmd::xadd("s", {{"n", "10"}}, by_id));
  EXPECT_EQ(ids_of(run(cmd::xrange("s"))), (ids{"4-0", "10-0"}));  // 3-0 dropped

  EXPECT_EQ(run(cmd::xtrim("s", cmd::stream_trim::min_id("10-0"))), 1);
  EXPECT_EQ(run(cmd::xtrim("s", cmd::stream_trim::max_length(0))), 1);
  EXPECT_EQ(length(), 0);

  // ~ trims whole radix-tree nodes (100 entries each by default), so it keeps at least the
  // length asked for and usually more.
  batch b;
  for (int i = 0; i < 1000; ++i) b.add(cmd::xadd("big", {{"i", std::to_string(i)}}));
  redis().run(b);
  const long long removed =
      run(cmd::xtrim("big", cmd::stream_trim::max_length(10, cmd::trim_precision::approximate)));
  EXPECT_GT(removed, 0);
  EXPECT_GE(length("big"), 10);
  EXPECT_EQ(length("big"), 1000 - removed);
  EXPECT_LT(length("big"), 1000);

  EXPECT_THROW(cmd::xtrim("s", cmd::stream_trim::none()), config_error);
  EXPECT_THROW(cmd::stream_trim::max_length(-1), config_error);
  EXPECT_THROW(cmd::stream_trim::min_id(""), config_error);
}

TEST_P(streams, RangesAndDeletes) {
  add_three();
  EXPECT_EQ(ids_of(run(cmd::xrange("s"))), (ids{"1-0", "2-0", "3-0"}));
  EXPECT_EQ(ids_of(run(cmd::xrange("s", "(1-0", "+"))), (ids{"2-0", "3-0"}));
  EXPECT_EQ(ids_of(run(cmd::xrange("s", "2", "+", 1))), (ids{"2-0"}));
  EXPECT_EQ(ids_of(run(cmd::xrevrange("s"))), (ids{"3-0", "2-0", "1-0"}));
  EXPECT_EQ(ids_of(run(cmd::xrevrange("s", "+", "-", 2))), (ids{"3-0", "2-0"}));
  const auto last = run(cmd::xrevrange("s", "+", "-", 1));
  ASSERT_EQ(last.size(), 1u);
  ASSERT_NE(last[0].field("n"), nullptr);
  EXPECT_EQ(*last[0].field("n"), "3");
  EXPECT_EQ(last[0].field("missing"), nullptr);
  EXPECT_EQ(run(cmd::xdel("s", {"2-0", "9-0"})), 1);
  EXPECT_EQ(ids_of(run(cmd::xrange("s"))), (ids{"1-0", "3-0"}));
  EXPECT_EQ(run(cmd::xrange("missing")).size(), 0u);
  EXPECT_THROW(cmd::xdel("s", {}), config_error);
}

TEST_P(streams, XreadFromSeveralStreams) {
  add_three("a");
  add_three("b");
  const auto got = run(cmd::xread({{"a", "1-0"}, {"b", "0"}}, {2}));
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].stream, "a");
  EXPECT_EQ(ids_of(got[0].entries), (ids{"2-0", "3-0"}));
  EXPECT_EQ(got[1].stream, "b");
  EXPECT_EQ(ids_of(got[1].entries), (ids{"1-0", "2-0"}));  // COUNT 2 per stream
  EXPECT_TRUE(run(cmd::xread({{"a", "3-0"}})).empty());    // nothing newer
  // BLOCK with nothing arriving: empty after the wait (in MULTI, Redis does not block at all).
  cmd::xread_options wait;
  wait.block = 50ms;
  EXPECT_TRUE(run(cmd::xread({{"a", "$"}}, wait)).empty());
  wait.block = 0ms;
  EXPECT_THROW(cmd::xread({{"a", "$"}}, wait), config_error);
  wait.block = -5ms;
  EXPECT_THROW(cmd::xread({{"a", "$"}}, wait), config_error);
  EXPECT_THROW(cmd::xread({}), config_error);
}

TEST_P(streams, ConsumerGroupsReadAcknowledgeAndReport) {
  EXPECT_THROW(run(cmd::xgroup_create("s", "g")), reply_error);  // no stream, no MKSTREAM
  EXPECT_TRUE(run(cmd::xgroup_create("s", "g", "0", cmd::missing_stream::create)));
  try {
    run(cmd::xgroup_create("s", "g"));
    FAIL() << "expected BUSYGROUP";
  } catch (const reply_error& e) {
    EXPECT_EQ(e.server_code(), "BUSYGROUP");
  }
  EXPECT_TRUE(run(cmd::xgroup_createconsumer("s", "g", "c1")));
  EXPECT_FALSE(run(cmd::xgroup_createconsumer("s", "g", "c1")));
  add_three();

  cmd::xreadgroup_options two;
  two.count = 2;
  const auto got = run(cmd::xreadgroup("g", "c1", {{"s", ">"}}, two));
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(ids_of(got[0].entries), (ids{"1-0", "2-0"}));

  const pending_summary summary = run(cmd::xpending("s", "g"));
  EXPECT_EQ(summary.count, 2);
  EXPECT_EQ(summary.lowest_id, "1-0");
  EXPECT_EQ(summary.highest_id, "2-0");
  EXPECT_EQ(summary.consumers, (std::vector<std::pair<std::string, long long>>{{"c1", 2}}));

  const auto pending = run(cmd::xpending_entries("s", "g", 10));
  ASSERT_EQ(pending.size(), 2u);
  EXPECT_EQ(pending[0].id, "1-0");
  EXPECT_EQ(pending[0].consumer, "c1");
  EXPECT_EQ(pending[0].deliveries, 1);
  EXPECT_GE(pending[0].idle.count(), 0);
  cmd::xpending_options others;
  others.consumer = "c2";
  EXPECT_TRUE(run(cmd::xpending_entries("s", "g", 10, others)).empty());
  cmd::xpending_options idle_long;
  idle_long.min_idle = 1h;
  EXPECT_TRUE(run(cmd::xpending_entries("s", "g", 10, idle_long)).empty());

  EXPECT_EQ(run(cmd::xack("s", "g", {"1-0", "7-0"})), 1);
  EXPECT_EQ(run(cmd::xpending("s", "g")).count, 1);
  const auto history = run(cmd::xreadgroup("g", "c1", {{"s", "0"}}));  // c1's own pending
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(ids_of(history[0].entries), (ids{"2-0"}));

  cmd::xreadgroup_options noack;
  noack.ack = cmd::group_ack::on_delivery;
  EXPECT_EQ(ids_of(run(cmd::xreadgroup("g", "c1", {{"s", ">"}}, noack))[0].entries), (ids{"3-0"}));
  EXPECT_EQ(run(cmd::xpending("s", "g")).count, 1);  // 3-0 never became pending

  EXPECT_TRUE(run(cmd::xgroup_destroy("s", "g")));
  EXPECT_FALSE(run(cmd::xgroup_destroy("s", "g")));
  try {
    run(cmd::xpending("s", "g"));
    FAIL() << "expected NOGROUP";
  } catch (const reply_error& e) {
    EXPECT_EQ(e.server_code(), "NOGROUP");
  }
}

TEST_P(streams, ClaimsMovePendingEntries) {
  run(cmd::xgroup_create("s", "g", "0", cmd::missing_stream::create));
  add_three();
  run(cmd::xreadgroup("g", "c1", {{"s", ">"}}));

  const auto claimed = run(cmd::xclaim("s", "g", "c2", 0ms, {"1-0"}));
  ASSERT_EQ(claimed.size(), 1u);
  EXPECT_EQ(*claimed[0].field("n"), "1");
  cmd::xclaim_options reset;
  reset.idle = 5min;
  reset.retry_count = 7;
  EXPECT_EQ(run(cmd::xclaim_ids("s", "g", "c2", 0ms, {"2-0"}, reset)), (ids{"2-0"}));
  cmd::xpending_options of_c2;
  of_c2.consumer = "c2";
  const auto c2 = run(cmd::xpending_entries("s", "g", 10, of_c2));
  ASSERT_EQ(c2.size(), 2u);
  EXPECT_EQ(c2[0].deliveries, 2);  // XCLAIM counts a delivery
  EXPECT_EQ(c2[1].deliveries, 7);  // RETRYCOUNT set it
  EXPECT_GE(c2[1].idle, 5min);
  EXPECT_TRUE(run(cmd::xclaim("s", "g", "c2", 1h, {"3-0"})).empty());  // not idle long enough

  // FORCE claims an id that is in the stream but not pending.
  cmd::xadd_options at4;
  at4.id = "4-0";
  run(cmd::xadd("s", {{"n", "4"}}, at4));
  EXPECT_TRUE(run(cmd::xclaim_ids("s", "g", "c3", 0ms, {"4-0"})).empty());
  cmd::xclaim_options force;
  force.force = cmd::claim_force::any_id;
  EXPECT_EQ(run(cmd::xclaim_ids("s", "g", "c3", 0ms, {"4-0"}, force)), (ids{"4-0"}));

  run(cmd::xdel("s", {"3-0"}));
  const autoclaim_result<> all = run(cmd::xautoclaim("s", "g", "c4", 0ms));
  EXPECT_EQ(all.next_id, "0-0");
  EXPECT_EQ(ids_of(all.entries), (ids{"1-0", "2-0", "4-0"}));
  EXPECT_EQ(all.deleted_ids, (ids{"3-0"}));  // deleted while pending: dropped from the list
  const auto one = run(cmd::xautoclaim("s", "g", "c5", 0ms, "0-0", 1));
  EXPECT_EQ(ids_of(one.entries), (ids{"1-0"}));
  EXPECT_EQ(one.next_id, "2-0");
  EXPECT_THROW(cmd::xclaim("s", "g", "c", -1ms, {"1-0"}), config_error);
  EXPECT_THROW(cmd::xack("s", "g", {}), config_error);
}

TEST_P(streams, XinfoStream) {
  run(cmd::xgroup_create("s", "g", "$", cmd::missing_stream::create));
  const stream_info empty = run(cmd::xinfo_stream("s"));
  EXPECT_EQ(empty.length, 0);
  EXPECT_EQ(empty.groups, 1);
  EXPECT_FALSE(empty.first_entry);
  add_three();
  run(cmd::xdel("s", {"2-0"}));
  const stream_info info = run(cmd::xinfo_stream("s"));
  EXPECT_EQ(info.length, 2);
  EXPECT_EQ(info.entries_added, 3);
  EXPECT_EQ(info.last_generated_id, "3-0");
  EXPECT_EQ(info.max_deleted_entry_id, "2-0");
  EXPECT_EQ(info.recorded_first_entry_id, "1-0");
  EXPECT_GE(info.radix_tree_keys, 1);
  EXPECT_GE(info.radix_tree_nodes, 1);
  ASSERT_TRUE(info.first_entry && info.last_entry);
  EXPECT_EQ(info.first_entry->id, "1-0");
  EXPECT_EQ(*info.last_entry->field("n"), "3");
  EXPECT_THROW(run(cmd::xinfo_stream("missing")), reply_error);
}

TEST_P(streams, FieldValuesThroughTheCodec) {
  const nlohmann::json order = {{"sku", "tea"}, {"qty", 2}};
  run(cmd::xadd("orders", {{"order", redis().encode(order)}}));
  const auto entries = run(cmd::xrange<nlohmann::json>("orders"));
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(*entries[0].field("order"), order);
  const auto read = run(cmd::xread<nlohmann::json>({{"orders", "0"}}));
  EXPECT_EQ(read.at(0).entries.at(0).fields.at(0).second["qty"], 2);
}

TEST_P(streams, WrongTypeIsAReplyError) {
  redis().execute("SET", "text", "x");
  try {
    run(cmd::xadd("text", {{"a", "1"}}));
    FAIL() << "expected WRONGTYPE";
  } catch (const reply_error& e) {
    EXPECT_EQ(e.server_code(), "WRONGTYPE");
  }
  EXPECT_THROW(run(cmd::xrange("text")), reply_error);
  EXPECT_THROW(run(cmd::xlen("text")), reply_error);
}

REDISCACHE_COMMAND_TESTS(streams);

// Blocking reads, which only block outside MULTI: called directly, with a producer thread.
class StreamBlocking : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!server_) server_ = std::make_unique<test::redis_server>();
  }
  void SetUp() override { redis.execute("FLUSHALL"); }

  static client with_socket_timeout(std::chrono::milliseconds timeout) {
    connection_options o = test::options_of(*server_);
    o.socket_timeout = timeout;
    return client(std::make_shared<pooled_executor>(o));
  }

  static inline std::unique_ptr<test::redis_server> server_;
  client redis{std::make_shared<pooled_executor>(test::options_of(*server_))};
};

TEST_F(StreamBlocking, XreadReturnsWhenAnEntryArrives) {
  std::thread producer([this] {
    std::this_thread::sleep_for(200ms);
    redis.run(cmd::xadd("events", {{"kind", "signup"}}));
  });
  cmd::xread_options wait;
  wait.block = 5s;
  const auto start = std::chrono::steady_clock::now();
  const auto got = redis.run(cmd::xread({{"events", "$"}}, wait));
  const auto waited = std::chrono::steady_clock::now() - start;
  producer.join();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(*got[0].entries.at(0).field("kind"), "signup");
  EXPECT_GE(waited, 150ms);
  EXPECT_LT(waited, 4s);
}

// The connection waits for the block time on top of its socket timeout, so a block longer than
// the socket timeout ends with an empty result, not a timeout_error.
TEST_F(StreamBlocking, ABlockLongerThanTheSocketTimeoutReturnsEmpty) {
  redis.run(cmd::xgroup_create("jobs", "workers", "$", cmd::missing_stream::create));
  client impatient = with_socket_timeout(200ms);
  cmd::xreadgroup_options wait;
  wait.block = 700ms;
  const auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(impatient.run(cmd::xreadgroup("workers", "w1", {{"jobs", ">"}}, wait)).empty());
  const auto waited = std::chrono::steady_clock::now() - start;
  EXPECT_GE(waited, 650ms);
  EXPECT_LT(waited, 700ms + 200ms + 500ms);  // block + socket timeout, with slack for load

  cmd::xread_options read_wait;
  read_wait.block = 700ms;
  EXPECT_TRUE(impatient.run(cmd::xread({{"jobs", "$"}}, read_wait)).empty());
}

TEST_F(StreamBlocking, AGroupReaderGetsEntriesAddedWhileItWaits) {
  redis.run(cmd::xgroup_create("jobs", "workers", "$", cmd::missing_stream::create));
  std::thread producer([this] {
    std::this_thread::sleep_for(100ms);
    redis.run(cmd::xadd("jobs", {{"task", "resize"}}));
  });
  cmd::xreadgroup_options wait;
  wait.block = 5s;
  const auto got = redis.run(cmd::xreadgroup("workers", "w1", {{"jobs", ">"}}, wait));
  producer.join();
  ASSERT_EQ(got.size(), 1u);
  const std::string id = got[0].entries.at(0).id;
  EXPECT_EQ(redis.run(cmd::xpending("jobs", "workers")).count, 1);
  EXPECT_EQ(redis.run(cmd::xack("jobs", "workers", {id})), 1);
  EXPECT_EQ(redis.run(cmd::xpending("jobs", "workers")).count, 0);
}

}  // namespace
