// Scripting, PUBLISH and server commands; the keys of typed commands checked against the server.
#include "commands/fixture.hpp"

#include <rediscache/commands/bitmaps.hpp>
#include <rediscache/commands/geo.hpp>
#include <rediscache/commands/hyperloglog.hpp>
#include <rediscache/commands/pubsub.hpp>
#include <rediscache/commands/scripting.hpp>
#include <rediscache/commands/server.hpp>
#include <rediscache/commands/sorted_sets.hpp>
#include <rediscache/commands/streams.hpp>
#include <rediscache/commands/strings.hpp>
#include <rediscache/connection.hpp>
#include <rediscache/error.hpp>

#include <nlohmann/json.hpp>

using namespace rediscache;
using namespace std::chrono_literals;

namespace {

using strings_t = std::vector<std::string>;

class scripting : public test::commands_test {};

TEST_P(scripting, EvalWithKeysArgsAndTypedReplies) {
  EXPECT_EQ(run(cmd::eval<long long>("return 1 + tonumber(ARGV[1])", {}, {"41"})), 42);
  EXPECT_TRUE(run(cmd::eval<bool>("return redis.call('SET', KEYS[1], ARGV[1])", {"k"}, {"v"})));
  EXPECT_EQ(run(cmd::get("k")), "v");
  EXPECT_EQ(run(cmd::eval<strings_t>("return {KEYS[1], KEYS[2], ARGV[1]}", {"a", "b"}, {"c"})),
            (strings_t{"a", "b", "c"}));
  EXPECT_EQ(
      run(cmd::eval<std::optional<std::string>>("return redis.call('GET', KEYS[1])", {"missing"})),
      std::nullopt);
  const reply raw = run(cmd::eval("return {1, 'two'}"));
  ASSERT_TRUE(raw.is_array());
  EXPECT_EQ(raw.elements()[1].str(), "two");
  try {
    run(cmd::eval("return redis.error_reply('MYCODE it failed')"));
    FAIL() << "expected the script's error";
  } catch (const reply_error& e) {
    EXPECT_EQ(e.server_code(), "MYCODE");
  }
}

TEST_P(scripting, LoadExistsAndEvalsha) {
  const std::string source = "return tonumber(ARGV[1]) * 2";
  const std::string sha = run(cmd::script_load(source));
  EXPECT_EQ(sha, script(source).sha1());
  const std::string unknown(40, '0');
  EXPECT_EQ(run(cmd::script_exists({sha, unknown})), (std::vector<bool>{true, false}));
  EXPECT_EQ(run(cmd::evalsha<long long>(sha, {}, {"21"})), 42);
  try {
    run(cmd::evalsha(unknown));
    FAIL() << "expected NOSCRIPT";
  } catch (const reply_error& e) {
    EXPECT_EQ(e.server_code(), "NOSCRIPT");
  }
  EXPECT_THROW(cmd::script_exists({}), config_error);
}

TEST_P(scripting, RediscacheScriptsAsTypedCommands) {
  const script incr_by("return redis.call('INCRBY', KEYS[1], ARGV[1])");
  EXPECT_EQ(run(cmd::eval<long long>(incr_by, {"n"}, {"5"})), 5);  // EVAL also caches it
  EXPECT_EQ(run(cmd::evalsha<long long>(incr_by, {"n"}, {"2"})), 7);
  EXPECT_EQ(run(cmd::eval<long long>(incr_by, {"n"}, {"1"})), 8);
}

TEST_P(scripting, PublishCountsReceivers) {
  EXPECT_EQ(run(cmd::publish("news", "nobody listens")), 0);
  connection listener = connection::open(test::options_of(server()));
  listener.execute(command{"SUBSCRIBE", "news"});
  EXPECT_EQ(run(cmd::publish("news", "hello")), 1);
  const auto message = listener.receive(2s);
  ASSERT_TRUE(message);
  EXPECT_EQ(message->elements().at(2).str(), "hello");
}

REDISCACHE_COMMAND_TESTS(scripting);

class server_commands : public test::commands_test {};

TEST_P(server_commands, PingDbsizeAndTime) {
  EXPECT_EQ(run(cmd::ping()), "PONG");
  EXPECT_EQ(run(cmd::ping("hello")), "hello");
  EXPECT_EQ(run(cmd::dbsize()), 0);
  run(cmd::set("a", "1"));
  run(cmd::set("b", "2"));
  EXPECT_EQ(run(cmd::dbsize()), 2);

  const auto before = std::chrono::system_clock::now();
  const auto server_time = run(cmd::time());
  const auto after = std::chrono::system_clock::now();
  // The same machine's clock, read to the microsecond (TIME has no finer unit).
  EXPECT_GE(server_time, std::chrono::time_point_cast<std::chrono::microseconds>(before) - 1ms);
  EXPECT_LE(server_time, after + 1ms);
  EXPECT_EQ(server_time.time_since_epoch() % std::chrono::microseconds(1),
            std::chrono::system_clock::duration::zero());
}

TEST_P(server_commands, InfoBySectionAndField) {
  run(cmd::set("k", "v"));
  const server_info all = run(cmd::info());
  ASSERT_EQ(all.count("server"), 1u);
  EXPECT_EQ(all.at("server").at("redis_version").substr(0, 2), "7.");
  EXPECT_EQ(all.at("server").at("tcp_port"), std::to_string(server().port()));
  EXPECT_EQ(all.at("keyspace").at("db0").rfind("keys=1,", 0), 0u);
  const server_info memory = run(cmd::info("memory"));
  EXPECT_EQ(memory.count("server"), 0u);
  EXPECT_GT(std::stoll(memory.at("memory").at("used_memory")), 0);
  EXPECT_TRUE(run(cmd::info("nosuchsection")).empty());
}

TEST_P(server_commands, ClientIdAndName) {
  EXPECT_GT(run(cmd::client_id()), 0);
  const std::string name = "typed-" + std::to_string(static_cast<int>(GetParam()));
  EXPECT_TRUE(run(cmd::client_setname(name)));
  const std::string list = redis().execute<std::string>("CLIENT", "LIST");
  EXPECT_NE(list.find("name=" + name + " "), std::string::npos) << list;
  EXPECT_THROW(run(cmd::client_setname("has space")), reply_error);
}

REDISCACHE_COMMAND_TESTS(server_commands);

// A script through the client, with the NOSCRIPT fallback.
class RunScript : public test::client_test {};

TEST_F(RunScript, SendsTheSourceWhenTheServerLacksIt) {
  const script add("return redis.call('INCRBY', KEYS[1], ARGV[1])");
  redis.execute("SCRIPT", "FLUSH");
  EXPECT_EQ(run_script<long long>(redis, add, {"n"}, {"3"}), 3);  // NOSCRIPT, then EVAL
  EXPECT_EQ(redis.run(cmd::script_exists({add.sha1()})), std::vector<bool>{true});
  EXPECT_EQ(run_script<long long>(redis, add, {"n"}, {"4"}), 7);  // EVALSHA
  redis.execute("SCRIPT", "FLUSH");
  EXPECT_EQ(run_script<long long>(redis, add, {"n"}, {"1"}), 8);
  const script broken("return redis.call('NOSUCHCOMMAND')");
  EXPECT_THROW(run_script(redis, broken), reply_error);
}

TEST_F(RunScript, RepliesGoThroughTheCodec) {
  const nlohmann::json profile = {{"name", "ann"}, {"langs", {"c++", "lua"}}};
  redis.run(cmd::set("profile", redis.encode(profile)));
  const script read("return redis.call('GET', KEYS[1])");
  EXPECT_EQ(run_script<nlohmann::json>(redis, read, {"profile"}), profile);
  EXPECT_EQ(run_script<std::optional<nlohmann::json>>(redis, read, {"missing"}), std::nullopt);
}

// The keys each typed command declares (for routing) are the ones the server finds.
TEST_F(RunScript, TypedCommandKeysMatchCommandGetkeys) {
  const std::vector<command> samples = {
      cmd::zadd("z", {{"a", 1}}).raw(),
      cmd::zunionstore("dst", {"s1", "s2"}, {{1, 2}}).raw(),
      cmd::zinterstore("dst", {"s1"}).raw(),
      cmd::zrange_with_scores("z", {1, 2}).raw(),
      cmd::zscan("z", "0").raw(),
      cmd::xadd("s", {{"f", "v"}}, {"*", cmd::stream_trim::max_length(5)}).raw(),
      cmd::xread({{"s1", "0"}, {"s2", "0"}}, {2}).raw(),
      cmd::xreadgroup("g", "c", {{"s1", ">"}, {"s2", ">"}}).raw(),
      cmd::xgroup_create("s", "g", "$", cmd::missing_stream::create).raw(),
      cmd::xgroup_destroy("s", "g").raw(),
      cmd::xinfo_stream("s").raw(),
      cmd::xpending_entries("s", "g", 10).raw(),
      cmd::xautoclaim("s", "g", "c", 0ms).raw(),
      cmd::xclaim("s", "g", "c", 0ms, {"1-0"}).raw(),
      cmd::pfcount({"h1", "h2"}).raw(),
      cmd::pfmerge("dst", {"h1", "h2"}).raw(),
      cmd::geosearch("g", cmd::geo_origin::member("m"), cmd::geo_area::radius(1)).raw(),
      cmd::bitcount("b", {0, 1, cmd::bit_unit::bit}).raw(),
      cmd::eval("return 1", {"k1", "k2"}, {"a"}).raw(),
      cmd::evalsha(std::string(40, '0'), {"k1"}).raw(),
  };
  for (const auto& c : samples) {
    command getkeys{"COMMAND", "GETKEYS"};
    for (std::size_t i = 0; i < c.size(); ++i) getkeys.arg(c.argument(i));
    const auto expected = redis.run(typed_command<strings_t>(getkeys));
    const auto found = c.keys();
    EXPECT_EQ(strings_t(found.begin(), found.end()), expected) << c.argument(0);
  }
  for (const auto& keyless : {cmd::publish("c", "m").raw(), cmd::ping().raw(),
                              cmd::client_setname("n").raw(), cmd::script_load("x").raw()}) {
    EXPECT_TRUE(keyless.keys().empty()) << keyless.argument(0);
  }
}

}  // namespace
