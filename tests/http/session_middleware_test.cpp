// The session middleware against a real redis-server: when the cookie is set, saved, rotated and
// deleted, and when responses vary on it.
#include "http/http_fixture.hpp"

#include <rediscache/http/session_middleware.hpp>
#include <rediscache/session/session.hpp>
#include <rediscache/session/session_key.hpp>

namespace rediscache::test {
namespace {

using http::request;
using http::response;

std::string cookie_value(const response& r, const std::string& name = "sessionid") {
  for (const auto& [n, v] : r.headers.fields()) {
    if (http::iequals(n, "Set-Cookie") && v.rfind(name + "=", 0) == 0) {
      return v.substr(name.size() + 1, v.find(';') - name.size() - 1);
    }
  }
  return "<absent>";
}

class SessionMiddleware : public http_test {
 protected:
  cache store = shared_cache();
  session_store sessions{store};

  // A view that counts visits in the session, logs in and out on /login and /logout, and only
  // reads on /peek.
  http::handler app(http::session_middleware_options o = {}) {
    return http::session_middleware(sessions, std::move(o)).wrap([](request& r) {
      if (r.path == "/plain") return response::text(200, "no session");
      if (r.path == "/login") http::login(r, r.query_param("user").value_or("alice"));
      if (r.path == "/logout") http::logout(r);
      if (r.path == "/peek") {
        return response::text(200, http::logged_in_user(r).value_or("anonymous"));
      }
      if (r.path == "/boom") {
        r.session->set("visits", 99);
        return response::text(std::stoi(r.query_param("status").value_or("500")), "failed");
      }
      if (r.path == "/visit") r.session->set("visits", r.session->get<int>("visits", 0) + 1);
      return response::text(200, std::to_string(r.session->get<int>("visits", 0)));
    });
  }
  request with_cookie(std::string path, const std::string& key, std::string query = {}) {
    request r = make_request("GET", std::move(path), std::move(query));
    r.headers.set("Cookie", "theme=dark; sessionid=" + key);
    return r;
  }
};

TEST_F(SessionMiddleware, UntouchedSessionSetsNoCookieAndNoVary) {
  auto handler = app();
  request r = make_request("GET", "/plain");
  response resp = handler(r);
  EXPECT_EQ(cookie_value(resp), "<absent>");
  EXPECT_EQ(header(resp, "Vary"), "<absent>");
  EXPECT_EQ(shared_server().command({"DBSIZE"}), "0");
}

TEST_F(SessionMiddleware, ModifiedSessionIsSavedWithDjangoCookieDefaults) {
  auto handler = app();
  request r = make_request("GET", "/visit");
  response first = handler(r);
  std::string key = cookie_value(first);
  ASSERT_TRUE(is_valid_session_key(key)) << key;
  EXPECT_EQ(header(first, "Vary"), "Cookie");
  std::string set_cookie = header(first, "Set-Cookie");
  EXPECT_NE(set_cookie.find("; HttpOnly"), std::string::npos) << set_cookie;
  EXPECT_NE(set_cookie.find("; SameSite=Lax"), std::string::npos) << set_cookie;
  EXPECT_NE(set_cookie.find("; Path=/"), std::string::npos) << set_cookie;
  EXPECT_NE(set_cookie.find("Max-Age=1209600"), std::string::npos) << set_cookie;
  EXPECT_EQ(set_cookie.find("Secure"), std::string::npos) << set_cookie;

  request second = with_cookie("/visit", key);
  response again = handler(second);
  EXPECT_EQ(again.body, "2");
  EXPECT_EQ(cookie_value(again), key);

  request read_only = with_cookie("/count", key);
  response seen = handler(read_only);
  EXPECT_EQ(seen.body, "2");
  EXPECT_EQ(header(seen, "Vary"), "Cookie");
  EXPECT_EQ(cookie_value(seen), "<absent>");  // read only: nothing saved, no cookie
}

TEST_F(SessionMiddleware, CookieAttributesFollowTheOptions) {
  http::session_middleware_options o;
  o.cookie.name = "sid";
  o.cookie.secure = true;
  o.cookie.domain = ".shop.example";
  o.cookie.same_site = same_site_policy::strict;
  auto handler = app(o);
  request r = make_request("GET", "/visit");
  response resp = handler(r);
  std::string set_cookie = header(resp, "Set-Cookie");
  EXPECT_EQ(set_cookie.rfind("sid=", 0), 0u) << set_cookie;
  EXPECT_NE(set_cookie.find("Domain=.shop.example"), std::string::npos) << set_cookie;
  EXPECT_NE(set_cookie.find("Secure"), std::string::npos) << set_cookie;
  EXPECT_NE(set_cookie.find("SameSite=Strict"), std::string::npos) << set_cookie;
}

TEST_F(SessionMiddleware, LoginRotatesTheKeyAndKeepsTheData) {
  auto handler = app();
  request visit = make_request("GET", "/visit");
  std::string before = cookie_value(handler(visit));
  request login = with_cookie("/login", before, "user=alice");
  response logged_in = handler(login);
  std::string after = cookie_value(logged_in);
  ASSERT_TRUE(is_valid_session_key(after));
  EXPECT_NE(after, before);
  EXPECT_FALSE(sessions.exists(before));  // the old key cannot be replayed (session fixation)
  EXPECT_EQ(logged_in.body, "1");         // the cart survived the login
  request peek = with_cookie("/peek", after);
  EXPECT_EQ(handler(peek).body, "alice");

  // Another user logging in on the same browser gets a clean session.
  request bob = with_cookie("/login", after, "user=bob");
  response bob_in = handler(bob);
  EXPECT_EQ(bob_in.body, "0");
}

TEST_F(SessionMiddleware, LogoutDeletesTheSessionAndTheCookie) {
  auto handler = app();
  request login = make_request("GET", "/login");
  std::string key = cookie_value(handler(login));
  request logout = with_cookie("/logout", key);
  response out = handler(logout);
  std::string set_cookie = header(out, "Set-Cookie");
  std::string emptied = cookie_value(out);
  EXPECT_TRUE(emptied.empty() || emptied == "\"\"") << set_cookie;
  EXPECT_NE(set_cookie.find("Max-Age=0"), std::string::npos) << set_cookie;
  EXPECT_EQ(header(out, "Vary"), "Cookie");
  EXPECT_FALSE(sessions.exists(key));
  request peek = with_cookie("/peek", key);
  EXPECT_EQ(handler(peek).body, "anonymous");
}

TEST_F(SessionMiddleware, ServerErrorsSaveNothing) {
  auto handler = app();
  for (const char* status : {"500", "503"}) {
    request r = make_request("GET", "/boom", std::string("status=") + status);
    response resp = handler(r);
    EXPECT_EQ(cookie_value(resp), "<absent>") << status;
    EXPECT_EQ(shared_server().command({"DBSIZE"}), "0") << status;
  }
  request client_error = make_request("GET", "/boom", "status=404");
  EXPECT_NE(cookie_value(handler(client_error)), "<absent>");  // only 5xx, as Django
}

TEST_F(SessionMiddleware, SessionDeletedDuringTheRequestGives400) {
  request first = make_request("GET", "/visit");
  auto plain = app();
  std::string key = cookie_value(plain(first));
  auto handler = http::session_middleware(sessions).wrap([&](request& r) {
    r.session->set("visits", 5);
    sessions.remove(key);  // another request logged out meanwhile
    return response::text(200, "saved?");
  });
  request r = with_cookie("/x", key);
  response resp = handler(r);
  EXPECT_EQ(resp.status, 400);
  EXPECT_EQ(cookie_value(resp), "<absent>");
}

TEST_F(SessionMiddleware, LoginWithoutTheMiddlewareIsAConfigError) {
  request r = make_request("GET", "/login");
  EXPECT_THROW(http::login(r, "alice"), config_error);
  EXPECT_FALSE(http::logged_in_user(r));
}

}  // namespace
}  // namespace rediscache::test
