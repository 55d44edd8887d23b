// Sessions as Django keeps them in its cache, across the requests of one visitor: a cart before
// login, the cookie round trip, a new key at login, logout, and a session created under a key of
// the application's own.
#include <rediscache/cache.hpp>
#include <rediscache/error.hpp>
#include <rediscache/session/session_cookie.hpp>
#include <rediscache/session/session_key.hpp>
#include <rediscache/session/session_store.hpp>

#include <iostream>
#include <string>
#include <vector>

using namespace std::chrono_literals;

int main(int argc, char** argv) {
  const std::string url = argc > 1 ? argv[1] : "redis://127.0.0.1:6379/0";
  try {
    auto cache = rediscache::cache::from_url(url);
    rediscache::session_store store(cache);  // Django's defaults: 14 days, sessionid cookie
    rediscache::session_cookie_options cookie_settings;

    // Request 1: an anonymous visitor fills a cart. A new session is created by save().
    auto anonymous = store.open();
    anonymous.set("cart", std::vector<std::string>{"tea", "scones"});
    anonymous.save();
    const std::string set_cookie =
        rediscache::format_set_cookie(rediscache::session_cookie(anonymous, cookie_settings));
    std::cout << "request 1: cart saved, Set-Cookie: "
              << set_cookie.substr(set_cookie.find(';') + 2) << "\n";

    // The browser sends the cookie back with others; only its value crosses into request 2.
    const std::string cookie_header =
        "theme=dark; " + cookie_settings.name + "=" + *anonymous.session_key();
    const auto cookies = rediscache::parse_cookie_header(cookie_header);

    // Request 2: the visitor logs in. A new key stops anyone who learnt the old one (fixation).
    auto request = store.open(cookies.at(cookie_settings.name));
    std::cout << "request 2: cart has " << request.get<std::vector<std::string>>("cart")->size()
              << " items\n";
    const std::string anonymous_key = *request.session_key();
    request.cycle_key();
    request.set("_auth_user_id", std::string("42"));
    request.save();
    std::cout << "login: key rotated: " << std::boolalpha
              << (*request.session_key() != anonymous_key)
              << ", old key still stored: " << store.exists(anonymous_key)
              << ", user id: " << request.get<std::string>("_auth_user_id").value_or("?") << "\n";
    std::cout << "expires in " << request.get_expiry_age().count() << " s\n";

    // Request 3: logout. The stored session goes, and the browser is told to drop the cookie.
    auto logout = store.open(*request.session_key());
    const std::string logged_in_key = *logout.session_key();
    logout.flush();
    std::cout << "logout: session stored: " << store.exists(logged_in_key) << ", Set-Cookie: "
              << rediscache::format_set_cookie(rediscache::expired_session_cookie(cookie_settings))
              << "\n";

    // A session under a key the application chose (Django's save(must_create=True)): created
    // once, in one SET NX; a second creator is refused and the first one's data stays.
    const std::string device_key = rediscache::new_session_key();
    for (const char* device : {"kiosk-7", "kiosk-8"}) {
      auto claim = store.open(device_key);
      claim.clear();  // start empty rather than load
      claim.set("device", std::string(device));
      try {
        claim.save(rediscache::save_mode::must_create);
      } catch (const rediscache::session_create_error&) {
        std::cout << "must_create: " << device << " refused, the session belongs to "
                  << store.open(device_key).get<std::string>("device").value_or("?") << "\n";
      }
    }
    store.remove(device_key);

    // A stale cookie now reads as an empty session and writes nothing.
    auto stale = store.open(logged_in_key);
    std::cout << "stale cookie: " << (stale.items().empty() ? "empty session" : "still logged in")
              << "\n";
    return stale.items().empty() && !store.exists(anonymous_key) ? 0 : 1;
  } catch (const rediscache::error& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
}
