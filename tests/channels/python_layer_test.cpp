// The channel layer and channels_redis 4 in Python on the same Redis hosts: each side receives
// what the other sends, byte-identical msgpack, and the same capacity limits.
#include "channels/channels_env.hpp"

#include <rediscache/channels/channel_layer.hpp>
#include <rediscache/channels/pubsub_channel_layer.hpp>
#include <rediscache/error.hpp>
#include <rediscache/pooled_executor.hpp>

#include <gtest/gtest.h>

#include <sstream>
#include <thread>

using namespace rediscache;
using namespace std::chrono_literals;
using rediscache::test::channels_env;
using rediscache::test::python_process;
using json = nlohmann::json;

namespace {

class python : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!channels_env::python_channels_available()) {
      GTEST_SKIP() << "python3-channels-redis is not installed";
    }
    channels_env::server(0).command({"FLUSHALL"});
    channels_env::server(1).command({"FLUSHALL"});
  }
};

std::string hex(const std::string& bytes) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += digits[c >> 4];
    out += digits[c & 15];
  }
  return out;
}

// Waits until the process printed a line starting with `prefix`; returns it.
std::string wait_for_line(python_process& p, const std::string& prefix) {
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (std::chrono::steady_clock::now() < deadline) {
    std::istringstream lines(p.log());
    for (std::string line; std::getline(lines, line);) {
      if (line.rfind(prefix, 0) == 0) return line;
    }
    if (!p.running()) break;
    std::this_thread::sleep_for(20ms);
  }
  ADD_FAILURE() << "no \"" << prefix << "\" line; output:\n" << p.log();
  return {};
}

std::vector<json> wait_for_exit_and_read(python_process& p) {
  const auto deadline = std::chrono::steady_clock::now() + 40s;
  while (p.running() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(20ms);
  }
  EXPECT_FALSE(p.running()) << p.log();
  std::vector<json> messages;
  std::istringstream lines(p.log());
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty() && line[0] == '{') messages.push_back(json::parse(line));
  }
  return messages;
}

}  // namespace

TEST_F(python, MsgpackIsByteForByteWhatPythonPacks) {
  const auto py = channels_env::python("pack", channels_env::url(), "");
  ASSERT_EQ(py.status, 0) << py.output;
  auto layer = channels::channel_layer::from_urls({channels_env::url()});
  layer.send("packed", {{"type", "chat.message"}, {"text", "h\xc3\xa9llo"}, {"n", 1},
                        {"neg", -200}, {"big", 70000}, {"x", 1.5},
                        {"b", json::binary({0x00, 0x01})}, {"list", {nullptr, true, false}},
                        {"long", std::string(40, 'x')}});
  auto exec = pooled_executor::from_url(channels_env::url());
  const auto members = exec.run(command{"ZRANGE", "asgipacked", "0", "-1"});
  ASSERT_EQ(members.elements().size(), 1u);
  const auto& member = members.elements()[0].str();
  ASSERT_GT(member.size(), 12u);
  EXPECT_EQ(hex(member.substr(12)), py.output.substr(0, py.output.find('\n')));
  EXPECT_EQ(exec.run(command{"TTL", "asgipacked"}).integer(), 60);
}

TEST_F(python, PythonConsumerReceivesCppGroupSendOnTwoHosts) {
  const std::string hosts = channels_env::url(0) + "," + channels_env::url(1);
  python_process consumer(channels_env::python_command("consume", hosts, {"cppgroup", "2"}), {},
                          PYTHON_DIR);
  const auto ready = wait_for_line(consumer, "ready ");
  ASSERT_FALSE(ready.empty());
  std::istringstream words(ready.substr(6));
  std::string first, second;
  words >> first >> second;

  auto layer = channels::channel_layer::from_urls({channels_env::url(0), channels_env::url(1)});
  const json broadcast = {{"type", "chat.message"}, {"text", "from C++ h\xc3\xa9llo"},
                          {"blob", json::binary({0xff})}};
  EXPECT_EQ(layer.group_send("cppgroup", broadcast), 0u);
  layer.send(first, {{"type", "direct.message"}, {"n", 7}});

  const auto got = wait_for_exit_and_read(consumer);
  ASSERT_EQ(got.size(), 3u) << consumer.log();
  const json seen_broadcast = {{"type", "chat.message"}, {"text", "from C++ h\xc3\xa9llo"},
                               {"blob", {{"bytes", "ff"}}}};
  EXPECT_EQ(got[0], json({{"channel", first}, {"message", seen_broadcast}}));
  EXPECT_EQ(got[1], json({{"channel", first}, {"message", {{"type", "direct.message"}, {"n", 7}}}}));
  EXPECT_EQ(got[2], json({{"channel", second}, {"message", seen_broadcast}}));
}

TEST_F(python, CppReceivesWhatPythonSendsToItsChannelAndGroup) {
  auto layer = channels::channel_layer::from_urls({channels_env::url()});
  const auto mine = layer.new_channel();
  layer.group_add("pygroup", mine);
  const auto py = channels_env::python("send", channels_env::url(), mine + " pygroup");
  ASSERT_EQ(py.status, 0) << py.output;
  EXPECT_EQ(layer.receive(mine, 5s),
            json({{"type", "from.python"}, {"text", "h\xc3\xa9llo"},
                  {"blob", json::binary({0x00, 0xff})}, {"n", 7}, {"x", 1.5}}));
  EXPECT_EQ(layer.receive(mine, 5s), json({{"type", "group.python"}, {"i", 1}}));
}

TEST_F(python, CapacityIsSharedWithPython) {
  channels::layer_options o;
  o.capacity = 3;
  auto layer = channels::channel_layer::from_urls({channels_env::url()}, o);
  for (int i = 0; i < 3; ++i) layer.send("busy", {{"type", "m"}});
  EXPECT_THROW(layer.send("busy", {{"type", "m"}}), channel_full_error);
  auto py = channels_env::python("fill", channels_env::url(), "busy 3");
  EXPECT_EQ(py.output.substr(0, py.output.find('\n')), "ChannelFull") << py.output;
  layer.receive("busy", 1s);
  py = channels_env::python("fill", channels_env::url(), "busy 3");
  EXPECT_EQ(py.output.substr(0, py.output.find('\n')), "sent") << py.output;
  EXPECT_THROW(layer.send("busy", {{"type", "m"}}), channel_full_error);
}

#ifdef EXAMPLE_CHANNELS_BROADCAST
TEST_F(python, ExampleBroadcastReachesPythonConsumers) {
  python_process consumer(channels_env::python_command("consume", channels_env::url(), {"chat", "1"}),
                          {}, PYTHON_DIR);
  ASSERT_FALSE(wait_for_line(consumer, "ready ").empty());
  const auto r = test::run(std::string(EXAMPLE_CHANNELS_BROADCAST) + " " + channels_env::url() +
                           " chat hello");
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("our own member received: hello"), std::string::npos) << r.output;
  const auto got = wait_for_exit_and_read(consumer);
  ASSERT_EQ(got.size(), 2u) << consumer.log();
  for (const auto& line : got) {
    EXPECT_EQ(line["message"], json({{"type", "chat.message"}, {"text", "hello"}}));
  }
}
#endif

TEST_F(python, PubSubLayerTalksToPythonsPubSubLayer) {
  channels::pubsub_channel_layer layer =
      channels::pubsub_channel_layer::from_urls({channels_env::url()});
  // Python consumer: C++ reaches it through its group and its own channel.
  python_process consumer(
      channels_env::python_command("pubsub_consume", channels_env::url(), {"pubroom"}), {},
      PYTHON_DIR);
  const auto ready = wait_for_line(consumer, "ready ");
  ASSERT_FALSE(ready.empty());
  const auto python_channel = ready.substr(6);
  layer.group_send("pubroom", {{"type", "group.cpp"}, {"text", "to the group"}});
  layer.send(python_channel, {{"type", "direct.cpp"}, {"blob", json::binary({0x02})}});
  const auto got = wait_for_exit_and_read(consumer);
  ASSERT_EQ(got.size(), 2u) << consumer.log();
  EXPECT_EQ(got[0], json({{"type", "group.cpp"}, {"text", "to the group"}}));
  EXPECT_EQ(got[1], json({{"type", "direct.cpp"}, {"blob", {{"bytes", "02"}}}}));

  // C++ consumer: Python reaches it the same ways.
  const auto mine = layer.new_channel();
  EXPECT_EQ(mine.rfind("asgispecific.", 0), 0u) << mine;
  layer.group_add("cpproom", mine);
  const auto py = channels_env::python("pubsub_send", channels_env::url(), mine + " cpproom");
  ASSERT_EQ(py.status, 0) << py.output;
  EXPECT_EQ(layer.receive(mine, 5s), json({{"type", "direct.python"}, {"b", json::binary({0x01})}}));
  EXPECT_EQ(layer.receive(mine, 5s), json({{"type", "group.python"}, {"text", "h\xc3\xa9llo"}}));
  layer.group_discard("cpproom", mine);
  EXPECT_THROW(layer.group_add("cpproom", "not.ours"), config_error);
}
