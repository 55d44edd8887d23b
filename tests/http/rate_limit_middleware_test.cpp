// The rate-limit middleware against a real redis-server: who is counted, what a denied request
// gets, and what happens while Redis is down.
#include "http/http_fixture.hpp"

#include <rediscache/http/rate_limit_middleware.hpp>
#include <rediscache/http/session_middleware.hpp>

namespace rediscache::test {
namespace {

using http::request;
using http::response;

http::rate_limit_rule rule(std::string name, std::int64_t limit, std::chrono::milliseconds window,
                           http::rate_limit_by by = http::rate_limit_by::client_address) {
  http::rate_limit_rule r;
  r.limit.name = std::move(name);
  r.limit.algorithm = rate_limit_algorithm::fixed_window;
  r.limit.limit = limit;
  r.limit.window = window;
  r.by = by;
  return r;
}

class RateLimitMiddleware : public http_test {
 protected:
  cache store = shared_cache();
  int calls = 0;
  http::handler view = [this](request&) {
    ++calls;
    return response::text(200, "ok");
  };
};

TEST_F(RateLimitMiddleware, PerAddressLimitAnswers429WithHeaders) {
  http::rate_limit_middleware_options o;
  o.rules.push_back(rule("login", 3, std::chrono::minutes(1)));
  auto handler = http::rate_limit_middleware(store, o).wrap(view);
  request r = make_request("POST", "/login");
  for (int i = 0; i < 3; ++i) {
    response ok = handler(r);
    EXPECT_EQ(ok.status, 200);
    EXPECT_EQ(header(ok, "RateLimit-Limit"), "3");
    EXPECT_EQ(header(ok, "RateLimit-Remaining"), std::to_string(2 - i));
  }
  response denied = handler(r);
  EXPECT_EQ(denied.status, 429);
  EXPECT_EQ(calls, 3);
  EXPECT_EQ(header(denied, "RateLimit-Remaining"), "0");
  int retry = std::stoi(header(denied, "Retry-After"));
  EXPECT_GE(retry, 1);
  EXPECT_LE(retry, 60);
  EXPECT_NE(denied.body.find("Too many requests"), std::string::npos);

  request other = make_request("POST", "/login");
  other.client_address = "198.51.100.1";
  EXPECT_EQ(handler(other).status, 200);  // another visitor has their own budget
}

TEST_F(RateLimitMiddleware, ForwardedForCountsOnlyBehindTrustedProxies) {
  http::rate_limit_middleware_options o;
  o.rules.push_back(rule("api", 1, std::chrono::minutes(1)));
  o.trusted_proxies = {"10.0.0.0/8"};
  auto handler = http::rate_limit_middleware(store, o).wrap(view);
  auto via_proxy = [](std::string client) {
    request r = make_request("GET", "/api");
    r.client_address = "10.1.2.3";
    r.headers.set("X-Forwarded-For", std::move(client));
    return r;
  };
  request a = via_proxy("192.0.2.1");
  request b = via_proxy("192.0.2.2");
  EXPECT_EQ(handler(a).status, 200);
  EXPECT_EQ(handler(b).status, 200);  // different clients behind one proxy
  EXPECT_EQ(handler(a).status, 429);

  // An untrusted peer cannot dodge its limit by inventing X-Forwarded-For values.
  request forger = make_request("GET", "/api");
  forger.headers.set("X-Forwarded-For", "1.1.1.1");
  EXPECT_EQ(handler(forger).status, 200);
  forger.headers.set("X-Forwarded-For", "2.2.2.2");
  EXPECT_EQ(handler(forger).status, 429);
}

TEST_F(RateLimitMiddleware, SeveralLimitsPerRouteAndPerUser) {
  session_store sessions(store);
  http::rate_limit_middleware_options o;
  auto login = rule("login", 2, std::chrono::minutes(1));
  login.path_prefix = "/login";
  login.methods = {"POST"};
  auto api = rule("api", 3, std::chrono::hours(24), http::rate_limit_by::user);
  api.path_prefix = "/api/";
  o.rules = {login, api};
  auto handler = http::session_middleware(sessions).wrap(
      http::rate_limit_middleware(store, o).wrap([this](request& r) {
        ++calls;
        if (r.path == "/login") http::login(r, r.query_param("user").value_or("alice"));
        return response::text(200, "ok");
      }));

  request get_login = make_request("GET", "/login");
  for (int i = 0; i < 5; ++i) EXPECT_EQ(handler(get_login).status, 200);  // GET is not limited
  request post_login = make_request("POST", "/login", "user=alice");
  response in = handler(post_login);
  std::string set_cookie = header(in, "Set-Cookie");
  std::string cookie = set_cookie.substr(0, set_cookie.find(';'));
  request bob_login = make_request("POST", "/login", "user=bob");
  response bob_in = handler(bob_login);
  std::string bob_cookie = header(bob_in, "Set-Cookie");
  bob_cookie = bob_cookie.substr(0, bob_cookie.find(';'));
  EXPECT_EQ(handler(post_login).status, 429);  // third login from this address

  request anonymous_api = make_request("GET", "/api/items");
  for (int i = 0; i < 5; ++i) EXPECT_EQ(handler(anonymous_api).status, 200);  // no user: not counted
  request alice_api = make_request("GET", "/api/items");
  alice_api.headers.set("Cookie", cookie);
  request bob_api = make_request("GET", "/api/items");
  bob_api.headers.set("Cookie", bob_cookie);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(handler(alice_api).status, 200);
  response denied = handler(alice_api);
  EXPECT_EQ(denied.status, 429);
  EXPECT_EQ(header(denied, "RateLimit-Limit"), "3");
  EXPECT_EQ(handler(bob_api).status, 200);  // the same address, another user
}

TEST_F(RateLimitMiddleware, PerUserLimitWithoutSessionsIsAConfigError) {
  http::rate_limit_middleware_options o;
  o.rules.push_back(rule("api", 3, std::chrono::minutes(1), http::rate_limit_by::user));
  auto handler = http::rate_limit_middleware(store, o).wrap(view);
  request r = make_request("GET", "/api");
  EXPECT_THROW(handler(r), config_error);
  EXPECT_EQ(calls, 0);
}

TEST_F(RateLimitMiddleware, DeniedByAnyLimitReportsTheOneFreeingLast) {
  http::rate_limit_middleware_options o;
  o.rules = {rule("burst", 2, std::chrono::seconds(10)), rule("daily", 3, std::chrono::hours(24))};
  auto handler = http::rate_limit_middleware(store, o).wrap(view);
  request r = make_request("GET", "/");
  EXPECT_EQ(handler(r).status, 200);
  response second = handler(r);
  EXPECT_EQ(header(second, "RateLimit-Limit"), "2");  // the limit closest to running out
  response third = handler(r);
  EXPECT_EQ(third.status, 429);
  EXPECT_LE(std::stoi(header(third, "Retry-After")), 10);
  shared_server().command({"FLUSHALL"});
  o.rules = {rule("burst", 5, std::chrono::seconds(10)), rule("daily", 1, std::chrono::hours(24))};
  auto daily = http::rate_limit_middleware(store, o).wrap(view);
  EXPECT_EQ(daily(r).status, 200);
  response capped = daily(r);
  EXPECT_EQ(capped.status, 429);
  EXPECT_GT(std::stoi(header(capped, "Retry-After")), 3600);
}

TEST_F(RateLimitMiddleware, FailOpenAndFailClosedWhileRedisIsDown) {
  redis_server doomed;
  cache down = cache::from_url(url_of(doomed));
  doomed.stop();
  http::rate_limit_middleware_options o;
  o.rules.push_back(rule("open", 1, std::chrono::minutes(1)));
  auto open = http::rate_limit_middleware(down, o).wrap(view);
  request r = make_request("GET", "/");
  EXPECT_EQ(open(r).status, 200);
  EXPECT_EQ(open(r).status, 200);
  EXPECT_EQ(header(open(r), "RateLimit-Limit"), "<absent>");

  o.rules[0].limit.fail_mode = rate_limit_fail_mode::closed;
  o.rules[0].limit.fail_closed_retry_after = std::chrono::seconds(7);
  auto closed = http::rate_limit_middleware(down, o).wrap(view);
  response denied = closed(r);
  EXPECT_EQ(denied.status, 429);
  EXPECT_EQ(header(denied, "Retry-After"), "7");
  EXPECT_EQ(calls, 3);
}

TEST_F(RateLimitMiddleware, CustomDeniedPageAndBadProxiesRejected) {
  http::rate_limit_middleware_options o;
  o.rules.push_back(rule("page", 1, std::chrono::minutes(1)));
  o.denied_page = [](const request&, const rate_limit_decision&) {
    response r = response::text(200, "<h1>Slow down</h1>", "text/html; charset=utf-8");
    return r;
  };
  auto handler = http::rate_limit_middleware(store, o).wrap(view);
  request r = make_request("GET", "/");
  handler(r);
  response denied = handler(r);
  EXPECT_EQ(denied.status, 429);
  EXPECT_EQ(denied.body, "<h1>Slow down</h1>");
  o.trusted_proxies = {"not-an-address"};
  EXPECT_THROW(http::rate_limit_middleware(store, o), config_error);
}

}  // namespace
}  // namespace rediscache::test
