#pragma once

#include <rediscache/cache.hpp>
#include <rediscache/cache_timeout.hpp>
#include <rediscache/export.hpp>

#include <nlohmann/json.hpp>

#include <string>
#include <type_traits>
#include <utility>

namespace rediscache {

namespace detail {
// Lower-case hex SHA-1 of text: stable across processes, platforms and library versions.
REDISCACHE_API std::string stable_hash(std::string_view text);
}  // namespace detail

/// A function whose results are cached: calling it with arguments already seen (within the
/// timeout) returns the cached result without running the function. The key is
/// "<name>:<SHA-1 of the arguments as JSON>", so arguments must convert to nlohmann::json and the
/// result must be storable in the cache. Safe to call from many threads; as get_or_set, two
/// concurrent misses may both run the function.
template <class Fn>
class memoized {
 public:
  /// Keeps a handle to store (see cache), so the memoized function stays valid on its own.
  memoized(const cache& store, std::string name, cache_timeout timeout, Fn fn)
      : cache_(store), name_(std::move(name)), timeout_(timeout), fn_(std::move(fn)) {}

  /// The cached result for these arguments, or fn(args...) run and stored on a miss.
  template <class... Args>
  auto operator()(const Args&... args) const {
    using result = std::decay_t<std::invoke_result_t<const Fn&, const Args&...>>;
    return cache_.template get_or_set<result>(key_for(args...), [&] { return fn_(args...); }, timeout_);
  }

  /// Drops the cached result for these arguments; true when there was one.
  template <class... Args>
  bool forget(const Args&... args) const {
    return cache_.remove(key_for(args...));
  }

  /// The cache key used for these arguments.
  template <class... Args>
  std::string key_for(const Args&... args) const {
    nlohmann::json parts = nlohmann::json::array();
    (parts.push_back(nlohmann::json(args)), ...);
    return name_ + ":" + detail::stable_hash(parts.dump());
  }

 private:
  cache cache_;
  std::string name_;
  cache_timeout timeout_;
  Fn fn_;
};

/// memoize(cache, "prices.lookup", std::chrono::minutes(5), [](int id) { return slow(id); })
template <class Fn>
memoized<std::decay_t<Fn>> memoize(const cache& store, std::string name, cache_timeout timeout, Fn&& fn) {
  return memoized<std::decay_t<Fn>>(store, std::move(name), timeout, std::forward<Fn>(fn));
}

}  // namespace rediscache
