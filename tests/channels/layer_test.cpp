// The channel layer against redis-server alone: keys, capacity, expiry, routing and errors.
#include "channels/channels_env.hpp"

#include <rediscache/channels/channel_layer.hpp>
#include <rediscache/error.hpp>
#include <rediscache/pooled_executor.hpp>

#include <gtest/gtest.h>

#include <thread>

using namespace rediscache;
using namespace std::chrono_literals;
using rediscache::test::channels_env;
using json = nlohmann::json;

namespace {

channels::channel_layer one_host_layer(channels::layer_options o = {}) {
  o.prefix = "t" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
             ::testing::UnitTest::GetInstance()->current_test_info()->name();
  return channels::channel_layer::from_urls({channels_env::url()}, o);
}

std::string key_prefix() {
  return "t" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
         ::testing::UnitTest::GetInstance()->current_test_info()->name();
}

}  // namespace

TEST(channel_layer, SendAndReceiveOnPlainAndSpecificChannels) {
  auto layer = one_host_layer();
  const json message = {{"type", "chat.message"}, {"text", "h\xc3\xa9llo"},
                        {"blob", json::binary({0x00, 0xff})}};
  layer.send("plain", message);
  EXPECT_EQ(layer.receive("plain", 2s), message);

  const auto a = layer.new_channel();
  const auto b = layer.new_channel();
  EXPECT_EQ(a.rfind("specific." + layer.client_prefix() + "!", 0), 0u) << a;
  EXPECT_NE(a, b);
  layer.send(b, {{"type", "to.b"}});
  layer.send(a, {{"type", "to.a"}});
  // Both share one key; receiving a buffers b's message for b.
  EXPECT_EQ(layer.receive(a, 2s), json({{"type", "to.a"}}));
  EXPECT_EQ(layer.receive(b, 2s), json({{"type", "to.b"}}));
  EXPECT_EQ(channels_env::server().command({"ZCARD", key_prefix() + "specific." +
                                                         layer.client_prefix() + "!"}),
            "0");
}

TEST(channel_layer, ReceiveTimesOutWithNothing) {
  auto layer = one_host_layer();
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(layer.receive(layer.new_channel(), 300ms), std::nullopt);
  EXPECT_EQ(layer.receive("empty", 300ms), std::nullopt);
  // Bounded by the timeouts given, not by a 5 s blocking pop (channels_redis' brpop_timeout).
  EXPECT_LT(std::chrono::steady_clock::now() - start, 3s);
}

TEST(channel_layer, FullChannelThrowsChannelFullError) {
  channels::layer_options o;
  o.capacity = 3;
  o.channel_capacity = {{"small.*", 1}};
  auto layer = one_host_layer(o);
  for (int i = 0; i < 3; ++i) layer.send("room", {{"type", "m"}, {"i", i}});
  try {
    layer.send("room", {{"type", "m"}, {"i", 3}});
    FAIL() << "no exception";
  } catch (const channel_full_error& e) {
    EXPECT_EQ(e.channel(), "room");
    EXPECT_EQ(e.code(), errc::channel_full);
    EXPECT_EQ(std::string(e.what()).rfind("[rediscache.channel_full] ", 0), 0u) << e.what();
  }
  EXPECT_EQ(channels_env::server().command({"ZCARD", key_prefix() + "room"}), "3");
  layer.send("small.one", {{"type", "m"}});
  EXPECT_THROW(layer.send("small.one", {{"type", "m"}}), channel_full_error);
  // Nothing was lost: the first three come out in order.
  for (int i = 0; i < 3; ++i) EXPECT_EQ((*layer.receive("room", 1s))["i"], i);
}

TEST(channel_layer, GroupSendSkipsFullChannels) {
  channels::layer_options o;
  o.capacity = 2;
  auto layer = one_host_layer(o);
  const auto a = layer.new_channel();
  layer.group_add("room", a);
  layer.group_add("room", "plain.member");
  layer.send("plain.member", {{"type", "x"}});
  layer.send("plain.member", {{"type", "x"}});
  EXPECT_EQ(layer.group_send("room", {{"type", "hello"}}), 1u);
  EXPECT_EQ(layer.receive(a, 1s), json({{"type", "hello"}}));
  EXPECT_EQ(channels_env::server().command({"ZCARD", key_prefix() + "plain.member"}), "2");
  EXPECT_EQ(channels_env::server().command({"TTL", key_prefix() + ":group:room"}), "86400");

  layer.group_discard("room", a);
  layer.group_send("room", {{"type", "after.discard"}});
  EXPECT_EQ(layer.receive(a, 300ms), std::nullopt);
}

TEST(channel_layer, ExpiredMessagesAndMembersAreDropped) {
  auto layer = one_host_layer();
  const auto key = key_prefix() + "aging";
  layer.send("aging", {{"type", "old"}});
  // Age the message past the 60 s expiry, as a Python sender's clock would see it.
  auto exec = pooled_executor::from_url(channels_env::url());
  const auto member = exec.run(command{"ZRANGE", key, "0", "-1"}).elements().at(0).str();
  const auto old_score =
      std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count() -
      61;
  exec.run(command{"ZADD", key, "XX"}.arg(old_score).arg(member));
  layer.send("aging", {{"type", "new"}});
  EXPECT_EQ(exec.run(command{"ZCARD", key}).integer(), 1);
  EXPECT_EQ(layer.receive("aging", 1s), json({{"type", "new"}}));

  const auto group_key = key_prefix() + ":group:g";
  const auto a = layer.new_channel();
  layer.group_add("g", a);
  exec.run(command{"ZADD", group_key, "XX"}.arg(old_score - 86400).arg(a));
  layer.group_send("g", {{"type", "lost"}});
  EXPECT_EQ(exec.run(command{"ZCARD", group_key}).integer(), 0);
  EXPECT_EQ(layer.receive(a, 300ms), std::nullopt);
}

TEST(channel_layer, BadNamesAndMessagesAreRefused) {
  auto layer = one_host_layer();
  EXPECT_THROW(layer.send("has?question", {{"type", "x"}}), config_error);
  EXPECT_THROW(layer.send("with space", {{"type", "x"}}), config_error);
  EXPECT_THROW(layer.send(std::string(100, 'a'), {{"type", "x"}}), config_error);
  EXPECT_THROW(layer.send("ok", {{"text", "no type"}}), config_error);
  EXPECT_THROW(layer.send("ok", json::array()), config_error);
  EXPECT_THROW(layer.send("ok", {{"type", "x"}, {"__asgi_channel__", "y"}}), config_error);
  EXPECT_THROW(layer.group_add("bad!group", "ok"), config_error);
  // Another process' specific channel: its messages are not ours to take.
  EXPECT_THROW(layer.receive("specific.0123456789abcdef0123456789abcdef!x", 10ms), config_error);
  EXPECT_EQ(channels_env::server().command({"EXISTS", key_prefix() + "ok"}), "0");
}

TEST(channel_layer, SeveralHostsShardByTheNonLocalName) {
  channels::layer_options o;
  o.prefix = key_prefix();
  auto layer = channels::channel_layer::from_urls({channels_env::url(0), channels_env::url(1)}, o);
  std::vector<std::string> names;
  for (int i = 0; i < 8; ++i) names.push_back(layer.new_channel());
  for (const auto& n : names) layer.send(n, {{"type", "direct"}});
  for (const auto& n : names) EXPECT_EQ(layer.receive(n, 2s), json({{"type", "direct"}})) << n;
  // Groups live on the host their name hashes to; members get the message on theirs.
  for (int g = 0; g < 6; ++g) {
    const auto group = "g" + std::to_string(g);
    layer.group_add(group, names[static_cast<std::size_t>(g)]);
    layer.group_send(group, {{"type", "grouped"}});
    EXPECT_EQ(layer.receive(names[static_cast<std::size_t>(g)], 2s), json({{"type", "grouped"}}));
  }
  // Both hosts got keys: groups g0..g5 do not all hash to one of them.
  EXPECT_NE(channels_env::server(0).command({"DBSIZE"}), "0");
  EXPECT_NE(channels_env::server(1).command({"DBSIZE"}), "0");
  layer.flush();
  EXPECT_EQ(channels_env::server(0).command({"KEYS", key_prefix() + "*"}), "");
}
