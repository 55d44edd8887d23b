#include "http/adapter_cases.hpp"

#include "http/case_app.hpp"
#include "http/http_fixture.hpp"

#include <httplib.h>

#include <thread>

namespace rediscache::test {
namespace {

// The app on the adapter's server, a client for it, and a dead Redis for the fail-open route.
struct served_app {
  explicit served_app(const adapter& a) {
    shared_server().command({"FLUSHALL"});
    doomed.stop();
    app = make_case_app(shared_cache(), cache::from_url(url_of(doomed)));
    server = a.start(app.handler);
  }
  httplib::Client client() const {
    httplib::Client c("127.0.0.1", server->port());
    c.set_connection_timeout(std::chrono::seconds(5));
    c.set_read_timeout(std::chrono::seconds(10));
    return c;
  }
  int renders() const { return app.renders->load(); }

  redis_server doomed;
  case_app app;
  std::unique_ptr<running_server> server;
};

std::string cookie_pair(const httplib::Result& res, const std::string& name) {
  for (std::size_t i = 0; i < res->get_header_value_count("Set-Cookie"); ++i) {
    std::string value = res->get_header_value("Set-Cookie", i);
    if (value.rfind(name + "=", 0) == 0) return value.substr(0, value.find(';'));
  }
  return {};
}

TEST_P(AdapterCases, RequestAndResponseAreMappedCompletely) {
  served_app s(GetParam());
  auto c = s.client();
  httplib::Headers headers{{"Cookie", "flavour=mint; other=x"}, {"X-Test", "present"}};
  auto res = c.Post("/echo?q=red%20shoes&z=1", headers, "item=42", "application/x-www-form-urlencoded");
  ASSERT_TRUE(res) << httplib::to_string(res.error());
  EXPECT_EQ(res->status, 200);
  std::string host = "127.0.0.1:" + std::to_string(s.server->port());
  EXPECT_EQ(res->body, "POST http://" + host + "/echo q=red shoes addr=127.0.0.1 cookie=mint "
                       "header=present body=item=42");
  EXPECT_EQ(res->get_header_value_count("Set-Cookie"), 2u);
  EXPECT_EQ(res->get_header_value("X-Custom"), "yes");
  EXPECT_EQ(res->get_header_value("Content-Type"), "text/plain; charset=utf-8");
}

TEST_P(AdapterCases, SecondRequestIsServedFromTheCacheWithAge) {
  served_app s(GetParam());
  auto c = s.client();
  httplib::Headers fr{{"Accept-Language", "fr"}};
  auto first = c.Get("/page", fr);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->get_header_value("X-Cache"), "MISS");
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  auto second = c.Get("/page", fr);
  ASSERT_TRUE(second);
  EXPECT_EQ(second->get_header_value("X-Cache"), "HIT");
  EXPECT_GE(std::stoi(second->get_header_value("Age")), 1);
  EXPECT_EQ(second->body, first->body);
  EXPECT_EQ(s.renders(), 1);
  EXPECT_NE(second->get_header_value("Cache-Control").find("max-age=600"), std::string::npos);
}

TEST_P(AdapterCases, HeadIsAnsweredFromTheCachedGetPageWithoutBody) {
  served_app s(GetParam());
  auto c = s.client();
  auto get = c.Get("/page");
  ASSERT_TRUE(get);
  auto head = c.Head("/page");
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  EXPECT_EQ(head->get_header_value("X-Cache"), "HIT");
  EXPECT_EQ(head->body, "");
  EXPECT_EQ(head->get_header_value("ETag"), get->get_header_value("ETag"));
  EXPECT_EQ(s.renders(), 1);
}

TEST_P(AdapterCases, VarySeparatesLanguages) {
  served_app s(GetParam());
  auto c = s.client();
  auto fr = c.Get("/page", {{"Accept-Language", "fr"}});
  auto de = c.Get("/page", {{"Accept-Language", "de"}});
  ASSERT_TRUE(fr && de);
  EXPECT_EQ(fr->body, "hello in fr #1");
  EXPECT_EQ(de->body, "hello in de #2");
  auto fr_again = c.Get("/page", {{"Accept-Language", "fr"}});
  auto de_again = c.Get("/page", {{"Accept-Language", "de"}});
  EXPECT_EQ(fr_again->body, "hello in fr #1");
  EXPECT_EQ(de_again->body, "hello in de #2");
  EXPECT_EQ(s.renders(), 2);
}

TEST_P(AdapterCases, PrivatePagesAndPagesSettingCookiesAreNotCached) {
  served_app s(GetParam());
  auto c = s.client();
  EXPECT_EQ(c.Get("/private")->body, "private #1");
  EXPECT_EQ(c.Get("/private")->body, "private #2");
  EXPECT_EQ(c.Get("/cookie")->body, "cookie #3");
  auto again = c.Get("/cookie");
  EXPECT_EQ(again->body, "cookie #4");
  EXPECT_FALSE(again->has_header("X-Cache"));
}

TEST_P(AdapterCases, ConditionalRequestGets304) {
  served_app s(GetParam());
  auto c = s.client();
  auto first = c.Get("/page");
  ASSERT_TRUE(first);
  std::string etag = first->get_header_value("ETag");
  ASSERT_FALSE(etag.empty());
  auto unchanged = c.Get("/page", {{"If-None-Match", etag}});
  ASSERT_TRUE(unchanged);
  EXPECT_EQ(unchanged->status, 304);
  EXPECT_EQ(unchanged->body, "");
  EXPECT_EQ(unchanged->get_header_value("ETag"), etag);
  auto since = c.Get("/page", {{"If-Modified-Since", first->get_header_value("Last-Modified")}});
  EXPECT_EQ(since->status, 304);
}

TEST_P(AdapterCases, TwoVisitorsNeverSeeEachOthersPage) {
  served_app s(GetParam());
  auto c = s.client();
  auto alice_in = c.Post("/login", "user=alice", "application/x-www-form-urlencoded");
  auto bob_in = c.Post("/login", "user=bob", "application/x-www-form-urlencoded");
  ASSERT_TRUE(alice_in && bob_in);
  httplib::Headers alice{{"Cookie", cookie_pair(alice_in, "sessionid")}};
  httplib::Headers bob{{"Cookie", cookie_pair(bob_in, "sessionid")}};
  ASSERT_NE(alice, bob);
  for (int round = 0; round < 2; ++round) {
    EXPECT_EQ(c.Get("/me", alice)->body, "user alice");
    EXPECT_EQ(c.Get("/me", bob)->body, "user bob");
    EXPECT_EQ(c.Get("/me")->body, "user anonymous");
  }
  auto hit = c.Get("/me", alice);
  EXPECT_EQ(hit->get_header_value("X-Cache"), "HIT");
  EXPECT_NE(hit->get_header_value("Vary").find("Cookie"), std::string::npos);
}

TEST_P(AdapterCases, RateLimitAnswers429WithHeaders) {
  served_app s(GetParam());
  auto c = s.client();
  EXPECT_EQ(c.Get("/limited")->status, 200);
  auto last = c.Get("/limited");
  EXPECT_EQ(last->status, 200);
  EXPECT_EQ(last->get_header_value("RateLimit-Remaining"), "0");
  auto denied = c.Get("/limited");
  ASSERT_TRUE(denied);
  EXPECT_EQ(denied->status, 429);
  EXPECT_EQ(denied->get_header_value("RateLimit-Limit"), "2");
  int retry = std::stoi(denied->get_header_value("Retry-After"));
  EXPECT_GE(retry, 1);
  EXPECT_LE(retry, 60);
}

TEST_P(AdapterCases, PageIsServedWhileRedisIsDown) {
  served_app s(GetParam());
  auto c = s.client();
  for (int i = 0; i < 3; ++i) {
    auto res = c.Get("/fail-open");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200);
    EXPECT_EQ(res->body, "still up");
  }
}

TEST_P(AdapterCases, SessionExpires) {
  served_app s(GetParam());
  auto c = s.client();
  auto in = c.Post("/login", "user=carol&expire=1", "application/x-www-form-urlencoded");
  ASSERT_TRUE(in);
  std::string set_cookie = in->get_header_value("Set-Cookie");
  EXPECT_NE(set_cookie.find("Max-Age=1"), std::string::npos) << set_cookie;
  httplib::Headers carol{{"Cookie", cookie_pair(in, "sessionid")}};
  EXPECT_EQ(c.Get("/whoami", carol)->body, "user carol");
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  std::string seen;
  while (std::chrono::steady_clock::now() < deadline) {
    seen = c.Get("/whoami", carol)->body;
    if (seen == "user anonymous") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(seen, "user anonymous");
}

}  // namespace
}  // namespace rediscache::test
