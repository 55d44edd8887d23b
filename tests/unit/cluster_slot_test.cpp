// Redis Cluster internals that need no server: key slots, the slot map, redirects, SCAN cursors.
#include "cluster/key_slot.hpp"
#include "cluster/redirect.hpp"
#include "cluster/scan_cursor.hpp"
#include "cluster/slot_map.hpp"

#include <rediscache/error.hpp>

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace rediscache::detail {
namespace {

reply text(std::string_view s) { return reply::make_bulk_string(s); }
reply number(long long n) { return reply::make_integer(n); }

TEST(KeySlot, Crc16IsXmodem) {
  EXPECT_EQ(crc16_xmodem("123456789"), 0x31C3);  // the specification's check value
  EXPECT_EQ(crc16_xmodem(""), 0);
}

TEST(KeySlot, HashTagsFollowTheSpecification) {
  EXPECT_EQ(key_slot("foo"), 12182);
  EXPECT_EQ(key_slot("{user1000}.following"), key_slot("user1000"));
  EXPECT_EQ(key_slot("{user1000}.followers"), key_slot("{user1000}.following"));
  EXPECT_EQ(key_slot("foo{}{bar}"), crc16_xmodem("foo{}{bar}") & 16383);  // empty tag: whole key
  EXPECT_EQ(key_slot("foo{{bar}}zap"), key_slot("{bar"));                 // tag is "{bar"
  EXPECT_EQ(key_slot("foo{bar}{zap}"), key_slot("bar"));                  // the first tag only
  EXPECT_EQ(key_slot("{unclosed"), crc16_xmodem("{unclosed") & 16383);
  EXPECT_EQ(key_slot(std::string("a\0b", 3)), crc16_xmodem(std::string("a\0b", 3)) & 16383);
}

TEST(NodeAddress, HostPortIpv6AndBadInput) {
  EXPECT_EQ(parse_node_address("127.0.0.1:7000", "seed").name(), "127.0.0.1:7000");
  EXPECT_EQ(parse_node_address("[::1]:7000", "seed").host, "::1");
  EXPECT_EQ(parse_node_address("::1:7000", "seed").port, 7000);
  EXPECT_EQ(parse_node_address("redis.local:6379", "seed").host, "redis.local");
  for (const char* bad : {"", "host", "host:", ":7000", "host:0", "host:65536", "host:7x"}) {
    EXPECT_THROW(parse_node_address(bad, "seed"), config_error) << bad;
  }
  try {
    parse_node_address("nowhere", "cluster seed");
    FAIL();
  } catch (const config_error& e) {
    EXPECT_NE(std::string(e.what()).find("cluster seed 'nowhere'"), std::string::npos) << e.what();
  }
}

reply shard_node(const std::string& endpoint, long long port, const char* role, const char* health) {
  return reply::make_array({text("id"), text("x"), text("port"), number(port), text("ip"),
                            text("10.0.0.1"), text("endpoint"), text(endpoint), text("role"),
                            text(role), text("health"), text(health)});
}

TEST(SlotMap, FromClusterShards) {
  std::vector<reply> shards;
  shards.push_back(reply::make_array(
      {text("slots"), reply::make_array({number(8192), number(16383)}), text("nodes"),
       reply::make_array({shard_node("10.0.0.2", 7001, "master", "online"),
                          shard_node("10.0.0.3", 7004, "replica", "online"),
                          shard_node("10.0.0.4", 7005, "replica", "loading")})}));
  shards.push_back(reply::make_array(
      {text("slots"), reply::make_array({number(0), number(100), number(200), number(8191)}),
       text("nodes"), reply::make_array({shard_node("?", 7000, "master", "online")})}));
  // A failed primary whose replica took over keeps a shard of its own, without slots.
  shards.push_back(reply::make_array({text("slots"), reply::make_array({}), text("nodes"),
                                      reply::make_array({shard_node("10.0.0.9", 7009, "master", "fail")})}));
  const slot_map map = parse_cluster_shards(reply::make_array(std::move(shards)), "seed.host", false);
  ASSERT_EQ(map.shards.size(), 2u);
  EXPECT_EQ(map.shards[0].primary, "10.0.0.1:7000");  // unknown endpoint: the node's ip
  EXPECT_EQ(map.shards[0].first_slot, 0);
  EXPECT_EQ(map.shards[1].primary, "10.0.0.2:7001");
  EXPECT_EQ(map.shards[1].replicas, std::vector<std::string>{"10.0.0.3:7004"});
  EXPECT_EQ(map.shard_of(0)->primary, "10.0.0.1:7000");
  EXPECT_EQ(map.shard_of(150), nullptr);
  EXPECT_EQ(map.shard_of(8191)->primary, "10.0.0.1:7000");
  EXPECT_EQ(map.shard_of(16383)->primary, "10.0.0.2:7001");
  EXPECT_EQ(map.shard_index("10.0.0.2:7001"), 1);
  EXPECT_EQ(map.shard_index("10.0.0.9:7009"), -1);
}

TEST(SlotMap, FromClusterSlots) {
  auto node = [](const char* host, long long port) {
    return reply::make_array({text(host), number(port), text("id")});
  };
  std::vector<reply> ranges;
  ranges.push_back(reply::make_array({number(5461), number(16383), node("", 7001), node("h", 7004)}));
  ranges.push_back(reply::make_array({number(0), number(5460), node("h", 7000)}));
  const slot_map map = parse_cluster_slots(reply::make_array(std::move(ranges)), "asked");
  ASSERT_EQ(map.shards.size(), 2u);
  EXPECT_EQ(map.shards[0].primary, "h:7000");
  EXPECT_EQ(map.shards[1].primary, "asked:7001");  // empty endpoint: the host we asked
  EXPECT_EQ(map.shards[1].replicas, std::vector<std::string>{"h:7004"});
  EXPECT_EQ(map.shard_of(5461)->primary, "asked:7001");
  std::vector<reply> bad;
  bad.push_back(reply::make_array({number(0), number(16384), node("h", 1)}));
  EXPECT_THROW(parse_cluster_slots(reply::make_array(std::move(bad)), "asked"), protocol_error);
}

TEST(SlotMap, MovedSlotGoesToItsNewPrimary) {
  std::vector<reply> ranges;
  ranges.push_back(reply::make_array(
      {number(0), number(16383), reply::make_array({text("h"), number(7000)})}));
  const slot_map map = parse_cluster_slots(reply::make_array(std::move(ranges)), "h");
  const slot_map moved = with_slot_moved(map, 42, "h:7001");
  EXPECT_EQ(moved.shard_of(42)->primary, "h:7001");
  EXPECT_EQ(moved.shard_of(41)->primary, "h:7000");
  EXPECT_EQ(with_slot_moved(moved, 43, "h:7001").shards.size(), 2u);  // the shard is reused
  EXPECT_EQ(map.shard_of(42)->primary, "h:7000");                    // the original is unchanged
}

TEST(Redirect, ParsesWhatTheClusterAsks) {
  const redirect moved = parse_redirect("MOVED 3999 127.0.0.1:6381");
  EXPECT_EQ(moved.what, redirect::kind::moved);
  EXPECT_EQ(moved.slot, 3999);
  EXPECT_EQ(moved.node, "127.0.0.1:6381");
  EXPECT_EQ(moved.text, "MOVED 3999 127.0.0.1:6381");
  const redirect ask = parse_redirect("ASK 1 ::1:7000");
  EXPECT_EQ(ask.what, redirect::kind::ask);
  EXPECT_EQ(ask.node, "::1:7000");
  EXPECT_EQ(parse_redirect("TRYAGAIN Multiple keys request during rehashing of slot").what,
            redirect::kind::try_again);
  EXPECT_EQ(parse_redirect("CLUSTERDOWN The cluster is down").what, redirect::kind::cluster_down);
  for (const char* other : {"ERR unknown command", "MOVED", "MOVED x h:1", "MOVED 16384 h:1",
                            "MOVED 1 nowhere", "MOVEDX 1 h:1", "WRONGTYPE"}) {
    EXPECT_EQ(parse_redirect(other).what, redirect::kind::none) << other;
  }
}

TEST(ScanCursor, CarriesPrimaryAndNodeCursor) {
  EXPECT_EQ(encode_scan_cursor({0, 0}), "0");
  for (const scan_position p : {scan_position{1, 0}, scan_position{0, 17}, scan_position{1023, 123456789}}) {
    const scan_position back = decode_scan_cursor(encode_scan_cursor(p));
    EXPECT_EQ(back.shard, p.shard);
    EXPECT_EQ(back.cursor, p.cursor);
  }
  EXPECT_NE(encode_scan_cursor({1, 0}), "0");
  EXPECT_THROW(encode_scan_cursor({0, std::uint64_t{1} << 54}), protocol_error);
  for (const char* bad : {"", "x", "-1", "1 ", "99999999999999999999999"}) {
    EXPECT_THROW(decode_scan_cursor(bad), reply_error) << bad;
  }
}

TEST(CrossSlotError, HasItsOwnId) {
  const cross_slot_error e("detail", "MGET", 1, 2);
  EXPECT_EQ(e.code(), errc::cross_slot);
  EXPECT_STREQ(error_id(errc::cross_slot), "rediscache.cross_slot");
  EXPECT_EQ(std::string(e.what()), "[rediscache.cross_slot] detail");
  EXPECT_EQ(make_error_code(errc::cross_slot).message(), "keys in different cluster slots");
  EXPECT_EQ(e.command_name(), "MGET");
  EXPECT_EQ(e.first_slot(), 1);
  EXPECT_EQ(e.second_slot(), 2);
}

}  // namespace
}  // namespace rediscache::detail
