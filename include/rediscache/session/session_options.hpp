#pragma once

#include <rediscache/cache_timeout.hpp>

#include <chrono>
#include <functional>
#include <optional>
#include <string>

namespace rediscache {

/// Makes a new session key. It is called from any thread that creates sessions, so it must be
/// thread-safe, and it must return a key is_valid_session_key() accepts. Tests inject one to force
/// collisions; production code keeps the default, new_session_key().
using session_key_generator = std::function<std::string()>;

/// The longest cookie_age or absolute_timeout a store takes, and the longest expiry age a session
/// reads from its data (longer stored ages are clamped to it): the cache's longest timeout,
/// 36,500 days (100 years), so the cache keeps it as a duration. Now plus this stays inside
/// system_clock's range (nanoseconds, up to 2262) and far below 2^53 ms, where the Lua scripts
/// compute exactly.
inline constexpr std::chrono::seconds max_session_age =
    std::chrono::duration_cast<std::chrono::seconds>(cache_timeout::longest);

/// How a session_store keeps sessions. Every default is Django's.
struct session_options {
  /// KEY_PREFIX of Django's cache session engine. The session lives in the cache under
  /// key_prefix + session_key, and the cache adds its own "prefix:version:" in front, giving
  /// ":1:django.contrib.sessions.cache<key>" by default.
  std::string key_prefix = "django.contrib.sessions.cache";
  /// SESSION_COOKIE_AGE: the expiry age unless set_expiry() gave seconds or a date. The expiry age
  /// is the idle timeout: the server-side TTL, which each save() and touch() starts again.
  /// Positive, at most max_session_age.
  std::chrono::seconds cookie_age{1209600};
  /// SESSION_EXPIRE_AT_BROWSER_CLOSE: get_expire_at_browser_close() when set_expiry() was not
  /// called.
  bool expire_at_browser_close = false;
  /// A lifetime counted from the session's creation that no save() or touch() extends (OWASP's
  /// absolute timeout). Empty, as in Django, turns it off. When set, each session stores its
  /// creation time as "_session_created_at" (Unix seconds) and the server-side TTL never reaches
  /// past creation + absolute_timeout. Positive when set, at most max_session_age.
  std::optional<std::chrono::milliseconds> absolute_timeout;
  /// create() and cycle_key() give up after this many keys that were already taken.
  int max_create_attempts = 10000;
  /// Empty: new_session_key().
  session_key_generator key_generator;
};

}  // namespace rediscache
