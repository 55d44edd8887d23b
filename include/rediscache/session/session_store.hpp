#pragma once

#include <rediscache/export.hpp>
#include <rediscache/session/session.hpp>
#include <rediscache/session/session_options.hpp>

#include <memory>
#include <string>
#include <string_view>

namespace rediscache {

class cache;

namespace detail {
class session_engine;
}

/// Django's cache session engine (SESSION_ENGINE = "django.contrib.sessions.backends.cache") over
/// a rediscache::cache: sessions live under the cache key key_prefix + session_key, as the session
/// dict through the alias' serializer, with the expiry age as TTL. Thread-safe: make one per
/// application and open() one session per request.
///
///   rediscache::session_store store(cache);
///   auto s = store.open(cookies["sessionid"]);   // nothing is read yet
///   s.set("cart", std::vector<int>{1, 2});
///   s.save();                                     // creates the session when it had no key
///
/// On a Redis cache, cycle_key() and the absolute-timeout check run as Lua scripts, each one atomic
/// step. On the memory backend the store works through the cache API alone, in several steps.
class REDISCACHE_API session_store {
 public:
  /// Keeps a reference to c, which must outlive the store and every session opened from it and
  /// must not be moved from meanwhile (a cache_registry's caches stay put).
  /// Throws config_error for a cache with the raw serializer (a session is a JSON object) and for
  /// options out of range.
  explicit session_store(const cache& c, session_options options = {});

  /// A new, empty session without a key: save() creates it.
  session open() const;
  /// The session named by a cookie value. Nothing is read until the data is accessed; an invalid
  /// key (is_valid_session_key) is dropped at once.
  session open(std::string_view session_key) const;

  /// Whether the store has a session under this key.
  bool exists(std::string_view session_key) const;
  /// Deletes the session; true when there was one.
  bool remove(std::string_view session_key) const;
  /// The key given to the cache: key_prefix + session_key. The cache stores it as
  /// cache.make_key(cache_key(k)), ":1:django.contrib.sessions.cache<k>" by default.
  std::string cache_key(std::string_view session_key) const;
  /// True on Redis, where cycle_key() and the absolute timeout are single Lua scripts.
  bool atomic() const noexcept;
  /// The options the store was made with.
  const session_options& options() const noexcept;

 private:
  std::shared_ptr<const detail::session_engine> engine_;
};

}  // namespace rediscache
