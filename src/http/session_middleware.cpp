#include <rediscache/http/session_middleware.hpp>

#include <rediscache/error.hpp>
#include <rediscache/session/session.hpp>

namespace rediscache::http {
namespace {

session& required_session(request& req, const char* what) {
  if (req.session == nullptr) {
    throw config_error(std::string(what) + " needs the session middleware around the handler");
  }
  return *req.session;
}

// Clears request::session when the handler returns or throws: the session lives on our stack.
struct attached {
  request& req;
  ~attached() { req.session = nullptr; }
};

}  // namespace

session_middleware::session_middleware(const session_store& store,
                                       session_middleware_options options)
    : store_(store), options_(std::move(options)) {}

handler session_middleware::wrap(handler next) const {
  return [store = store_, options = options_, next = std::move(next)](request& req) -> response {
    cookie_map cookies = req.cookies();
    auto cookie = cookies.find(options.cookie.name);
    bool had_cookie = cookie != cookies.end();
    session s = had_cookie ? store.open(cookie->second) : store.open();

    response r;
    {
      req.session = &s;
      attached detach{req};
      r = next(req);
    }

    if (had_cookie && s.is_empty()) {
      r.headers.add("Set-Cookie", format_set_cookie(expired_session_cookie(options.cookie)));
      patch_vary(r, {"Cookie"});
      return r;
    }
    if (s.accessed()) patch_vary(r, {"Cookie"});
    if ((s.modified() || options.save_every_request) && !s.is_empty() && r.status < 500) {
      try {
        s.save();
      } catch (const session_update_error&) {
        return response::text(400,
                              "The request's session was deleted before the request completed. "
                              "The user may have logged out in a concurrent request.\n");
      }
      r.headers.add("Set-Cookie", format_set_cookie(session_cookie(s, options.cookie)));
    }
    return r;
  };
}

void login(request& req, std::string_view user_id) {
  session& s = required_session(req, "login");
  auto current = s.get<std::string>(auth_user_key);
  if (current && *current != user_id) {
    s.flush();
  } else {
    s.cycle_key();
  }
  s.set(auth_user_key, std::string(user_id));
}

void logout(request& req) { required_session(req, "logout").flush(); }

std::optional<std::string> logged_in_user(request& req) {
  if (req.session == nullptr) return std::nullopt;
  return req.session->get<std::string>(auth_user_key);
}

}  // namespace rediscache::http
