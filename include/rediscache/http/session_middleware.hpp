#pragma once

#include <rediscache/http/response.hpp>
#include <rediscache/session/session_cookie.hpp>
#include <rediscache/session/session_store.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace rediscache::http {

/// session_middleware settings, named after Django's.
struct session_middleware_options {
  session_cookie_options cookie;    ///< SESSION_COOKIE_NAME, _PATH, _DOMAIN, _SECURE, _HTTPONLY, _SAMESITE
  bool save_every_request = false;  ///< SESSION_SAVE_EVERY_REQUEST
};

/// Django's SessionMiddleware over a session_store. The wrapped handler finds the visitor's session
/// in request::session, loaded lazily from the cookie. Afterwards the session is saved and the
/// cookie set only when the session was modified (or on every request, when configured) and is not
/// empty; a cookie naming a session now empty is deleted; any response whose handler read the
/// session gets "Vary: Cookie". A 5xx response saves nothing. A session deleted while the request
/// ran (another tab logged out) gives 400, as Django's SessionInterrupted.
class session_middleware {
 public:
  /// Sessions kept in store.
  explicit session_middleware(const session_store& store, session_middleware_options options = {});

  /// The handler wrapped: it runs with request::session set.
  handler wrap(handler next) const;

  /// The settings given at construction.
  const session_middleware_options& options() const noexcept { return options_; }

 private:
  session_store store_;
  session_middleware_options options_;
};

/// The session key under which Django's auth keeps the logged-in user.
inline constexpr std::string_view auth_user_key = "_auth_user_id";

/// Django's auth.login(): a new session key (against session fixation), the old data kept unless
/// it belonged to another user (then it is flushed), and the user stored. Needs session_middleware
/// (throws config_error without it).
void login(request& req, std::string_view user_id);
/// Django's auth.logout(): the session's data and key are dropped, so the cookie is deleted.
void logout(request& req);
/// The logged-in user, or nothing (also without session_middleware).
std::optional<std::string> logged_in_user(request& req);

}  // namespace rediscache::http
