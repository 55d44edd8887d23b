#pragma once

#include <rediscache/backend.hpp>
#include <rediscache/cache_options.hpp>
#include <rediscache/cache_stats.hpp>
#include <rediscache/cache_timeout.hpp>
#include <rediscache/codec.hpp>
#include <rediscache/compressor.hpp>
#include <rediscache/export.hpp>
#include <rediscache/key_range.hpp>
#include <rediscache/key_ttl.hpp>
#include <rediscache/key_version.hpp>
#include <rediscache/serializer.hpp>
#include <rediscache/set_mode.hpp>
#include <rediscache/value_codec.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <typeinfo>
#include <utility>
#include <vector>

namespace rediscache {

namespace detail {
// What get_or_set stores: the callable's result, or the value itself (string literals as strings).
template <class Source, class = void>
struct source_value {
  using type = std::conditional_t<std::is_convertible_v<std::decay_t<Source>, std::string_view> &&
                                      !std::is_same_v<std::decay_t<Source>, std::string>,
                                  std::string, std::decay_t<Source>>;
};
template <class Source>
struct source_value<Source, std::enable_if_t<std::is_invocable_v<Source>>> {
  using type = std::decay_t<std::invoke_result_t<Source>>;
};
}  // namespace detail

/// The Django cache API in typed C++, over a backend (Redis, or in-process memory). Thread-safe.
/// A miss is std::nullopt, never an exception. Keys are binary-safe and stored as
/// "prefix:version:key" unless cache_options::make_key says otherwise. Integers are stored as plain
/// decimal text so INCR and other clients see numbers; other values go through the alias'
/// serializer and compressor. See cache_options for fail-open behaviour.
///
/// A cache is a handle: copies share one alias (its options, statistics, backend and pool), are
/// cheap, and keep it alive. So a handle obtained from a cache_registry stays valid however the
/// registry changes afterwards; replacing an alias there only affects handles obtained later.
/// One handle object may be used by many threads at once, but assigning to it while others use it
/// is a race (as for std::shared_ptr).
class REDISCACHE_API cache {
 public:
  /// A cache over \p storage with \p options (an alias of its own: statistics, codec, prefix).
  cache(std::shared_ptr<backend> storage, cache_options options = {});
  /// "redis://...", "rediss://...", "unix://..." (see parse_url), "memory://[?max_entries=N]", or a
  /// deployment: "redis+sentinel://..." or "redis+cluster://..." (see docs/topologies.md).
  static cache from_url(std::string_view url, cache_options options = {});
  ///@{
  /// Copies and moves are cheap; copies share one alias.
  cache(const cache&) noexcept;
  cache& operator=(const cache&) noexcept;
  cache(cache&&) noexcept;
  cache& operator=(cache&&) noexcept;
  ///@}
  ~cache();

  // ---- reads
  template <class T>
  /// The value under key as a T; std::nullopt on a miss. codec_error when it is not a T.
  std::optional<T> get(std::string_view key, key_version v = {}) const {
    auto raw = read("get", key, v);
    if (!raw) return std::nullopt;
    return decode<T>(key, *raw);
  }
  template <class T>
  /// The value under key as a T, or default_value on a miss.
  T get(std::string_view key, T default_value, key_version v = {}) const {
    auto found = get<T>(key, v);
    return found ? std::move(*found) : std::move(default_value);
  }
  /// The keys found, in one MGET; missing keys are absent from the map.
  template <class T>
  std::map<std::string, T> get_many(const std::vector<std::string>& keys, key_version v = {}) const {
    auto raws = read_many(keys, v);
    std::map<std::string, T> found;
    for (std::size_t i = 0; i < raws.size(); ++i) {
      if (raws[i]) found.insert_or_assign(keys[i], decode<T>(keys[i], *raws[i]));
    }
    return found;
  }
  /// The same MGET shaped as the keys: entry i is keys[i]'s value, or nullopt when it is missing.
  /// Cheaper than the map (no node or key copy per entry; strings are decoded in the fetched
  /// buffer), so prefer it for large batches.
  template <class T>
  std::vector<std::optional<T>> get_many_vector(const std::vector<std::string>& keys,
                                                key_version v = {}) const {
    auto raws = read_many(keys, v);
    if constexpr (std::is_same_v<T, std::string>) {
      for (std::size_t i = 0; i < raws.size(); ++i) {
        if (raws[i]) *raws[i] = decode<T>(keys[i], *raws[i]);
      }
      return raws;
    } else {
      std::vector<std::optional<T>> found(raws.size());
      for (std::size_t i = 0; i < raws.size(); ++i) {
        if (raws[i]) found[i].emplace(decode<T>(keys[i], *raws[i]));
      }
      return found;
    }
  }
  /// Whether the key exists.
  bool has_key(std::string_view key, key_version v = {}) const;

  // ---- writes
  template <class T>
  /// Stores value under key for timeout (the alias' default unless given); \p mode makes it
  /// conditional (set_mode). True when stored.
  bool set(std::string_view key, const T& value, cache_timeout timeout = {},
           set_mode mode = set_mode::always, key_version v = {}) const {
    return write("set", key, encode(key, value), stores_plain_integer<T>, timeout, mode, v);
  }
  /// \copydoc set(std::string_view, const T&, cache_timeout, set_mode, key_version) const
  bool set(std::string_view key, const char* value, cache_timeout timeout = {},
           set_mode mode = set_mode::always, key_version v = {}) const {
    return set(key, std::string(value), timeout, mode, v);
  }
  /// Stores only when the key is absent.
  template <class T>
  bool add(std::string_view key, const T& value, cache_timeout timeout = {}, key_version v = {}) const {
    return set(key, value, timeout, set_mode::if_absent, v);
  }
  /// The cached value, or, on a miss, source (a value, or a callable run only on a miss) stored
  /// with add() and returned. Not atomic, as in Django: when another writer wins the race, its
  /// value is returned. A callable is protected against stampedes as options().stampede says:
  /// by default concurrent misses in this process run it once and share its result (or the
  /// exception it threw); XFetch early recomputation and a cross-process lock are options.
  template <class T = void, class Source>
  auto get_or_set(std::string_view key, Source&& source, cache_timeout timeout = {},
                  key_version v = {}) const {
    using value_type =
        std::conditional_t<std::is_void_v<T>, typename detail::source_value<Source>::type, T>;
    if constexpr (std::is_invocable_v<Source>) {
      return get_or_compute<value_type>(key, source, timeout, v);
    } else {
      if (auto found = get<value_type>(key, v)) return std::move(*found);
      value_type fresh(std::forward<Source>(source));
      if (add(key, fresh, timeout, v)) return fresh;
      auto winner = get<value_type>(key, v);
      return winner ? std::move(*winner) : fresh;
    }
  }
  /// Stores every pair in one pipeline; returns the keys that were not stored (empty on success).
  template <class Map>
  std::vector<std::string> set_many(const Map& items, cache_timeout timeout = {},
                                    key_version v = {}) const {
    using value_type = std::decay_t<decltype(std::declval<const Map&>().begin()->second)>;
    // The keys stay in the caller's container while the pipeline is built from them.
    std::vector<std::pair<std::string_view, std::string>> encoded;
    encoded.reserve(items.size());
    for (const auto& [key, value] : items) {
      std::string_view k(key);
      encoded.emplace_back(k, encode(k, value));
    }
    return write_many(std::move(encoded), stores_plain_integer<value_type>, timeout, v);
  }
  /// Deletes the key; true when it existed.
  bool remove(std::string_view key, key_version v = {}) const;
  /// Deletes the keys in one call; returns how many existed.
  std::size_t remove_many(const std::vector<std::string>& keys, key_version v = {}) const;
  /// True when the key exists, also when it already had no expiry; zero or less deletes it.
  bool touch(std::string_view key, cache_timeout timeout = {}, key_version v = {}) const;

  // ---- counters
  // Every count, delta and version is a 64-bit integer, exact over its whole range.
  /// Atomically adds delta, keeping the expiry. Throws key_not_found_error for a missing key,
  /// overflow_error past the 64-bit range, codec_error when the value is not an integer.
  std::int64_t incr(std::string_view key, std::int64_t delta = 1, key_version v = {}) const;
  /// As incr(), subtracting delta.
  std::int64_t decr(std::string_view key, std::int64_t delta = 1, key_version v = {}) const;
  /// As incr, but a missing key is created at delta in the same atomic step (django-redis'
  /// ignore_key_check), with timeout as its expiry (the alias' default unless given; a timeout of
  /// zero or less is a config_error). An existing key keeps its expiry.
  std::int64_t incr_or_create(std::string_view key, std::int64_t delta = 1,
                              cache_timeout timeout = {}, key_version v = {}) const;
  /// Moves the value from version v to v + delta, keeping its expiry; returns the new version.
  /// overflow_error when the new version would pass the 64-bit range.
  std::int64_t incr_version(std::string_view key, std::int64_t delta = 1, key_version v = {}) const;
  /// As incr_version(), subtracting delta.
  std::int64_t decr_version(std::string_view key, std::int64_t delta = 1, key_version v = {}) const;

  // ---- expiry (django-redis extras)
  /// The remaining time in whole seconds.
  key_ttl ttl(std::string_view key, key_version v = {}) const;
  /// The remaining time in milliseconds.
  key_ttl pttl(std::string_view key, key_version v = {}) const;
  /// A new expiry for an existing key, as touch(): the alias' default unless given, forever
  /// removes the expiry, zero or less deletes. True when the key existed.
  bool expire(std::string_view key, cache_timeout timeout = {}, key_version v = {}) const;
  /// As expire(), to the millisecond.
  bool pexpire(std::string_view key, cache_timeout timeout = {}, key_version v = {}) const;
  /// Expires at an absolute time, kept to the millisecond (finer parts are dropped, as Redis'
  /// PEXPIREAT keeps them); a time in the past deletes the key, one more than
  /// cache_timeout::longest ahead means forever. True when the key existed.
  bool expire_at(std::string_view key, std::chrono::system_clock::time_point when,
                 key_version v = {}) const;
  /// Removes the key's expiry; true when the key existed.
  bool persist(std::string_view key, key_version v = {}) const;

  // ---- patterns (glob: * ? [..]; the prefix and version are escaped, the pattern is not)
  // Arguments in the order of every other call: the key (here a pattern), the version, then
  // what only this call has (the SCAN COUNT; 0 means cache_options::scan_batch).
  /// The matching keys as callers name them (without prefix and version), read with SCAN.
  std::vector<std::string> keys(std::string_view pattern, key_version v = {}) const;
  /// The matching keys, loaded one SCAN page (of batch keys) at a time as the range is iterated.
  key_range iter_keys(std::string_view pattern, key_version v = {}, std::size_t batch = 0) const;
  /// Deletes the matching keys with SCAN and pipelined UNLINK; returns how many.
  std::size_t delete_pattern(std::string_view pattern, key_version v = {}, std::size_t batch = 0) const;

  // ---- whole cache
  /// FLUSHDB: wipes the whole database, not only this alias' keys (as Django's clear()).
  void clear() const;
  /// Closes the alias for every handle sharing it: later calls throw closed_error, and its use of
  /// the connection pool ends. The pool's connections close when no open alias uses it any more;
  /// a pool shared with other aliases of a registry stays open for them.
  void close() const;

  /// A snapshot of this alias' counters (hits, misses, sets, ...).
  cache_stats stats() const;
  /// The near cache's counters; all zero when options().near_cache is off.
  near_cache_stats near_stats() const;
  /// The options the alias was made with.
  const cache_options& options() const noexcept;
  /// The backend and codec this alias shares with its handles (a handle's constness is shallow).
  backend& storage() const noexcept;
  /// The alias' serializer and compressor.
  const value_codec& values() const noexcept;
  /// The key as stored in Redis: "prefix:version:key", or what cache_options::make_key returns.
  std::string make_key(std::string_view key, key_version v = {}) const;

 private:
  friend class async_cache;  // runs the same calls without blocking, on the same state
  struct state;

  template <class T>
  std::string encode(std::string_view key, const T& value) const {
    try {
      return codec<T>::encode(value, value_serializer());
    } catch (const std::exception& e) {
      encode_failed(key, e);
    }
  }
  /// Takes data over, so a codec may reuse the fetched buffer.
  template <class T>
  T decode(std::string_view key, std::string& data) const {
    try {
      return codec<T>::decode(std::move(data), value_serializer());
    } catch (const std::exception& e) {
      decode_failed(key, e);
    }
  }

  // ---- get_or_set with a callable (src/cache/cache_stampede.cpp)
  struct fetched {
    std::optional<std::string> data;  // unpacked, or nullopt on a miss
    bool recompute_early = false;     // XFetch chose this caller to recompute
  };
  using erased = std::shared_ptr<const void>;
  using clock_time = std::chrono::steady_clock::time_point;
  fetched fetch_for_compute(std::string_view key, key_version v) const;
  // Runs work under the single flight and the cross-process lock the options ask for; nullptr
  // when an early recomputation was skipped because another process holds the lock.
  erased run_once(std::string_view key, key_version v, const char* type, bool early,
                  const std::function<erased()>& work) const;
  clock_time now() const;
  // Stores a computed value (add on a miss, set when replacing early) and, under XFetch, its
  // compute time; false when another writer's value won.
  bool store_computed(std::string_view key, std::string data, bool plain_integer,
                      cache_timeout timeout, key_version v, std::chrono::nanoseconds took,
                      bool replace) const;

  template <class T, class Compute>
  T get_or_compute(std::string_view key, Compute& compute, cache_timeout timeout,
                   key_version v) const {
    fetched current = fetch_for_compute(key, v);
    if (current.data && !current.recompute_early) return decode<T>(key, *current.data);
    const bool early = current.data.has_value();
    erased result = run_once(key, v, typeid(T).name(), early, [&]() -> erased {
      if (!early) {
        // Another flight, or another process under the lock, may have stored it meanwhile.
        if (auto found = get<T>(key, v)) return std::make_shared<const T>(std::move(*found));
      }
      const clock_time started = now();
      T fresh = compute();
      const auto took = now() - started;
      if (store_computed(key, encode(key, fresh), stores_plain_integer<T>, timeout, v, took, early)) {
        return std::make_shared<const T>(std::move(fresh));
      }
      auto winner = get<T>(key, v);
      return std::make_shared<const T>(winner ? std::move(*winner) : std::move(fresh));
    });
    if (!result) return decode<T>(key, *current.data);
    return *static_cast<const T*>(result.get());
  }

  const serializer& value_serializer() const noexcept;
  [[noreturn]] void encode_failed(std::string_view key, const std::exception& e) const;
  [[noreturn]] void decode_failed(std::string_view key, const std::exception& e) const;
  std::optional<std::string> read(const char* operation, std::string_view key, key_version v) const;
  std::optional<std::string> read_near(const char* operation, std::string_view key,
                                       key_version v) const;
  std::string unpack(std::string_view key, std::string stored) const;
  std::vector<std::optional<std::string>> read_many(const std::vector<std::string>& keys,
                                                    key_version v) const;
  bool write(const char* operation, std::string_view key, std::string data, bool plain_integer,
             cache_timeout timeout, set_mode mode, key_version v) const;
  std::vector<std::string> write_many(std::vector<std::pair<std::string_view, std::string>> items,
                                      bool plain_integer, cache_timeout timeout, key_version v) const;

  std::shared_ptr<state> state_;
};

}  // namespace rediscache
