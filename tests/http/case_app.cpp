#include "http/case_app.hpp"

#include <rediscache/http/rate_limit_middleware.hpp>
#include <rediscache/http/response_cache.hpp>
#include <rediscache/http/session_middleware.hpp>
#include <rediscache/session/session.hpp>

namespace rediscache::test {

using http::request;
using http::response;

case_app make_case_app(const cache& store, const cache& down) {
  case_app app;
  auto renders = app.renders;
  http::handler views = [renders](request& r) -> response {
    ++*renders;
    if (r.path == "/page") {
      response page = response::text(
          200, "hello in " + r.headers.get("Accept-Language").value_or("any") + " #" +
                   std::to_string(renders->load()));
      page.headers.set("Vary", "Accept-Language");
      return page;
    }
    if (r.path == "/private") {
      response page = response::text(200, "private #" + std::to_string(renders->load()));
      page.headers.set("Cache-Control", "private");
      return page;
    }
    if (r.path == "/cookie") {
      response page = response::text(200, "cookie #" + std::to_string(renders->load()));
      page.headers.add("Set-Cookie", "seen=1; Path=/");
      return page;
    }
    if (r.path == "/login") {
      http::login(r, r.form_param("user").value_or(""));
      if (auto seconds = r.form_param("expire")) {
        r.session->set_expiry(std::chrono::seconds(std::stoi(*seconds)));
      }
      return response::text(200, "welcome");
    }
    if (r.path == "/whoami") {
      response page = response::text(200, "user " + http::logged_in_user(r).value_or("anonymous"));
      page.headers.set("Cache-Control", "private");
      return page;
    }
    if (r.path == "/echo") {
      response page = response::text(
          200, r.method + " " + r.scheme + "://" + r.host + r.path + " q=" +
                   r.query_param("q").value_or("-") + " addr=" + r.client_address + " cookie=" +
                   [&] {
                     auto cookies = r.cookies();
                     auto it = cookies.find("flavour");
                     return it == cookies.end() ? std::string("-") : it->second;
                   }() +
                   " header=" + r.headers.get("X-Test").value_or("-") + " body=" + r.body);
      page.headers.set("Cache-Control", "no-store");
      page.headers.add("Set-Cookie", "a=1; Path=/");
      page.headers.add("Set-Cookie", "b=2; Path=/");
      page.headers.set("X-Custom", "yes");
      return page;
    }
    if (r.path == "/me") {
      return response::text(200, "user " + http::logged_in_user(r).value_or("anonymous"));
    }
    return response::text(404, "not found");
  };
  // The cache outside the sessions, as Django orders its middleware: it then sees the
  // "Vary: Cookie" of every page that read the session.
  http::response_cache pages(store);
  http::handler cached = pages.wrap(http::session_middleware(session_store(store)).wrap(views));

  http::rate_limit_middleware_options limits;
  http::rate_limit_rule limited;
  limited.limit.name = "cases";
  limited.limit.algorithm = rate_limit_algorithm::fixed_window;
  limited.limit.limit = 2;
  limited.limit.window = std::chrono::minutes(1);
  limited.path_prefix = "/limited";
  limits.rules.push_back(limited);
  http::handler limited_route = http::rate_limit_middleware(store, limits).wrap(
      [](request&) { return response::text(200, "within the limit"); });

  http::rate_limit_middleware_options outage;
  http::rate_limit_rule open_rule = limited;
  open_rule.path_prefix = "/fail-open";
  outage.rules.push_back(open_rule);
  http::handler fail_open = http::rate_limit_middleware(down, outage).wrap(
      http::response_cache(down).wrap([](request&) { return response::text(200, "still up"); }));

  app.handler = [=](request& r) -> response {
    if (r.path.rfind("/limited", 0) == 0) return limited_route(r);
    if (r.path == "/fail-open") return fail_open(r);
    return cached(r);
  };
  return app;
}

}  // namespace rediscache::test
