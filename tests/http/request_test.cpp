// The request and header helpers the middleware build on; no server needed.
#include <rediscache/error.hpp>
#include <rediscache/http/client_address.hpp>
#include <rediscache/http/conditional.hpp>
#include <rediscache/http/request.hpp>
#include <rediscache/http/response.hpp>

#include <gtest/gtest.h>

namespace rediscache::http {
namespace {

TEST(HttpRequest, HeadersAreCaseInsensitiveAndKeepRepeats) {
  header_list h;
  h.add("Set-Cookie", "a=1");
  h.add("set-cookie", "b=2");
  h.add("Vary", "Accept");
  EXPECT_EQ(h.get("SET-COOKIE").value(), "a=1");
  EXPECT_EQ(h.joined("set-cookie"), "a=1, b=2");
  h.set("VARY", "Cookie");
  EXPECT_EQ(h.joined("vary"), "Cookie");
  EXPECT_EQ(h.remove("Set-Cookie"), 2u);
  EXPECT_FALSE(h.contains("set-cookie"));
}

TEST(HttpRequest, FullUrlCookiesAndQuery) {
  request r;
  r.scheme = "https";
  r.host = "shop.example:8443";
  r.path = "/products";
  r.query = "q=red+shoes&page=2&name=%C3%A9t%C3%A9&flag";
  r.headers.add("Cookie", "sessionid=abc; theme=dark");
  r.headers.add("Cookie", "lang=fr");
  EXPECT_EQ(r.full_url(), "https://shop.example:8443/products?q=red+shoes&page=2&name=%C3%A9t%C3%A9&flag");
  EXPECT_EQ(r.query_param("q").value(), "red shoes");
  EXPECT_EQ(r.query_param("name").value(), "\xC3\xA9t\xC3\xA9");
  EXPECT_EQ(r.query_param("flag").value(), "");
  EXPECT_FALSE(r.query_param("missing"));
  auto cookies = r.cookies();
  EXPECT_EQ(cookies.at("sessionid"), "abc");
  EXPECT_EQ(cookies.at("lang"), "fr");
}

TEST(HttpRequest, VaryIsPatchedWithoutDuplicates) {
  response r;
  r.headers.set("Vary", "Accept-Language");
  patch_vary(r, {"cookie", "Accept-Language"});
  EXPECT_EQ(r.headers.get("Vary").value(), "Accept-Language, cookie");
  r.headers.set("Vary", "*");
  patch_vary(r, {"Cookie"});
  EXPECT_EQ(r.headers.get("Vary").value(), "*");
}

TEST(HttpRequest, HttpDatesParseOnlyImfFixdate) {
  auto t = parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT");
  ASSERT_TRUE(t);
  EXPECT_EQ(std::chrono::system_clock::to_time_t(*t), 784111777);
  EXPECT_FALSE(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"));
  EXPECT_FALSE(parse_http_date("Sun, 06 Foo 1994 08:49:37 GMT"));
  EXPECT_FALSE(parse_http_date(""));
}

TEST(ClientAddress, ForwardedHeadersAreIgnoredFromUntrustedPeers) {
  request r;
  r.client_address = "198.51.100.9";
  r.headers.add("X-Forwarded-For", "1.2.3.4");
  EXPECT_EQ(client_address(r, {}), "198.51.100.9");
  EXPECT_EQ(client_address(r, {ip_network("10.0.0.0/8")}), "198.51.100.9");
}

TEST(ClientAddress, TrustedProxyChainIsWalkedFromTheRight) {
  request r;
  r.client_address = "10.0.0.2";
  // The client forged the first hop; the last untrusted hop is the one our proxy saw.
  r.headers.add("X-Forwarded-For", "6.6.6.6, 203.0.113.50, 10.0.0.1");
  std::vector<ip_network> proxies{ip_network("10.0.0.0/8")};
  EXPECT_EQ(client_address(r, proxies), "203.0.113.50");
}

TEST(ClientAddress, ForwardedWinsOverXForwardedFor) {
  request r;
  r.client_address = "::1";
  r.headers.add("X-Forwarded-For", "1.1.1.1");
  r.headers.add("Forwarded", "for=\"[2001:db8::17]:4711\";proto=https, for=192.0.2.60:80");
  std::vector<ip_network> proxies{ip_network("::1"), ip_network("192.0.2.0/24")};
  EXPECT_EQ(client_address(r, proxies), "2001:db8::17");
}

TEST(ClientAddress, BadProxySettingsAreConfigErrors) {
  EXPECT_THROW(ip_network("10.0.0.0/33"), config_error);
  EXPECT_THROW(ip_network("example.com"), config_error);
  EXPECT_THROW(ip_network("10.0.0.0/"), config_error);
  EXPECT_TRUE(ip_network("10.1.0.0/15").contains("10.0.255.255"));
  EXPECT_FALSE(ip_network("10.1.0.0/16").contains("10.0.255.255"));
}

}  // namespace
}  // namespace rediscache::http
