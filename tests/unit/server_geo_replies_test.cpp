// INFO, TIME and geo replies, and bitmap arguments, without a server.
#include "unit/resp_bytes.hpp"

#include <rediscache/commands/bitmaps.hpp>
#include <rediscache/commands/geo.hpp>
#include <rediscache/commands/server.hpp>
#include <rediscache/error.hpp>

namespace rediscache {
namespace {

using namespace std::chrono_literals;
using test::array;
using test::bulk;
using test::integer;
using test::nil;
using test::parse;

TEST(ServerReplies, InfoSectionsAndFields) {
  const std::string text =
      "# Server\r\nredis_version:7.0.15\r\nexecutable:/usr/bin/redis-server\r\n"
      "config_file:\r\n\r\n# Keyspace\r\ndb0:keys=1,expires=0,avg_ttl=0\r\n";
  const server_info info = detail::info_reply(parse(bulk(text)), value_codec());
  EXPECT_EQ(info.size(), 2u);
  EXPECT_EQ(info.at("server").at("redis_version"), "7.0.15");
  EXPECT_EQ(info.at("server").at("executable"), "/usr/bin/redis-server");  // after the first ':'
  EXPECT_EQ(info.at("server").at("config_file"), "");
  EXPECT_EQ(info.at("keyspace").at("db0"), "keys=1,expires=0,avg_ttl=0");
  EXPECT_TRUE(parse_info("").empty());
  EXPECT_EQ(parse_info("loose:1\n# Stats\nhits:2\n").at("").at("loose"), "1");  // \n alone too
  EXPECT_EQ(parse_info("# Stats\nnot a field\nhits:2").at("stats").size(), 1u);
  EXPECT_THROW(detail::info_reply(parse(array({})), value_codec()), protocol_error);
}

TEST(ServerReplies, TimeToTheMicrosecond) {
  const auto t =
      detail::time_reply(parse(array({bulk("1700000000"), bulk("123456")})), value_codec());
  EXPECT_EQ(std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count(),
            1700000000123456LL);
  EXPECT_THROW(detail::time_reply(parse(array({bulk("1"), bulk("1000000")})), value_codec()),
               protocol_error);
  EXPECT_THROW(detail::time_reply(parse(array({bulk("-1"), bulk("0")})), value_codec()),
               protocol_error);
  EXPECT_THROW(detail::time_reply(parse(array({bulk("99999999999999"), bulk("0")})), value_codec()),
               protocol_error);  // past the clock's range
  EXPECT_THROW(detail::time_reply(parse(array({bulk("1")})), value_codec()), protocol_error);
}

TEST(GeoReplies, SearchResultsWithWhatWasAskedFor) {
  using results = std::vector<geo_result<>>;
  const auto plain = test::as<results>(array({bulk("rome")}));
  EXPECT_EQ(plain.at(0).member, "rome");
  EXPECT_FALSE(plain[0].distance || plain[0].hash || plain[0].position);
  const auto full = test::as<results>(
      array({array({bulk("rome"), bulk("12.5"), integer(3480343273965642),
                    array({bulk("12.49640256166458"), bulk("41.90279969901585")})})}));
  EXPECT_EQ(full.at(0).distance, 12.5);
  EXPECT_EQ(full[0].hash, 3480343273965642);
  ASSERT_TRUE(full[0].position);
  EXPECT_DOUBLE_EQ(full[0].position->longitude, 12.49640256166458);
  const auto hash_only = test::as<results>(array({array({bulk("rome"), integer(7)})}));
  EXPECT_EQ(hash_only.at(0).hash, 7);
  EXPECT_FALSE(hash_only[0].distance);
  EXPECT_THROW(test::as<results>(array({array({})})), protocol_error);
  EXPECT_THROW(test::as<results>(array({array({bulk("a"), array({bulk("1")})})})), protocol_error);
  EXPECT_EQ(test::as<std::vector<std::optional<geo_position>>>(array({nil()})).at(0), std::nullopt);
}

std::vector<std::string> arguments(const command& c) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < c.size(); ++i) out.emplace_back(c.argument(i));
  return out;
}

TEST(GeoArguments, SearchShapesAndOptions) {
  cmd::geosearch_options o;
  o.sort = cmd::geo_sort::farthest_first;
  o.count = 3;
  o.count_mode = cmd::geo_count_mode::any;
  EXPECT_EQ(
      arguments(cmd::geosearch_with("g", cmd::geo_origin::position(1.5, -2),
                                    cmd::geo_area::box(3, 4, cmd::geo_unit::miles),
                                    cmd::geo_detail::hash | cmd::geo_detail::position, o)
                    .raw()),
      (std::vector<std::string>{"GEOSEARCH", "g", "FROMLONLAT", "1.5", "-2", "BYBOX", "3", "4",
                                "mi", "DESC", "COUNT", "3", "ANY", "WITHCOORD", "WITHHASH"}));
  EXPECT_EQ(arguments(cmd::geosearch("g", cmd::geo_origin::member("m"),
                                     cmd::geo_area::radius(2, cmd::geo_unit::feet))
                          .raw()),
            (std::vector<std::string>{"GEOSEARCH", "g", "FROMMEMBER", "m", "BYRADIUS", "2", "ft"}));
}

TEST(BitmapArguments, SetbitIsNotRetried) {
  EXPECT_EQ(arguments(cmd::setbit("b", 3, cmd::bit::one).raw()),
            (std::vector<std::string>{"SETBIT", "b", "3", "1"}));
  // Its reply is the previous bit: a repeat after a lost reply would report the new one.
  EXPECT_FALSE(cmd::setbit("b", 3, cmd::bit::zero).raw().idempotent());
  EXPECT_EQ(arguments(cmd::bitcount("b", {1, -1, cmd::bit_unit::bit}).raw()),
            (std::vector<std::string>{"BITCOUNT", "b", "1", "-1", "BIT"}));
}

}  // namespace
}  // namespace rediscache
