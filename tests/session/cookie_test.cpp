// Set-Cookie building and Cookie parsing (RFC 6265), hostile input included.
#include "session/session_fixture.hpp"

#include <rediscache/error.hpp>
#include <rediscache/session/cookie.hpp>
#include <rediscache/session/session_cookie.hpp>

#include <chrono>
#include <string>

using namespace rediscache;
using rediscache::test::session_test;
using namespace std::chrono_literals;
using std::chrono::system_clock;

namespace {

const system_clock::time_point rfc_example(std::chrono::seconds(784111777));  // RFC 9110's date

set_cookie simple(std::string name, std::string value) {
  set_cookie c;
  c.name = std::move(name);
  c.value = std::move(value);
  return c;
}

TEST(cookie, FormatsEveryAttribute) {
  set_cookie c = simple("sessionid", "abc123");
  EXPECT_EQ(format_set_cookie(c), "sessionid=abc123");
  c.expires = rfc_example;
  c.max_age = 60s;
  c.domain = ".example.com";
  c.path = "/app";
  c.secure = true;
  c.http_only = true;
  c.same_site = same_site_policy::strict;
  EXPECT_EQ(format_set_cookie(c),
            "sessionid=abc123; Expires=Sun, 06 Nov 1994 08:49:37 GMT; Max-Age=60; "
            "Domain=.example.com; Path=/app; Secure; HttpOnly; SameSite=Strict");
  c.same_site = same_site_policy::lax;
  EXPECT_NE(format_set_cookie(c).find("; SameSite=Lax"), std::string::npos);
  c.same_site = same_site_policy::none;
  EXPECT_NE(format_set_cookie(c).find("; SameSite=None"), std::string::npos);
  EXPECT_EQ(format_set_cookie(simple("q", "\"quoted\"")), "q=\"quoted\"");
  EXPECT_EQ(format_set_cookie(simple("empty", "")), "empty=");
  EXPECT_EQ(format_set_cookie(simple("b64", "YWJj+/==")), "b64=YWJj+/==");
}

TEST(cookie, HttpDates) {
  EXPECT_EQ(http_date(rfc_example), "Sun, 06 Nov 1994 08:49:37 GMT");
  EXPECT_EQ(http_date(system_clock::time_point()), "Thu, 01 Jan 1970 00:00:00 GMT");
  EXPECT_EQ(http_date(system_clock::time_point(std::chrono::seconds(951782400))),
            "Tue, 29 Feb 2000 00:00:00 GMT");
  EXPECT_EQ(http_date(system_clock::time_point(std::chrono::seconds(4102444799))),
            "Thu, 31 Dec 2099 23:59:59 GMT");
  EXPECT_EQ(http_date(system_clock::time_point(std::chrono::milliseconds(-1))),
            "Wed, 31 Dec 1969 23:59:59 GMT");
}

TEST(cookie, RejectsWhatBrowsersRejectOrWhatCouldSplitTheHeader) {
  const std::vector<std::string> bad_names = {"",        "a b",     "a=b",    "a;b",
                                              "a\r\nb",  "a\tb",    "a,b",    "a\"b",
                                              "(a)",     "a/b",     "h\xc3\xa9", std::string("a\0b", 3),
                                              "a\x7f",   "[a]"};
  for (const auto& name : bad_names) {
    EXPECT_THROW(format_set_cookie(simple(name, "v")), cookie_error) << name;
  }
  const std::vector<std::string> bad_values = {
      "a b",  "a;b",  "a,b",    "a\"b",   "a\\b",   "a\r\nSet-Cookie: x=y", std::string("a\0", 2),
      "\x7f", "\t",   "h\xc3\xa9", "\"a",  "a\"",    "\"a b\""};
  for (const auto& value : bad_values) {
    EXPECT_THROW(format_set_cookie(simple("n", value)), cookie_error) << value;
  }
  const auto with = [](auto change) {
    set_cookie c = simple("n", "v");
    change(c);
    return c;
  };
  for (const char* domain : {"exa mple.com", "a..b", "evil.com; Secure", "a.b\r\n", ".", "a_b.c",
                             "[::1]"}) {
    EXPECT_THROW(format_set_cookie(with([&](set_cookie& c) { c.domain = domain; })), cookie_error)
        << domain;
  }
  for (const char* path : {"relative", "/a;b", "/a\r\nX: y", "/\x01"}) {
    EXPECT_THROW(format_set_cookie(with([&](set_cookie& c) { c.path = path; })), cookie_error)
        << path;
  }
  EXPECT_THROW(format_set_cookie(with([](set_cookie& c) { c.same_site = same_site_policy::none; })),
               cookie_error);
  EXPECT_THROW(format_set_cookie(simple("__Secure-id", "v")), cookie_error);
  EXPECT_THROW(format_set_cookie(simple("__secure-id", "v")), cookie_error);
  EXPECT_NO_THROW(format_set_cookie(with([](set_cookie& c) {
    c.name = "__Secure-id";
    c.secure = true;
  })));
  const auto host = [](const char* domain, const char* path) {
    set_cookie c = simple("__Host-id", "v");
    c.secure = true;
    c.domain = domain;
    c.path = path;
    return c;
  };
  EXPECT_NO_THROW(format_set_cookie(host("", "/")));
  EXPECT_THROW(format_set_cookie(host("example.com", "/")), cookie_error);
  EXPECT_THROW(format_set_cookie(host("", "/app")), cookie_error);
  EXPECT_THROW(format_set_cookie(host("", "")), cookie_error);

  try {
    format_set_cookie(simple("sessionid", "secret value"));
    ADD_FAILURE();
  } catch (const config_error& e) {
    EXPECT_EQ(e.code(), make_error_code(errc::config));
    EXPECT_EQ(std::string(e.what()).find("secret"), std::string::npos) << "values stay out";
  }
}

TEST(cookie, ParsesCookieHeadersTolerantly) {
  EXPECT_EQ(parse_cookie_header("a=1; b=2"), (cookie_map{{"a", "1"}, {"b", "2"}}));
  EXPECT_EQ(parse_cookie_header("  a = 1 ;\tb=2;c=3;  "),
            (cookie_map{{"a", "1"}, {"b", "2"}, {"c", "3"}}));
  EXPECT_EQ(parse_cookie_header("q=\"quoted value\"; e=\"\""),
            (cookie_map{{"q", "quoted value"}, {"e", ""}}));
  EXPECT_EQ(parse_cookie_header("sessionid=first; sessionid=second"),
            (cookie_map{{"sessionid", "first"}}));
  EXPECT_EQ(parse_cookie_header("t=a=b=c"), (cookie_map{{"t", "a=b=c"}}));
  EXPECT_EQ(parse_cookie_header("flag; =nameless; empty=; ;;"), (cookie_map{{"empty", ""}}));
  EXPECT_EQ(parse_cookie_header("u=h\xc3\xa9llo"), (cookie_map{{"u", "h\xc3\xa9llo"}}));
  EXPECT_EQ(parse_cookie_header("a=\""), (cookie_map{{"a", "\""}}));
  EXPECT_TRUE(parse_cookie_header("").empty());
  EXPECT_TRUE(parse_cookie_header("   ").empty());
}

TEST(cookie, ParsingDropsPairsThatCouldSplitAHeader) {
  EXPECT_EQ(parse_cookie_header("a=1\r\nSet-Cookie: x=y; b=2"), (cookie_map{{"b", "2"}}));
  EXPECT_EQ(parse_cookie_header(std::string("a=1\0; b=2", 9)), (cookie_map{{"b", "2"}}));
  EXPECT_EQ(parse_cookie_header("bad name=1; ok=2"), (cookie_map{{"ok", "2"}}));
  EXPECT_EQ(parse_cookie_header("a\x01=1; ok=2"), (cookie_map{{"ok", "2"}}));

  std::string huge;
  for (int i = 0; i < 100000; ++i) huge += "k" + std::to_string(i % 1000) + "=v" + std::to_string(i) + "; ";
  const auto parsed = parse_cookie_header(huge);
  EXPECT_EQ(parsed.size(), 1000u);
  EXPECT_EQ(parsed.at("k7"), "v7");  // the first of each name
  EXPECT_TRUE(parse_cookie_header(std::string(100000, ';')).empty());
  EXPECT_EQ(parse_cookie_header(std::string(100000, '=')).size(), 0u);
}

TEST_P(session_test, SessionCookieIsWhatDjangosMiddlewareSends) {
  auto store = make_store();
  auto s = store.open();
  EXPECT_THROW(session_cookie(s), session_error);
  s.set("a", 1);
  s.save();
  const auto now = system_clock::time_point(std::chrono::seconds(1700000000));
  EXPECT_EQ(format_set_cookie(session_cookie(s, {}, now)),
            "sessionid=" + *s.session_key() +
                "; Expires=Tue, 28 Nov 2023 22:13:20 GMT; Max-Age=1209600; Path=/; HttpOnly; "
                "SameSite=Lax");

  session_cookie_options o;
  o.name = "__Host-sid";
  o.secure = true;
  o.same_site = same_site_policy::strict;
  s.set_expiry(0s);  // at browser close: neither Max-Age nor Expires
  EXPECT_EQ(format_set_cookie(session_cookie(s, o, now)),
            "__Host-sid=" + *s.session_key() + "; Path=/; Secure; HttpOnly; SameSite=Strict");

  s.set_expiry(300s);
  const auto cookie = session_cookie(s, {}, now);
  EXPECT_EQ(cookie.max_age, 300s);
  EXPECT_EQ(cookie.expires, now + 300s);

  // The browser sends it back: the value names the same session.
  const auto jar = parse_cookie_header("theme=dark; " + cookie.name + "=" + cookie.value);
  EXPECT_EQ(store.open(jar.at("sessionid")).get<int>("a"), 1);

  EXPECT_EQ(format_set_cookie(expired_session_cookie()),
            "sessionid=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/; HttpOnly; "
            "SameSite=Lax");
}

}  // namespace
