// TTL, expiry-time and idle-time replies, fed RESP bytes without a server.
#include "unit/resp_bytes.hpp"
#include "resp/reader.hpp"

#include <rediscache/commands/keys_types.hpp>
#include <rediscache/error.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <string>

namespace rediscache {
namespace {

using test::parse;

using namespace std::chrono_literals;
using std::chrono::milliseconds;
using std::chrono::seconds;

const value_codec codec;

key_ttl ttl_seconds(const std::string& bytes) {
  return detail::ttl_in<seconds>(parse(bytes), codec);
}
key_ttl ttl_millis(const std::string& bytes) {
  return detail::ttl_in<milliseconds>(parse(bytes), codec);
}
key_expiry_time at_seconds(const std::string& bytes) {
  return detail::expiry_time_in<seconds>(parse(bytes), codec);
}
key_expiry_time at_millis(const std::string& bytes) {
  return detail::expiry_time_in<milliseconds>(parse(bytes), codec);
}

TEST(KeysTypes, TtlTellsMissingPersistentAndExpiring) {
  EXPECT_EQ(ttl_seconds(":-2\r\n"), key_ttl::missing());
  EXPECT_EQ(ttl_seconds(":-1\r\n"), key_ttl::persistent());
  EXPECT_EQ(ttl_seconds(":0\r\n"), key_ttl::expiring(0ms));
  EXPECT_EQ(ttl_seconds(":42\r\n"), key_ttl::expiring(42s));
  EXPECT_EQ(ttl_millis(":-2\r\n"), key_ttl::missing());
  EXPECT_EQ(ttl_millis(":-1\r\n"), key_ttl::persistent());
  EXPECT_EQ(ttl_millis(":1500\r\n"), key_ttl::expiring(1500ms));
  EXPECT_EQ(ttl_millis(":1500\r\n").remaining(), 1500ms);
  EXPECT_EQ(ttl_millis(":-1\r\n").remaining(), 0ms);
}

TEST(KeysTypes, TtlRefusesWhatRedisNeverSends) {
  EXPECT_THROW(ttl_seconds(":-3\r\n"), protocol_error);
  EXPECT_THROW(ttl_seconds("$-1\r\n"), protocol_error);
  EXPECT_THROW(ttl_seconds("*0\r\n"), protocol_error);
  EXPECT_THROW(ttl_seconds(":9223372036854775807\r\n"), protocol_error);  // past milliseconds
  EXPECT_THROW(ttl_seconds("-ERR boom\r\n"), reply_error);
}

TEST(KeysTypes, ExpiryTimes) {
  EXPECT_TRUE(at_seconds(":-2\r\n").is_missing());
  EXPECT_TRUE(at_seconds(":-1\r\n").is_persistent());
  EXPECT_FALSE(at_millis(":-1\r\n").is_missing());
  const key_expiry_time at = at_seconds(":1700000000\r\n");
  ASSERT_TRUE(at.is_expiring());
  EXPECT_EQ(at.when().time_since_epoch(), seconds(1700000000));
  EXPECT_EQ(at_millis(":1700000000123\r\n").when().time_since_epoch(), milliseconds(1700000000123));
  EXPECT_EQ(
      at_millis(":1700000000123\r\n"),
      key_expiry_time::at(std::chrono::system_clock::time_point(milliseconds(1700000000123))));
  EXPECT_NE(at_seconds(":5\r\n"), key_expiry_time::persistent());
  EXPECT_THROW(at_seconds(":-7\r\n"), protocol_error);
  EXPECT_THROW(at_seconds(":9223372036854775807\r\n"), protocol_error);  // past the clock's range
}

TEST(KeysTypes, IdleTime) {
  EXPECT_EQ(detail::idle_seconds(parse("$-1\r\n"), codec), std::nullopt);
  EXPECT_EQ(detail::idle_seconds(parse(":12\r\n"), codec), 12s);
  EXPECT_THROW(detail::idle_seconds(parse(":-1\r\n"), codec), protocol_error);
  EXPECT_THROW(detail::idle_seconds(parse("-ERR LFU\r\n"), codec), reply_error);
}

}  // namespace
}  // namespace rediscache
