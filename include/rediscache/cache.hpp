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
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
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

// The Django cache API in typed C++, over a backend (Redis, or in-process memory). Thread-safe.
// A miss is std::nullopt, never an exception. Keys are binary-safe and stored as
// "prefix:version:key" unless cache_options::make_key says otherwise. Integers are stored as plain
// decimal text so INCR and other clients see numbers; other values go through the alias'
// serializer and compressor. See cache_options for fail-open behaviour.
//
// A cache is a handle: copies share one alias (its options, statistics, backend and pool), are
// cheap, and keep it alive. So a handle obtained from a cache_registry stays valid however the
// registry changes afterwards; replacing an alias there only affects handles obtained later.
// One handle object may be used by many threads at once, but assigning to it while others use it
// is a race (as for std::shared_ptr).
class REDISCACHE_API cache {
 public:
  cache(std::shared_ptr<backend> storage, cache_options options = {});
  // "redis://...", "rediss://...", "unix://..." (see parse_url), "memory://[?max_entries=N]", or a
  // deployment: "redis+sentinel://..." or "redis+cluster://..." (see README, Topologies).
  static cache from_url(std::string_view url, cache_options options = {});
  cache(const cache&) noexcept;
  cache& operator=(const cache&) noexcept;
  cache(cache&&) noexcept;
  cache& operator=(cache&&) noexcept;
  ~cache();

  // ---- reads
  template <class T>
  std::optional<T> get(std::string_view key, key_version v = {}) const {
    auto raw = read("get", key, v);
    if (!raw) return std::nullopt;
    return decode<T>(key, *raw);
  }
  template <class T>
  T get(std::string_view key, T default_value, key_version v = {}) const {
    auto found = get<T>(key, v);
    return found ? std::move(*found) : std::move(default_value);
  }
  // The keys found, in one MGET; missing keys are absent from the map.
  template <class T>
  std::map<std::string, T> get_many(const std::vector<std::string>& keys, key_version v = {}) const {
    auto raws = read_many(keys, v);
    std::map<std::string, T> found;
    for (std::size_t i = 0; i < raws.size(); ++i) {
      if (raws[i]) found.insert_or_assign(keys[i], decode<T>(keys[i], *raws[i]));
    }
    return found;
  }
  bool has_key(std::string_view key, key_version v = {}) const;

  // ---- writes
  template <class T>
  bool set(std::string_view key, const T& value, cache_timeout timeout = {},
           set_mode mode = set_mode::always, key_version v = {}) const {
    return write("set", key, encode(key, value), stores_plain_integer<T>, timeout, mode, v);
  }
  bool set(std::string_view key, const char* value, cache_timeout timeout = {},
           set_mode mode = set_mode::always, key_version v = {}) const {
    return set(key, std::string(value), timeout, mode, v);
  }
  // Stores only when the key is absent.
  template <class T>
  bool add(std::string_view key, const T& value, cache_timeout timeout = {}, key_version v = {}) const {
    return set(key, value, timeout, set_mode::if_absent, v);
  }
  // The cached value, or, on a miss, source (a value, or a callable run only on a miss) stored
  // with add() and returned. Not atomic, as in Django: when another writer wins the race, its
  // value is returned.
  template <class T = void, class Source>
  auto get_or_set(std::string_view key, Source&& source, cache_timeout timeout = {},
                  key_version v = {}) const {
    using value_type =
        std::conditional_t<std::is_void_v<T>, typename detail::source_value<Source>::type, T>;
    if (auto found = get<value_type>(key, v)) return std::move(*found);
    value_type fresh = [&]() -> value_type {
      if constexpr (std::is_invocable_v<Source>) return source();
      else return value_type(std::forward<Source>(source));
    }();
    if (add(key, fresh, timeout, v)) return fresh;
    auto winner = get<value_type>(key, v);
    return winner ? std::move(*winner) : fresh;
  }
  // Stores every pair in one pipeline; returns the keys that were not stored (empty on success).
  template <class Map>
  std::vector<std::string> set_many(const Map& items, cache_timeout timeout = {},
                                    key_version v = {}) const {
    using value_type = std::decay_t<decltype(std::declval<const Map&>().begin()->second)>;
    std::vector<std::pair<std::string, std::string>> encoded;
    for (const auto& [key, value] : items) {
      std::string k(key);
      std::string data = encode(k, value);
      encoded.emplace_back(std::move(k), std::move(data));
    }
    return write_many(std::move(encoded), stores_plain_integer<value_type>, timeout, v);
  }
  bool remove(std::string_view key, key_version v = {}) const;
  std::size_t remove_many(const std::vector<std::string>& keys, key_version v = {}) const;
  // True when the key exists, also when it already had no expiry; zero or less deletes it.
  bool touch(std::string_view key, cache_timeout timeout = {}, key_version v = {}) const;

  // ---- counters
  // Every count, delta and version is a 64-bit integer, exact over its whole range.
  // Atomically adds delta, keeping the expiry. Throws key_not_found_error for a missing key,
  // overflow_error past the 64-bit range, codec_error when the value is not an integer.
  std::int64_t incr(std::string_view key, std::int64_t delta = 1, key_version v = {}) const;
  std::int64_t decr(std::string_view key, std::int64_t delta = 1, key_version v = {}) const;
  // As incr, but a missing key is created at delta in the same atomic step (django-redis'
  // ignore_key_check), with timeout as its expiry (the alias' default unless given; a timeout of
  // zero or less is a config_error). An existing key keeps its expiry.
  std::int64_t incr_or_create(std::string_view key, std::int64_t delta = 1,
                              cache_timeout timeout = {}, key_version v = {}) const;
  // Moves the value from version v to v + delta, keeping its expiry; returns the new version.
  // overflow_error when the new version would pass the 64-bit range.
  std::int64_t incr_version(std::string_view key, std::int64_t delta = 1, key_version v = {}) const;
  std::int64_t decr_version(std::string_view key, std::int64_t delta = 1, key_version v = {}) const;

  // ---- expiry (django-redis extras)
  key_ttl ttl(std::string_view key, key_version v = {}) const;   // remaining time in whole seconds
  key_ttl pttl(std::string_view key, key_version v = {}) const;  // remaining time in milliseconds
  // A new expiry for an existing key, as touch(): the alias' default unless given, forever
  // removes the expiry, zero or less deletes. True when the key existed.
  bool expire(std::string_view key, cache_timeout timeout = {}, key_version v = {}) const;
  bool pexpire(std::string_view key, cache_timeout timeout = {}, key_version v = {}) const;
  // Expires at an absolute time, kept to the millisecond (finer parts are dropped, as Redis'
  // PEXPIREAT keeps them); a time in the past deletes the key, one more than
  // cache_timeout::longest ahead means forever. True when the key existed.
  bool expire_at(std::string_view key, std::chrono::system_clock::time_point when,
                 key_version v = {}) const;
  bool persist(std::string_view key, key_version v = {}) const;

  // ---- patterns (glob: * ? [..]; the prefix and version are escaped, the pattern is not)
  // Arguments in the order of every other call: the key (here a pattern), the version, then
  // what only this call has (the SCAN COUNT; 0 means cache_options::scan_batch).
  std::vector<std::string> keys(std::string_view pattern, key_version v = {}) const;
  key_range iter_keys(std::string_view pattern, key_version v = {}, std::size_t batch = 0) const;
  // Deletes the matching keys with SCAN and pipelined UNLINK; returns how many.
  std::size_t delete_pattern(std::string_view pattern, key_version v = {}, std::size_t batch = 0) const;

  // ---- whole cache
  // FLUSHDB: wipes the whole database, not only this alias' keys (as Django's clear()).
  void clear() const;
  // Closes the alias for every handle sharing it: later calls throw closed_error, and its use of
  // the connection pool ends. The pool's connections close when no open alias uses it any more;
  // a pool shared with other aliases of a registry stays open for them.
  void close() const;

  cache_stats stats() const;
  const cache_options& options() const noexcept;
  // The backend and codec this alias shares with its handles (a handle's constness is shallow).
  backend& storage() const noexcept;
  const value_codec& values() const noexcept;
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
  // Takes data over, so a codec may reuse the fetched buffer.
  template <class T>
  T decode(std::string_view key, std::string& data) const {
    try {
      return codec<T>::decode(std::move(data), value_serializer());
    } catch (const std::exception& e) {
      decode_failed(key, e);
    }
  }

  const serializer& value_serializer() const noexcept;
  [[noreturn]] void encode_failed(std::string_view key, const std::exception& e) const;
  [[noreturn]] void decode_failed(std::string_view key, const std::exception& e) const;
  std::optional<std::string> read(const char* operation, std::string_view key, key_version v) const;
  std::string unpack(std::string_view key, std::string stored) const;
  std::vector<std::optional<std::string>> read_many(const std::vector<std::string>& keys,
                                                    key_version v) const;
  bool write(const char* operation, std::string_view key, std::string data, bool plain_integer,
             cache_timeout timeout, set_mode mode, key_version v) const;
  std::vector<std::string> write_many(std::vector<std::pair<std::string, std::string>> items,
                                      bool plain_integer, cache_timeout timeout, key_version v) const;

  std::shared_ptr<state> state_;
};

}  // namespace rediscache
