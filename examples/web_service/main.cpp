// A small shop on cpp-httplib and Redis: cached catalogue pages (Vary: Accept-Language) with a
// cached sidebar fragment and a memoized summary, login and logout with a rotated session key, a
// cart in the session, a leaderboard on a sorted set, and rate limits on logins (per address) and
// on the JSON API (per user).
//
//   example_web_service [redis-url] [port]      (or REDIS_URL and PORT in the environment)
#include "shop.hpp"

#include <rediscache/error.hpp>
#include <rediscache/http/rate_limit_middleware.hpp>
#include <rediscache/http/response_cache.hpp>
#include <rediscache/http/session_middleware.hpp>
#include <rediscache/httplib/adapter.hpp>

#include <httplib.h>

#include <csignal>
#include <cstdlib>
#include <iostream>
#include <thread>

namespace {

std::string setting(int argc, char** argv, int index, const char* env, const char* fallback) {
  if (argc > index) return argv[index];
  const char* value = std::getenv(env);
  return value != nullptr && *value != '\0' ? value : fallback;
}

rediscache::http::rate_limit_rule limit(std::string name, std::int64_t count,
                                        std::chrono::milliseconds window,
                                        rediscache::http::rate_limit_by by) {
  rediscache::http::rate_limit_rule rule;
  rule.limit.name = std::move(name);
  rule.limit.limit = count;
  rule.limit.window = window;
  rule.limit.algorithm = rediscache::rate_limit_algorithm::sliding_window;
  rule.by = by;
  return rule;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace rediscache;
  namespace web = rediscache::http;
  std::string url = setting(argc, argv, 1, "REDIS_URL", "redis://127.0.0.1:6379/0");
  int port = std::stoi(setting(argc, argv, 2, "PORT", "8080"));

  // SIGINT and SIGTERM stop the server from a thread of their own (no work in a signal handler).
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  try {
    shop::services services{cache::from_url(url), client::from_url(url)};
    web::response_cache catalogue_cache(services.store, {"catalogue", std::chrono::seconds(300)});
    web::response_cache board_cache(services.store, {"leaderboard", std::chrono::seconds(5)});
    web::session_middleware sessions{session_store(services.store)};

    web::rate_limit_middleware_options login_limits;
    login_limits.rules.push_back(
        limit("login", 5, std::chrono::minutes(1), web::rate_limit_by::client_address));
    login_limits.rules.back().methods = {"POST"};
    login_limits.denied_page = shop::too_many_logins;
    web::rate_limit_middleware login_limit(services.store, login_limits);

    web::rate_limit_middleware_options api_limits;
    api_limits.rules.push_back(
        limit("api", 60, std::chrono::minutes(1), web::rate_limit_by::user_or_address));
    web::rate_limit_middleware api_limit(services.store, api_limits);

    auto view = [&services](shop::response (*fn)(shop::services&, shop::request&)) {
      return web::handler([&services, fn](shop::request& r) { return fn(services, r); });
    };

    httplib::Server server;
    server.set_tcp_nodelay(true);  // otherwise Nagle and delayed ACKs add ~40 ms to small replies
    // The response cache sits outside the session middleware, so it sees "Vary: Cookie" on
    // every page that read the session; the catalogue reads none and is shared by all visitors.
    server.Get("/", httplib_adapter::wrap(catalogue_cache.wrap(view(shop::product_list))));
    server.Get(R"(/products/\d+)",
               httplib_adapter::wrap(catalogue_cache.wrap(view(shop::product_detail))));
    // The catalogue without its cache, for bench/web_bench.sh to compare against.
    server.Get("/uncached", httplib_adapter::wrap(view(shop::product_list)));
    server.Get("/leaderboard", httplib_adapter::wrap(board_cache.wrap(view(shop::leaderboard))));
    server.Get("/login", httplib_adapter::wrap(sessions.wrap(view(shop::login_form))));
    server.Post("/login",
                httplib_adapter::wrap(login_limit.wrap(sessions.wrap(view(shop::login_submit)))));
    server.Post("/logout", httplib_adapter::wrap(sessions.wrap(view(shop::logout_submit))));
    server.Get("/cart", httplib_adapter::wrap(sessions.wrap(view(shop::cart_page))));
    server.Post("/cart/add", httplib_adapter::wrap(sessions.wrap(view(shop::cart_add))));
    server.Get("/api/cart",
               httplib_adapter::wrap(sessions.wrap(api_limit.wrap(view(shop::cart_api)))));

    if (port == 0) {
      port = server.bind_to_any_port("127.0.0.1");
    } else if (!server.bind_to_port("127.0.0.1", port)) {
      port = -1;
    }
    if (port <= 0) {
      std::cerr << "web_service: cannot listen on 127.0.0.1:" << port << "\n";
      return 1;
    }
    std::thread stopper([&] {
      int received = 0;
      sigwait(&stop_signals, &received);
      server.stop();
    });
    stopper.detach();
    std::cout << "web_service: listening on http://127.0.0.1:" << port << "/" << std::endl;
    server.listen_after_bind();
    return 0;
  } catch (const rediscache::error& e) {
    std::cerr << "web_service: " << e.what() << "\n";
    return 1;
  }
}
