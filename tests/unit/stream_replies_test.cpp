// Stream replies and arguments, without a server.
#include "unit/resp_bytes.hpp"

#include <rediscache/commands/streams.hpp>
#include <rediscache/error.hpp>

namespace rediscache {
namespace {

using namespace std::chrono_literals;
using test::array;
using test::as;
using test::bulk;
using test::integer;
using test::nil;
using fields = std::vector<std::pair<std::string, std::string>>;

std::string entry(const std::string& id, std::initializer_list<std::string> flat) {
  return array({bulk(id), test::array(flat)});
}

TEST(StreamReplies, Entries) {
  const auto e = as<stream_entry<>>(entry("1-1", {bulk("a"), bulk("x"), bulk("b"), bulk("y")}));
  EXPECT_EQ(e.id, "1-1");
  EXPECT_EQ(e.fields, (fields{{"a", "x"}, {"b", "y"}}));
  EXPECT_EQ(*e.field("b"), "y");
  EXPECT_EQ(e.field("c"), nullptr);
  const auto deleted = as<stream_entry<>>(array({bulk("2-0"), nil()}));
  EXPECT_EQ(deleted.id, "2-0");
  EXPECT_TRUE(deleted.fields.empty());
  EXPECT_THROW(as<stream_entry<>>(array({bulk("1-1")})), protocol_error);
  EXPECT_THROW(as<stream_entry<>>(entry("1-1", {bulk("odd")})), protocol_error);
  EXPECT_EQ(as<std::vector<stream_entry<int>>>(array({entry("3-0", {bulk("n"), bulk("42")})}))
                .at(0)
                .fields.at(0)
                .second,
            42);
}

TEST(StreamReplies, ReadsPerStreamAndTimeouts) {
  using read = std::vector<stream_messages<>>;
  EXPECT_TRUE(as<read>(nil()).empty());  // XREAD BLOCK that timed out
  const auto got =
      as<read>(array({array({bulk("s1"), array({entry("1-0", {bulk("f"), bulk("v")})})}),
                      array({bulk("s2"), array({})})}));
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].stream, "s1");
  EXPECT_EQ(got[0].entries.at(0).id, "1-0");
  EXPECT_EQ(got[1].stream, "s2");
  EXPECT_TRUE(got[1].entries.empty());
  EXPECT_THROW(as<read>(array({array({bulk("s1")})})), protocol_error);
}

TEST(StreamReplies, PendingSummary) {
  const auto empty = as<pending_summary>(array({integer(0), nil(), nil(), nil()}));
  EXPECT_EQ(empty.count, 0);
  EXPECT_FALSE(empty.lowest_id);
  EXPECT_TRUE(empty.consumers.empty());
  const auto some = as<pending_summary>(
      array({integer(3), bulk("1-0"), bulk("5-0"),
             array({array({bulk("alice"), bulk("2")}), array({bulk("bob"), bulk("1")})})}));
  EXPECT_EQ(some.count, 3);
  EXPECT_EQ(some.lowest_id, "1-0");
  EXPECT_EQ(some.highest_id, "5-0");
  EXPECT_EQ(some.consumers,
            (std::vector<std::pair<std::string, long long>>{{"alice", 2}, {"bob", 1}}));
  EXPECT_THROW(as<pending_summary>(array({integer(0), nil(), nil()})), protocol_error);
}

TEST(StreamReplies, PendingEntries) {
  const auto entries = as<std::vector<pending_entry>>(
      array({array({bulk("1-0"), bulk("alice"), integer(1500), integer(3)})}));
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].id, "1-0");
  EXPECT_EQ(entries[0].consumer, "alice");
  EXPECT_EQ(entries[0].idle, 1500ms);
  EXPECT_EQ(entries[0].deliveries, 3);
  EXPECT_THROW(as<pending_entry>(array({bulk("1-0"), bulk("alice"), integer(1)})), protocol_error);
}

TEST(StreamReplies, Autoclaim) {
  const auto seven = as<autoclaim_result<>>(
      array({bulk("0-0"), array({entry("1-0", {bulk("f"), bulk("v")})}), array({bulk("2-0")})}));
  EXPECT_EQ(seven.next_id, "0-0");
  EXPECT_EQ(seven.entries.at(0).id, "1-0");
  EXPECT_EQ(seven.deleted_ids, std::vector<std::string>{"2-0"});
  const auto six = as<autoclaim_result<>>(array({bulk("3-0"), array({})}));  // Redis 6.2
  EXPECT_EQ(six.next_id, "3-0");
  EXPECT_TRUE(six.deleted_ids.empty());
  EXPECT_THROW(as<autoclaim_result<>>(array({bulk("0-0")})), protocol_error);
}

TEST(StreamReplies, StreamInfo) {
  const auto info = as<stream_info>(array({bulk("length"),
                                           integer(2),
                                           bulk("radix-tree-keys"),
                                           integer(1),
                                           bulk("radix-tree-nodes"),
                                           integer(2),
                                           bulk("last-generated-id"),
                                           bulk("3-0"),
                                           bulk("max-deleted-entry-id"),
                                           bulk("2-0"),
                                           bulk("entries-added"),
                                           integer(3),
                                           bulk("recorded-first-entry-id"),
                                           bulk("1-0"),
                                           bulk("groups"),
                                           integer(1),
                                           bulk("some-future-field"),
                                           array({integer(1)}),
                                           bulk("first-entry"),
                                           entry("1-0", {bulk("n"), bulk("1")}),
                                           bulk("last-entry"),
                                           nil()}));
  EXPECT_EQ(info.length, 2);
  EXPECT_EQ(info.radix_tree_keys, 1);
  EXPECT_EQ(info.radix_tree_nodes, 2);
  EXPECT_EQ(info.last_generated_id, "3-0");
  EXPECT_EQ(info.max_deleted_entry_id, "2-0");
  EXPECT_EQ(info.entries_added, 3);
  EXPECT_EQ(info.recorded_first_entry_id, "1-0");
  EXPECT_EQ(info.groups, 1);
  ASSERT_TRUE(info.first_entry);
  EXPECT_EQ(*info.first_entry->field("n"), "1");
  EXPECT_FALSE(info.last_entry);
  EXPECT_THROW(as<stream_info>(array({bulk("length")})), protocol_error);
  EXPECT_THROW(as<stream_info>(array({bulk("length"), bulk("many")})), protocol_error);
}

std::vector<std::string> arguments(const command& c) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < c.size(); ++i) out.emplace_back(c.argument(i));
  return out;
}

TEST(StreamArguments, TrimmingAndIds) {
  cmd::xadd_options o;
  o.trim = cmd::stream_trim::max_length(100, cmd::trim_precision::approximate);
  EXPECT_EQ(arguments(cmd::xadd("s", {{"f", "v"}}, o).raw()),
            (std::vector<std::string>{"XADD", "s", "MAXLEN", "~", "100", "*", "f", "v"}));
  o.id = "5-1";
  o.trim = cmd::stream_trim::min_id("3-0");
  EXPECT_EQ(
      arguments(cmd::xadd_existing("s", {{"f", "v"}}, o).raw()),
      (std::vector<std::string>{"XADD", "s", "NOMKSTREAM", "MINID", "=", "3-0", "5-1", "f", "v"}));
  EXPECT_FALSE(cmd::xadd("s", {{"f", "v"}}).raw().idempotent());  // a repeat adds again
}

// A blocking read waits its block time beyond the socket timeout and is never retried; a read
// without BLOCK may be.
TEST(StreamArguments, BlockingReads) {
  cmd::xread_options wait;
  wait.count = 10;
  wait.block = 1500ms;
  const command blocking = cmd::xread({{"a", "$"}}, wait).raw();
  EXPECT_EQ(arguments(blocking), (std::vector<std::string>{"XREAD", "COUNT", "10", "BLOCK", "1500",
                                                           "STREAMS", "a", "$"}));
  EXPECT_EQ(blocking.block_time(), 1500ms);
  EXPECT_FALSE(blocking.idempotent());
  const command plain = cmd::xread({{"a", "0"}, {"b", "0"}}).raw();
  EXPECT_TRUE(plain.idempotent());
  EXPECT_EQ(plain.block_time(), 0ms);

  cmd::xreadgroup_options group;
  group.block = 2s;
  group.ack = cmd::group_ack::on_delivery;
  const command grouped = cmd::xreadgroup("g", "c", {{"s", ">"}}, group).raw();
  EXPECT_EQ(arguments(grouped), (std::vector<std::string>{"XREADGROUP", "GROUP", "g", "c", "BLOCK",
                                                          "2000", "NOACK", "STREAMS", "s", ">"}));
  EXPECT_EQ(grouped.block_time(), 2s);
  EXPECT_FALSE(cmd::xreadgroup("g", "c", {{"s", ">"}}).raw().idempotent());
  group.block = std::chrono::hours(24 * 366);
  EXPECT_THROW(cmd::xreadgroup("g", "c", {{"s", ">"}}, group), config_error);
}

}  // namespace
}  // namespace rediscache
