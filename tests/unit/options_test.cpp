// Options from code are range-checked where they enter the library; each bad value is a
// config_error naming its field, thrown before any connection is attempted.
#include <rediscache/connection.hpp>
#include <rediscache/error.hpp>
#include <rediscache/pool.hpp>
#include <rediscache/pooled_executor.hpp>
#include <rediscache/pubsub/subscriber.hpp>
#include <rediscache/url.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace rediscache {
namespace {

using namespace std::chrono_literals;
using std::chrono::milliseconds;

constexpr milliseconds year = std::chrono::hours(24 * 365);

// Expects f to throw config_error whose message contains says and no raw CR or LF.
template <class F>
void expect_config_error(F&& f, const std::string& says) {
  try {
    f();
    ADD_FAILURE() << "no exception; expected: " << says;
  } catch (const config_error& e) {
    const std::string message = e.what();
    EXPECT_EQ(e.code(), make_error_code(errc::config));
    EXPECT_NE(message.find(says), std::string::npos) << message << "\nlacks: " << says;
    EXPECT_EQ(message.find_first_of("\r\n"), std::string::npos) << message;
  } catch (const std::exception& e) {
    ADD_FAILURE() << "threw something else: " << e.what();
  }
}

struct bad_case {
  std::function<void(client_options&)> change;
  std::string says;
};

const std::vector<bad_case> bad_connection_cases = {
    {[](auto& o) { o.connection.socket_timeout = 0ms; },
     "connection_options::socket_timeout is 0 ms; it must be greater than 0"},
    {[](auto& o) { o.connection.socket_timeout = -5ms; },
     "connection_options::socket_timeout is -5 ms; it must not be negative"},
    {[](auto& o) { o.connection.socket_timeout = year + 1ms; },
     "connection_options::socket_timeout is 31536000001 ms; it must be at most 31536000000 ms "
     "(365 days)"},
    {[](auto& o) { o.connection.socket_timeout = milliseconds::max(); },
     "connection_options::socket_timeout is 9223372036854775807 ms"},
    {[](auto& o) { o.connection.connect_timeout = 0ms; },
     "connection_options::connect_timeout is 0 ms; it must be greater than 0"},
    {[](auto& o) { o.connection.connect_timeout = -1ms; },
     "connection_options::connect_timeout is -1 ms; it must not be negative"},
    {[](auto& o) { o.connection.keepalive = -1s; },
     "connection_options::keepalive is -1 s; it must not be negative"},
    {[](auto& o) { o.connection.keepalive = 32768s; },
     "connection_options::keepalive is 32768 s; it must be at most 32767 s"},
    {[](auto& o) { o.connection.port = 0; }, "connection_options::port is 0"},
    {[](auto& o) { o.connection.host.clear(); }, "connection_options::host is empty"},
    {[](auto& o) { o.connection.host = "cache\r\nX-Injected: 1"; },
     "connection_options::host is 'cache\\r\\nX-Injected: 1'; it must not contain control"},
    {[](auto& o) { o.connection.host = "my host"; }, "connection_options::host is 'my host'"},
    {[](auto& o) { o.connection.unix_socket = "/tmp/" + std::string(200, 's'); },
     "connection_options::unix_socket is '/tmp/sss"},
    {[](auto& o) { o.connection.unix_socket = "/tmp/a\nb.sock"; },
     "connection_options::unix_socket is '/tmp/a\\nb.sock'"},
    {[](auto& o) { o.connection.db = -1; },
     "connection_options::db is -1; it must not be negative"},
    {[](auto& o) { o.connection.client_name = "my app"; },
     "connection_options::client_name is 'my app'"},
    {[](auto& o) { o.connection.limits.max_array_elements = 0; },
     "connection_options::limits.max_array_elements is 0; it must be at least 1"},
    {[](auto& o) { o.connection.limits.max_bulk_bytes = 0; },
     "connection_options::limits.max_bulk_bytes is 0; it must be at least 1"},
    {[](auto& o) { o.connection.limits.max_reply_bytes = 0; },
     "connection_options::limits.max_reply_bytes is 0; it must be at least 1"},
};

const std::vector<bad_case> bad_pool_cases = {
    {[](auto& o) { o.pool.max_connections = 0; },
     "pool_options::max_connections is 0; it must be at least 1"},
    {[](auto& o) { o.pool.pool_timeout = -1ms; },
     "pool_options::pool_timeout is -1 ms; it must not be negative"},
    {[](auto& o) { o.pool.pool_timeout = std::chrono::hours(24 * 366); },
     "pool_options::pool_timeout is 31622400000 ms; it must be at most"},
    {[](auto& o) { o.pool.health_check_interval = -30s; },
     "pool_options::health_check_interval is -30000 ms; it must not be negative"},
    {[](auto& o) { o.pool.retry.max_retries = -1; },
     "retry_options::max_retries is -1; it must not be negative"},
    {[](auto& o) { o.pool.retry.base_backoff = -10ms; },
     "retry_options::base_backoff is -10 ms; it must not be negative"},
    {[](auto& o) { o.pool.retry.max_backoff = milliseconds::max(); },
     "retry_options::max_backoff is 9223372036854775807 ms; it must be at most"},
};

TEST(OptionsValidation, ConnectionOpenRejectsEachBadConnectionField) {
  for (const bad_case& c : bad_connection_cases) {
    SCOPED_TRACE(c.says);
    client_options o;
    c.change(o);
    expect_config_error([&] { connection::open(o.connection); }, c.says);
  }
}

TEST(OptionsValidation, PoolAndExecutorRejectEachBadField) {
  std::vector<bad_case> cases = bad_connection_cases;
  cases.insert(cases.end(), bad_pool_cases.begin(), bad_pool_cases.end());
  for (const bad_case& c : cases) {
    SCOPED_TRACE(c.says);
    client_options o;
    c.change(o);
    expect_config_error([&] { connection_pool pool(o.connection, o.pool); }, c.says);
    expect_config_error([&] { pooled_executor exec(o); }, c.says);
  }
}

// A URL fills only what it states; the rest comes from defaults, which are checked as well.
TEST(OptionsValidation, ParseUrlChecksTheDefaultsItKeeps) {
  for (const bad_case& c : bad_pool_cases) {
    SCOPED_TRACE(c.says);
    client_options defaults;
    c.change(defaults);
    expect_config_error([&] { parse_url("redis://cache:6380/1", defaults); }, c.says);
  }
  client_options defaults;
  defaults.connection.socket_timeout = 0ms;
  expect_config_error([&] { parse_url("redis://cache", defaults); },
                      "connection_options::socket_timeout is 0 ms");
  EXPECT_EQ(parse_url("redis://cache?socket_timeout=2", defaults).connection.socket_timeout, 2s);
}

// Zero means off (documented per field) where that is useful; the limits themselves are allowed.
TEST(OptionsValidation, DocumentedZerosAndTheLimitsAreAccepted) {
  const std::vector<std::function<void(client_options&)>> fine = {
      [](auto& o) { o.pool.pool_timeout = 0ms; },           // fail at once when all are busy
      [](auto& o) { o.pool.health_check_interval = 0ms; },  // never PING before reuse
      [](auto& o) { o.connection.keepalive = 0s; },         // no TCP keepalive
      [](auto& o) { o.pool.retry.max_retries = 0; },
      [](auto& o) { o.pool.retry.base_backoff = 0ms; },
      [](auto& o) { o.pool.retry.max_backoff = 0ms; },
      [](auto& o) { o.connection.socket_timeout = year; },
      [](auto& o) { o.connection.socket_timeout = milliseconds(4'294'967'500); },
      [](auto& o) { o.connection.connect_timeout = 1ms; },
      [](auto& o) { o.connection.keepalive = 32767s; },
      [](auto& o) { o.connection.db = 2147483647; },
      [](auto& o) { o.connection.host = "::1"; },
      [](auto& o) { o.connection.unix_socket = "/" + std::string(106, 's'); },
      [](auto& o) { o.connection.client_name = "worker:1"; },
  };
  for (std::size_t i = 0; i < fine.size(); ++i) {
    SCOPED_TRACE(i);
    client_options o;
    fine[i](o);
    EXPECT_NO_THROW(connection_pool(o.connection, o.pool));  // opens nothing until acquire()
  }
}

TEST(OptionsValidation, SubscriberRejectsEachBadFieldBeforeConnecting) {
  struct sub_case {
    std::function<void(subscriber_options&)> change;
    std::string says;
  };
  const std::vector<sub_case> cases = {
      {[](auto& s) { s.poll_interval = 0ms; },
       "subscriber_options::poll_interval is 0 ms; it must be greater than 0"},
      {[](auto& s) { s.heartbeat_interval = 0ms; },
       "subscriber_options::heartbeat_interval is 0 ms; it must be greater than 0"},
      {[](auto& s) { s.heartbeat_timeout = -1ms; },
       "subscriber_options::heartbeat_timeout is -1 ms; it must not be negative"},
      {[](auto& s) { s.reconnect_backoff_min = -1ms; },
       "subscriber_options::reconnect_backoff_min is -1 ms; it must not be negative"},
      {[](auto& s) { s.reconnect_backoff_max = 0ms; },
       "subscriber_options::reconnect_backoff_max is 0 ms; it must be greater than 0"},
      {[](auto& s) { s.max_io_wait = 0ms; },
       "subscriber_options::max_io_wait is 0 ms; it must be greater than 0"},
      {[](auto& s) { s.heartbeat_interval = milliseconds::max(); },
       "subscriber_options::heartbeat_interval is 9223372036854775807 ms; it must be at most"},
  };
  for (const sub_case& c : cases) {
    SCOPED_TRACE(c.says);
    subscriber_options settings;
    c.change(settings);
    connection_options nowhere;
    nowhere.port = 1;  // nothing listens: only validation can make this a config_error
    expect_config_error([&] { subscriber s(nowhere, settings); }, c.says);
  }
}

}  // namespace
}  // namespace rediscache
