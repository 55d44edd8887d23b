// ignore_exceptions against a real server that goes away: connection errors and timeouts become
// misses and false, are counted, logged and reported; reply and codec errors never are.
#include "server_options.hpp"
#include "support/redis_server.hpp"

#include <rediscache/cache.hpp>
#include <rediscache/error.hpp>
#include <rediscache/log.hpp>
#include <rediscache/pooled_executor.hpp>
#include <rediscache/redis_backend.hpp>

#include <gtest/gtest.h>
#include <spdlog/logger.h>
#include <spdlog/sinks/ostream_sink.h>

#include <sstream>

using namespace rediscache;
using namespace std::chrono_literals;
using rediscache::test::redis_server;

namespace {

cache cache_on(const redis_server& server, cache_options options) {
  connection_options o = test::options_of(server);
  o.connect_timeout = 300ms;
  o.socket_timeout = 300ms;
  return cache(std::make_shared<redis_backend>(std::make_shared<pooled_executor>(o)),
               std::move(options));
}

TEST(FailOpen, ConnectionErrorsBecomeMissesAndFalse) {
  redis_server server;
  cache_options o;
  o.ignore_exceptions = true;
  o.log_ignored_exceptions = true;
  std::vector<std::string> reported;
  o.on_ignored_error = [&](const error& e, std::string_view operation, std::string_view key) {
    reported.push_back(std::string(operation) + " " + std::string(key) + " " +
                       std::to_string(e.code().value()));
  };
  auto c = cache_on(server, o);
  c.set("k", 1);
  std::ostringstream log;
  auto logger = std::make_shared<spdlog::logger>(
      "capture", std::make_shared<spdlog::sinks::ostream_sink_mt>(log));
  set_logger(logger);
  server.kill();

  EXPECT_EQ(c.get<int>("k"), std::nullopt);
  EXPECT_EQ(c.get<int>("k", 9), 9);
  EXPECT_TRUE(c.get_many<int>({"k", "j"}).empty());
  EXPECT_FALSE(c.has_key("k"));
  EXPECT_FALSE(c.set("k", 2));
  EXPECT_FALSE(c.add("new", 2));
  EXPECT_FALSE(c.remove("k"));
  set_logger(nullptr);

  auto s = c.stats();
  EXPECT_EQ(s.ignored_errors, 7u);
  EXPECT_EQ(s.errors, 7u);
  ASSERT_EQ(reported.size(), 7u);
  EXPECT_EQ(reported[0], "get k 1");
  EXPECT_NE(log.str().find("cache 'default': get failed and was ignored"), std::string::npos)
      << log.str();
  // Operations outside the fail-open list still throw.
  EXPECT_THROW(c.incr("k"), connection_error);
}

TEST(FailOpen, FrozenServerTimeoutIsAMiss) {
  redis_server server;
  cache_options o;
  o.ignore_exceptions = true;
  auto c = cache_on(server, o);
  c.set("k", 1);
  server.pause();
  EXPECT_EQ(c.get<int>("k"), std::nullopt);
  server.resume();
  EXPECT_EQ(c.stats().ignored_errors, 1u);
}

TEST(FailOpen, ReplyAndCodecErrorsAreNeverSwallowed) {
  redis_server server;
  cache_options o;
  o.ignore_exceptions = true;
  auto c = cache_on(server, o);
  server.command({"LPUSH", ":1:list", "x"});
  EXPECT_THROW(c.get<std::string>("list"), reply_error);
  c.set("word", std::string("hello"));
  EXPECT_THROW(c.get<int>("word"), codec_error);
  EXPECT_EQ(c.stats().ignored_errors, 0u);
}

TEST(FailOpen, OffByDefault) {
  redis_server server;
  auto c = cache_on(server, {});
  server.kill();
  EXPECT_THROW(c.get<int>("k"), connection_error);
  EXPECT_THROW(c.set("k", 1), connection_error);
  EXPECT_EQ(c.stats().errors, 2u);
}

}  // namespace
