#pragma once

#include <rediscache/export.hpp>
#include <rediscache/session/cookie.hpp>

#include <chrono>
#include <optional>
#include <string>

namespace rediscache {

class session;

/// Django's SESSION_COOKIE_* settings, with Django's defaults.
struct session_cookie_options {
  std::string name = "sessionid";  ///< SESSION_COOKIE_NAME
  std::string path = "/";          ///< SESSION_COOKIE_PATH
  std::string domain;              ///< SESSION_COOKIE_DOMAIN; empty: this host only
  bool secure = false;             ///< SESSION_COOKIE_SECURE
  bool http_only = true;           ///< SESSION_COOKIE_HTTPONLY
  std::optional<same_site_policy> same_site = same_site_policy::lax;  ///< SESSION_COOKIE_SAMESITE
};

/// The cookie Django's SessionMiddleware sets after saving s: its key as the value and, unless
/// the session expires at browser close, Max-Age = get_expiry_age() and Expires = now + that.
/// Throws session_error when s has no key (save it first).
REDISCACHE_API set_cookie session_cookie(session& s, const session_cookie_options& options = {},
                                         std::chrono::system_clock::time_point now =
                                             std::chrono::system_clock::now());

/// The cookie that deletes the session cookie in the browser, as Django's delete_cookie(): an
/// empty value, Max-Age=0 and Expires in 1970.
REDISCACHE_API set_cookie expired_session_cookie(const session_cookie_options& options = {});

}  // namespace rediscache
