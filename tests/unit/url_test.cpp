#include <rediscache/connection_options.hpp>
#include <rediscache/error.hpp>
#include <rediscache/url.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <climits>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace rediscache {
namespace {

using namespace std::chrono_literals;
using change = std::function<void(client_options&)>;

// Every field, so a case also proves that what its URL does not mention keeps its default.
void expect_same(const client_options& expected, const client_options& actual) {
  const connection_options& e = expected.connection;
  const connection_options& a = actual.connection;
  EXPECT_EQ(e.host, a.host);
  EXPECT_EQ(e.port, a.port);
  EXPECT_EQ(e.unix_socket, a.unix_socket);
  EXPECT_EQ(e.user, a.user);
  EXPECT_EQ(e.password, a.password);
  EXPECT_EQ(e.db, a.db);
  EXPECT_EQ(e.client_name, a.client_name);
  EXPECT_EQ(e.connect_timeout.count(), a.connect_timeout.count());
  EXPECT_EQ(e.socket_timeout.count(), a.socket_timeout.count());
  EXPECT_EQ(e.keepalive.count(), a.keepalive.count());
  EXPECT_EQ(e.tls.enabled, a.tls.enabled);
  EXPECT_EQ(e.tls.ca_file, a.tls.ca_file);
  EXPECT_EQ(e.tls.ca_dir, a.tls.ca_dir);
  EXPECT_EQ(e.tls.cert_file, a.tls.cert_file);
  EXPECT_EQ(e.tls.key_file, a.tls.key_file);
  EXPECT_EQ(e.tls.server_name, a.tls.server_name);
  EXPECT_EQ(static_cast<int>(e.tls.verify), static_cast<int>(a.tls.verify));
  EXPECT_EQ(e.limits.max_array_elements, a.limits.max_array_elements);
  EXPECT_EQ(e.limits.max_bulk_bytes, a.limits.max_bulk_bytes);
  const pool_options& ep = expected.pool;
  const pool_options& ap = actual.pool;
  EXPECT_EQ(ep.max_connections, ap.max_connections);
  EXPECT_EQ(ep.pool_timeout.count(), ap.pool_timeout.count());
  EXPECT_EQ(ep.health_check_interval.count(), ap.health_check_interval.count());
  EXPECT_EQ(ep.retry.max_retries, ap.retry.max_retries);
  EXPECT_EQ(ep.retry.base_backoff.count(), ap.retry.base_backoff.count());
  EXPECT_EQ(ep.retry.max_backoff.count(), ap.retry.max_backoff.count());
  EXPECT_EQ(ep.retry.retry_on_timeout, ap.retry.retry_on_timeout);
}

// Field changes recorded in a chain, applied later onto whatever defaults a case starts from.
class fields {
 public:
  fields& host(std::string v) { return set([v](auto& o) { o.connection.host = v; }); }
  fields& port(std::uint16_t v) { return set([v](auto& o) { o.connection.port = v; }); }
  fields& socket(std::string v) { return set([v](auto& o) { o.connection.unix_socket = v; }); }
  fields& user(std::string v) { return set([v](auto& o) { o.connection.user = v; }); }
  fields& password(std::string v) { return set([v](auto& o) { o.connection.password = v; }); }
  fields& db(int v) { return set([v](auto& o) { o.connection.db = v; }); }
  fields& client_name(std::string v) {
    return set([v](auto& o) { o.connection.client_name = v; });
  }
  fields& connect_timeout(std::chrono::milliseconds v) {
    return set([v](auto& o) { o.connection.connect_timeout = v; });
  }
  fields& socket_timeout(std::chrono::milliseconds v) {
    return set([v](auto& o) { o.connection.socket_timeout = v; });
  }
  fields& keepalive(std::chrono::seconds v) {
    return set([v](auto& o) { o.connection.keepalive = v; });
  }
  fields& tls(bool v) { return set([v](auto& o) { o.connection.tls.enabled = v; }); }
  fields& verify(tls_verify v) { return set([v](auto& o) { o.connection.tls.verify = v; }); }
  fields& ca_file(std::string v) { return set([v](auto& o) { o.connection.tls.ca_file = v; }); }
  fields& ca_dir(std::string v) { return set([v](auto& o) { o.connection.tls.ca_dir = v; }); }
  fields& cert_file(std::string v) {
    return set([v](auto& o) { o.connection.tls.cert_file = v; });
  }
  fields& key_file(std::string v) { return set([v](auto& o) { o.connection.tls.key_file = v; }); }
  fields& server_name(std::string v) {
    return set([v](auto& o) { o.connection.tls.server_name = v; });
  }
  fields& max_connections(std::size_t v) {
    return set([v](auto& o) { o.pool.max_connections = v; });
  }
  fields& pool_timeout(std::chrono::milliseconds v) {
    return set([v](auto& o) { o.pool.pool_timeout = v; });
  }
  fields& health_check(std::chrono::milliseconds v) {
    return set([v](auto& o) { o.pool.health_check_interval = v; });
  }

  client_options applied_to(client_options options) const {
    for (const change& c : changes_) c(options);
    return options;
  }

 private:
  fields& set(change c) {
    changes_.push_back(std::move(c));
    return *this;
  }
  std::vector<change> changes_;
};

struct valid_case {
  std::string url;
  fields expect;         // what the URL changes
  fields defaults = {};  // what the case's defaults change in client_options{}
};

const std::string nul_ff("\0\xff", 2);

const std::vector<valid_case> valid_cases = {
    {"redis://localhost", fields().host("localhost")},
    {"redis://localhost:6380", fields().host("localhost").port(6380)},
    {"redis://localhost:6380/2", fields().host("localhost").port(6380).db(2)},
    {"redis://", fields()},
    {"redis://h?", fields().host("h")},
    {"redis:///3", fields().db(3)},
    {"redis://example.com/", fields().host("example.com")},
    {"redis://:6390", fields().port(6390)},
    {"REDIS://Example.COM:1", fields().host("Example.COM").port(1)},
    {"redis://my_host-1.example:6379/15", fields().host("my_host-1.example").db(15)},
    {"redis://10.0.0.5:65535/2147483647", fields().host("10.0.0.5").port(65535).db(INT_MAX)},
    {"rediss://cache.internal:6390/0", fields().host("cache.internal").port(6390).tls(true)},
    {"RedisS://h", fields().host("h").tls(true)},
    {"redis://alice:s3cret@h:7000/1",
     fields().host("h").port(7000).db(1).user("alice").password("s3cret")},
    {"redis://:s3cret@h", fields().host("h").password("s3cret")},
    {"redis://alice@h", fields().host("h").user("alice")},
    {"redis://alice:@h", fields().host("h").user("alice")},
    {"redis://:p%40ss%3Aw%2Fo%3Frd%23%25@h", fields().host("h").password("p@ss:w/o?rd#%")},
    {"redis://:a@b@c@h", fields().host("h").password("a@b@c")},
    {"redis://:a:b:c@h", fields().host("h").password("a:b:c")},
    {"redis://:a+b%20c@h", fields().host("h").password("a+b c")},
    {"redis://us%65r:x@h", fields().host("h").user("user").password("x")},
    {"redis://:%00%FF@h", fields().host("h").password(nul_ff)},
    {"redis://:pw@", fields().password("pw")},
    {"redis://[::1]", fields().host("::1")},
    {"redis://[::1]:6380/4", fields().host("::1").port(6380).db(4)},
    {"redis://u:p@[2001:db8::7]:7001",
     fields().host("2001:db8::7").port(7001).user("u").password("p")},
    {"redis://[::ffff:10.0.0.1]", fields().host("::ffff:10.0.0.1")},
    {"redis://h/0?db=5", fields().host("h").db(5)},
    {"redis://h?db=7", fields().host("h").db(7)},
    {"redis://h?socket_timeout=0.25&socket_connect_timeout=3",
     fields().host("h").socket_timeout(250ms).connect_timeout(3s)},
    {"redis://h?socket_timeout=0.0001", fields().host("h").socket_timeout(1ms)},
    {"redis://h?socket_timeout=1.0015", fields().host("h").socket_timeout(1002ms)},
    {"redis://h?socket_timeout=2.5000000", fields().host("h").socket_timeout(2500ms)},
    {"redis://h?socket_timeout=.5&socket_connect_timeout=7.",
     fields().host("h").socket_timeout(500ms).connect_timeout(7s)},
    {"redis://h?socket_timeout=31536000", fields().host("h").socket_timeout(31536000s)},
    {"redis://h?max_connections=50&pool_timeout=0&health_check_interval=0",
     fields().host("h").max_connections(50).pool_timeout(0ms).health_check(0ms)},
    {"redis://h?pool_timeout=2.5&health_check_interval=15",
     fields().host("h").pool_timeout(2500ms).health_check(15s)},
    {"redis://h?client_name=my-app%3A1", fields().host("h").client_name("my-app:1")},
    {"redis://h?client_name=a+b", fields().host("h").client_name("a+b")},
    {"redis://h?client_name=worker@box", fields().host("h").client_name("worker@box")},
    {"rediss://h?ssl_cert_reqs=none", fields().host("h").tls(true).verify(tls_verify::none)},
    {"rediss://h?ssl_cert_reqs=optional", fields().host("h").tls(true)},
    {"rediss://h?ssl_cert_reqs=REQUIRED&ssl_check_hostname=false",
     fields().host("h").tls(true).verify(tls_verify::peer_only)},
    {"rediss://h?ssl_check_hostname=No&ssl_cert_reqs=optional",
     fields().host("h").tls(true).verify(tls_verify::peer_only)},
    {"rediss://h?ssl_check_hostname=1", fields().host("h").tls(true)},
    {"rediss://h?ssl_cert_reqs=none&ssl_check_hostname=0",
     fields().host("h").tls(true).verify(tls_verify::none)},
    {"rediss://h?ssl_ca_certs=%2Fetc%2Fca.pem&ssl_ca_path=/etc/ssl/certs&ssl_certfile=/c.pem"
     "&ssl_keyfile=/k%20ey.pem",
     fields().host("h").tls(true).ca_file("/etc/ca.pem").ca_dir("/etc/ssl/certs")
         .cert_file("/c.pem").key_file("/k ey.pem")},
    {"unix:///tmp/redis.sock", fields().socket("/tmp/redis.sock")},
    {"UNIX:///r.sock", fields().socket("/r.sock")},
    {"unix:///tmp/redis.sock?db=3&socket_timeout=2",
     fields().socket("/tmp/redis.sock").db(3).socket_timeout(2s)},
    {"unix://:s3cret@/var/run/redis/redis.sock",
     fields().socket("/var/run/redis/redis.sock").password("s3cret")},
    {"unix://alice:pw@/tmp/my%20redis@1.sock",
     fields().socket("/tmp/my redis@1.sock").user("alice").password("pw")},
    // Applied onto defaults: only what the URL states changes.
    {"redis://", fields(),
     fields().host("cache").port(7000).db(3).user("app").password("old").max_connections(4)},
    {"redis://other", fields().host("other"), fields().host("cache").port(7000).user("app")},
    // A password in the URL replaces both; a user alone keeps the password given elsewhere
    // (django-redis: user in LOCATION, PASSWORD in OPTIONS).
    {"redis://:new@", fields().user("").password("new"), fields().user("app").password("old")},
    {"redis://django@h", fields().host("h").user("django").password("old"),
     fields().password("old")},
    // The scheme alone picks the transport.
    {"redis://h", fields().host("h").socket("").tls(false), fields().socket("/s.sock").tls(true)},
    {"unix:///s.sock", fields().socket("/s.sock").tls(false), fields().host("cache").tls(true)},
    {"rediss://h?ssl_check_hostname=true", fields().host("h").verify(tls_verify::full),
     fields().tls(true).verify(tls_verify::peer_only)},
    {"rediss://h?socket_timeout=9", fields().host("h").socket_timeout(9s),
     fields().tls(true).ca_file("/ca.pem").server_name("sni").keepalive(5s)},
};

TEST(ParseUrl, ValidUrls) {
  for (const valid_case& c : valid_cases) {
    SCOPED_TRACE(c.url);
    const client_options defaults = c.defaults.applied_to({});
    try {
      expect_same(c.expect.applied_to(defaults), parse_url(c.url, defaults));
    } catch (const std::exception& e) {
      ADD_FAILURE() << "threw " << e.what();
    }
  }
}

TEST(ParseUrl, WithoutDefaultsStartsFromClientOptions) {
  expect_same(fields().host("h").port(1).applied_to({}), parse_url("redis://h:1"));
  expect_same(fields().socket("/s").password("pw").applied_to({}), parse_url("unix://:pw@/s"));
}

struct invalid_case {
  std::string url;
  std::vector<std::string> mentions;               // each must be in what()
  std::vector<std::string> secrets = {"hunter2"};  // none may be in what()
  fields defaults = {};
};

const std::vector<invalid_case> invalid_cases = {
    {"", {"redis://"}},
    {"localhost:6379", {"must start with"}},
    {"redis:/h", {"must start with"}},
    {"http://:hunter2@h", {"'http'", "unsupported scheme"}},
    {"redis:hunter2@x://h", {"malformed scheme"}},
    {"redi s://h", {"malformed scheme"}},
    {"redis://:hunter2@h:0", {"port '0'", "at least 1"}},
    {"redis://:hunter2@h:65536", {"port '65536'", "too large"}},
    {"redis://:hunter2@h:99999999999999999999999", {"port '99999999999999999999999'", "too large"}},
    {"redis://:hunter2@h:abc", {"port 'abc'", "not a whole number"}},
    {"redis://:hunter2@h:-1", {"port '-1'", "negative"}},
    {"redis://:hunter2@h:+80", {"port '+80'", "not a whole number"}},
    {"redis://:hunter2@h: 80", {"port ' 80'"}},
    {"redis://:hunter2@h:", {"port is empty"}},
    {"redis://:hunter2@[::1", {"'[::1'", "closing ']'"}},
    {"redis://:hunter2@[::1]x", {"'x'", "after the IPv6 address"}},
    {"redis://:hunter2@[::1]:x", {"port 'x'"}},
    {"redis://:hunter2@[zz]:1", {"'[zz]'", "not an IPv6 address"}},
    {"redis://:hunter2@[]", {"'[]'", "not an IPv6 address"}},
    {"redis://:hunter2@::1", {"'::1'", "brackets"}},
    {"redis://:hunter2@bad%20host", {"host 'bad host'"}},
    {"redis://:hunter2@h/abc", {"db 'abc'", "not a whole number"}},
    {"redis://:hunter2@h/-1", {"db '-1'", "negative"}},
    {"redis://:hunter2@h/2147483648", {"db '2147483648'", "too large"}},
    {"redis://:hunter2@h/1/2", {"db '1/2'"}},
    {"redis://:hunter2@h/0?db=x", {"option db 'x'"}},
    {"redis://:hunter2@h?db=-2", {"option db '-2'", "negative"}},
    {"redis://:hun%zzter2@h", {"password", "percent-escape"}, {"hun", "ter2", "zz"}},
    {"redis://:hunter2%4@h", {"password", "percent-escape"}, {"hunter2", "%4"}},
    {"redis://us%4:hunter2@h", {"user name", "percent-escape"}},
    {"redis://:hunter2@h?foo=1", {"unknown option 'foo'"}},
    {"redis://:hunter2@h?Socket_Timeout=1", {"unknown option 'Socket_Timeout'"}},
    // redis-py passes unknown options on as keyword arguments; here they are errors.
    {"unix:///tmp/r.sock?password=hunter2", {"unknown option 'password'"}},
    {"redis://:hunter2@h?db=1&db=2", {"option 'db'", "more than once"}},
    {"redis://:hunter2@h?=1", {"empty name"}},
    {"redis://:hunter2@h?socket_timeout=1&&db=2", {"empty name"}},
    {"redis://:hunter2@h?db=1&", {"empty name"}},
    {"redis://:hunter2@h?socket_timeout", {"'socket_timeout'", "no value"}},
    {"redis://:hunter2@h?socket_timeout=", {"'socket_timeout'", "empty value"}},
    {"redis://:hunter2@h?socket_timeout=abc", {"option socket_timeout 'abc'", "not a number"}},
    {"redis://:hunter2@h?socket_timeout=0", {"option socket_timeout '0'", "greater than 0"}},
    {"redis://:hunter2@h?socket_timeout=0.0000",
     {"option socket_timeout '0.0000'", "greater than 0"}},
    {"redis://:hunter2@h?socket_timeout=-1", {"option socket_timeout '-1'", "negative"}},
    {"redis://:hunter2@h?socket_timeout=1.5s", {"option socket_timeout '1.5s'"}},
    {"redis://:hunter2@h?socket_timeout=1.2.3", {"option socket_timeout '1.2.3'"}},
    {"redis://:hunter2@h?socket_connect_timeout=1e3", {"option socket_connect_timeout '1e3'"}},
    {"redis://:hunter2@h?socket_connect_timeout=%201", {"option socket_connect_timeout ' 1'"}},
    {"redis://:hunter2@h?socket_timeout=.", {"option socket_timeout '.'"}},
    {"redis://:hunter2@h?socket_timeout=31536000.001", {"option socket_timeout", "too large"}},
    {"redis://:hunter2@h?socket_timeout=99999999999999999999",
     {"option socket_timeout", "too large"}},
    {"redis://:hunter2@h?max_connections=0", {"option max_connections '0'", "at least 1"}},
    {"redis://:hunter2@h?max_connections=1.5",
     {"option max_connections '1.5'", "not a whole number"}},
    {"redis://:hunter2@h?max_connections=99999999999", {"option max_connections", "too large"}},
    {"redis://:hunter2@h?health_check_interval=-5",
     {"option health_check_interval '-5'", "negative"}},
    {"redis://:hunter2@h?pool_timeout=soon", {"option pool_timeout 'soon'"}},
    {"redis://:hunter2@h?client_name=my%20app", {"option client_name 'my app'"}},
    {"redis://:hunter2@h?client_name=%zz", {"option 'client_name'", "percent-escape"}},
    {"rediss://:hunter2@h?ssl_cert_reqs=maybe", {"option ssl_cert_reqs 'maybe'"}},
    {"rediss://:hunter2@h?ssl_check_hostname=perhaps", {"option ssl_check_hostname 'perhaps'"}},
    {"rediss://:hunter2@h?ssl_cert_reqs=none&ssl_check_hostname=true", {"ssl_check_hostname=true"}},
    {"rediss://:hunter2@h?ssl_check_hostname=yes",
     {"ssl_check_hostname=true"},
     {"hunter2"},
     fields().verify(tls_verify::none)},
    {"rediss://:hunter2@h?ssl_ca_certs=/ca%00.pem", {"option ssl_ca_certs", "NUL"}},
    {"redis://:hunter2@h?ssl_ca_certs=/ca.pem", {"option ssl_ca_certs", "rediss://"}},
    {"redis://:hunter2@h?ssl_check_hostname=true", {"option ssl_check_hostname", "rediss://"}},
    {"unix://:hunter2@/tmp/r.sock?ssl_certfile=/c.pem", {"option ssl_certfile", "rediss://"}},
    {"unix://:hunter2@", {"socket path is missing"}},
    {"unix://:hunter2@localhost/tmp/r.sock", {"names no host"}},
    {"unix://tmp/r.sock", {"three slashes"}},
    {"unix:///tmp/r%00.sock", {"socket path", "NUL"}},
    {"unix:///tmp/r%2.sock", {"socket path", "percent-escape"}},
    {"redis://:hunter2@h#frag", {"'#'", "%23"}},
    {"redis://:hunter#2@h", {"'#'", "%23"}, {"hunter", "#2"}},
    // A raw '/' or '?' in the password cuts the URL in the wrong place: nothing may be quoted.
    {"redis://:pa55/w0rd@h", {"percent-encode", "%2F"}, {"pa55", "w0rd"}},
    {"redis://:pa55?w0rd@h", {"percent-encode", "%3F"}, {"pa55", "w0rd"}},
    {"redis://:6379/w0rd@h", {"percent-encode"}, {"w0rd"}},
    {"redis://:6379?w0rd@h/0", {"percent-encode"}, {"w0rd"}},
    {"redis://:pa55?x=w0rd@h", {"percent-encode"}, {"pa55", "w0rd"}},
    // The same caution hides the part at fault in a URL that may well be right about its '@'.
    {"redis://h:abc?client_name=w@box", {"not shown"}, {"abc"}},
    {"unix://:pa55/w0rd@/tmp/r.sock", {"names no host"}, {"pa55", "w0rd"}},
};

TEST(ParseUrl, InvalidUrlsThrowConfigErrorNamingThePartWithoutThePassword) {
  for (const invalid_case& c : invalid_cases) {
    SCOPED_TRACE(c.url);
    try {
      parse_url(c.url, c.defaults.applied_to({}));
      ADD_FAILURE() << "no exception";
    } catch (const config_error& e) {
      const std::string message = e.what();
      EXPECT_EQ(e.code(), make_error_code(errc::config));
      EXPECT_EQ(message.rfind("[rediscache.config] invalid Redis URL: ", 0), 0u) << message;
      for (const std::string& part : c.mentions)
        EXPECT_NE(message.find(part), std::string::npos) << message << "\nlacks: " << part;
      for (const std::string& secret : c.secrets)
        EXPECT_EQ(message.find(secret), std::string::npos) << message << "\nleaks: " << secret;
    } catch (const std::exception& e) {
      ADD_FAILURE() << "threw something else: " << e.what();
    }
  }
}

TEST(ParseUrl, ControlCharactersAreEscapedInMessages) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"redis://h/0\n", "db '0\\n'"},
      {"redis://h/0%0D%0AX", "db '0\\r\\nX'"},
      {"redis://h?client_name=a%0Db", "option client_name 'a\\rb'"},
      {"redis://h?socket_timeout=1%09", "option socket_timeout '1\\t'"},
      {"redis://h?bad%0Aname=1", "unknown option 'bad\\nname'"},
  };
  for (const auto& [url, shown] : cases) {
    SCOPED_TRACE(url);
    try {
      parse_url(url);
      ADD_FAILURE() << "no exception";
    } catch (const config_error& e) {
      const std::string message = e.what();
      EXPECT_NE(message.find(shown), std::string::npos) << message;
      EXPECT_EQ(message.find_first_of("\r\n\t"), std::string::npos) << message;
    }
  }
}

// The part at fault is quoted up to 64 bytes, with its length: a 1 MB db is not echoed whole.
TEST(ParseUrl, LongPartsAreCutInMessages) {
  const std::string megabyte(1 << 20, '7');
  const std::vector<std::string> urls = {
      "redis://h/" + megabyte + "x",          "redis://h?db=" + megabyte,
      "redis://h?socket_timeout=" + megabyte, "redis://h?" + megabyte + "=1",
      "redis://" + megabyte + "%20:1",
  };
  for (const std::string& url : urls) {
    try {
      parse_url(url);
      ADD_FAILURE() << "no exception";
    } catch (const config_error& e) {
      const std::string message = e.what();
      EXPECT_LT(message.size(), 300u) << message.substr(0, 300);
      EXPECT_NE(message.find(std::string(64, '7') + "'...("), std::string::npos) << message;
    }
  }
}

// Seconds are kept exactly; the socket layer waits as long as asked (see long_wait_test.cpp).
TEST(ParseUrl, LongTimeoutsUpToAYearKeepTheirValue) {
  EXPECT_EQ(parse_url("redis://h?socket_timeout=4294967.5").connection.socket_timeout,
            std::chrono::milliseconds(4294967500));
  EXPECT_EQ(parse_url("redis://h?socket_timeout=2147483.649").connection.socket_timeout,
            std::chrono::milliseconds(2147483649));
  EXPECT_EQ(parse_url("redis://h?pool_timeout=31536000").pool.pool_timeout,
            std::chrono::hours(24 * 365));
}

TEST(ConnectionOptions, ToStringHidesThePassword) {
  connection_options options;
  EXPECT_EQ(to_string(options), "redis://127.0.0.1:6379/0");

  options.host = "cache.example";
  options.port = 6380;
  options.db = 2;
  options.user = "alice";
  options.password = "hunter2";
  options.client_name = "web-1";
  EXPECT_EQ(to_string(options), "redis://alice:***@cache.example:6380/2?client_name=web-1");

  options.user.clear();
  options.tls.enabled = true;
  options.client_name.clear();
  EXPECT_EQ(to_string(options), "rediss://:***@cache.example:6380/2");

  options.host = "::1";
  options.password.clear();
  options.user = "a@b";
  EXPECT_EQ(to_string(options), "rediss://a%40b@[::1]:6380/2");

  options.unix_socket = "/tmp/my redis.sock";
  options.user.clear();
  options.password = "hunter2";
  options.client_name = "w";
  EXPECT_EQ(to_string(options), "unix://:***@/tmp/my%20redis.sock?db=2&client_name=w");
}

TEST(ConnectionOptions, ToStringReadsBackThroughParseUrl) {
  const client_options parsed = parse_url("rediss://u%3Ax:pw@[2001:db8::1]:7000/5?client_name=a:b");
  const client_options again = parse_url(to_string(parsed.connection));
  EXPECT_EQ(again.connection.user, "u:x");
  EXPECT_EQ(again.connection.host, "2001:db8::1");
  EXPECT_EQ(again.connection.port, 7000);
  EXPECT_EQ(again.connection.db, 5);
  EXPECT_EQ(again.connection.client_name, "a:b");
  EXPECT_TRUE(again.connection.tls.enabled);
}

TEST(ConnectionOptions, EndpointName) {
  connection_options options;
  EXPECT_EQ(endpoint_name(options), "127.0.0.1:6379");
  options.host = "redis.internal";
  options.port = 7001;
  EXPECT_EQ(endpoint_name(options), "redis.internal:7001");
  options.host = "::1";
  options.port = 6380;
  EXPECT_EQ(endpoint_name(options), "[::1]:6380");
  options.password = "hunter2";
  options.tls.enabled = true;
  EXPECT_EQ(endpoint_name(options), "[::1]:6380");
  options.unix_socket = "/tmp/r.sock";
  EXPECT_EQ(endpoint_name(options), "/tmp/r.sock");
}

}  // namespace
}  // namespace rediscache
