#pragma once

#include <rediscache/cache.hpp>
#include <rediscache/command_result.hpp>
#include <rediscache/export.hpp>
#include <rediscache/multiplexed_executor.hpp>

#include <cstdint>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rediscache {

/// The main calls of a cache alias without blocking: each returns at once and its outcome arrives
/// in a future, or in a callback (run on the executor's I/O thread; it must not block). Same keys,
/// values, timeouts, fail-open behaviour and statistics as the cache's own calls, which read and
/// write the same entries. The alias must run on a multiplexed executor (executor=multiplexed).
class REDISCACHE_API async_cache {
 public:
  /// Receives a call's outcome: its value, or the error.
  template <class T>
  using callback = std::function<void(command_result<T>)>;

  /// unsupported_error unless c's backend is Redis on a multiplexed executor.
  explicit async_cache(cache c);

  ///@{
  /// The value of key, nullopt on a miss, as cache::get.
  template <class T>
  void get(std::string_view key, callback<std::optional<T>> done, key_version v = {}) const {
    read(key, v, [this, k = std::string(key), done = std::move(done)](
                     command_result<std::optional<std::string>> raw) {
      done(decoded<T>(k, std::move(raw)));
    });
  }
  template <class T>
  std::future<std::optional<T>> get(std::string_view key, key_version v = {}) const {
    return as_future<std::optional<T>>([&](auto done) { get<T>(key, std::move(done), v); });
  }
  ///@}

  ///@{
  /// Stores value under key, as cache::set: whether it was stored (set_mode decides).
  template <class T>
  void set(std::string_view key, const T& value, callback<bool> done, cache_timeout timeout = {},
           set_mode mode = set_mode::always, key_version v = {}) const {
    write(key, store_.values().encode(value), std::move(done), timeout, mode, v);
  }
  template <class T>
  std::future<bool> set(std::string_view key, const T& value, cache_timeout timeout = {},
                        set_mode mode = set_mode::always, key_version v = {}) const {
    return as_future<bool>([&](auto done) { set(key, value, std::move(done), timeout, mode, v); });
  }
  ///@}

  ///@{
  /// Deletes key, as cache::remove: whether it existed.
  void remove(std::string_view key, callback<bool> done, key_version v = {}) const;
  std::future<bool> remove(std::string_view key, key_version v = {}) const {
    return as_future<bool>([&](auto done) { remove(key, std::move(done), v); });
  }
  ///@}

  ///@{
  /// The values of keys, as cache::get_many. Keys missing from the result were misses.
  template <class T>
  void get_many(const std::vector<std::string>& keys, callback<std::map<std::string, T>> done,
                key_version v = {}) const {
    read_many(keys, v, [this, keys, done = std::move(done)](
                           command_result<std::vector<std::optional<std::string>>> raw) {
      done(decoded_many<T>(keys, std::move(raw)));
    });
  }
  template <class T>
  std::future<std::map<std::string, T>> get_many(const std::vector<std::string>& keys,
                                                 key_version v = {}) const {
    return as_future<std::map<std::string, T>>(
        [&](auto done) { get_many<T>(keys, std::move(done), v); });
  }
  ///@}

  ///@{
  /// Stores every key and value of items. The keys that were not stored come back (none on
  /// success), as cache::set_many.
  template <class Map>
  void set_many(const Map& items, callback<std::vector<std::string>> done,
                cache_timeout timeout = {}, key_version v = {}) const {
    std::vector<std::pair<std::string, std::string>> encoded;
    for (const auto& [key, value] : items) {
      encoded.emplace_back(std::string(key), store_.values().encode(value));
    }
    write_many(std::move(encoded), std::move(done), timeout, v);
  }
  template <class Map>
  std::future<std::vector<std::string>> set_many(const Map& items, cache_timeout timeout = {},
                                                 key_version v = {}) const {
    return as_future<std::vector<std::string>>(
        [&](auto done) { set_many(items, std::move(done), timeout, v); });
  }
  ///@}

  ///@{
  /// Adds delta to the integer at key and gives the new value. key_not_found_error for a missing
  /// key, overflow_error past the 64-bit range, as cache::incr.
  void incr(std::string_view key, std::int64_t delta, callback<std::int64_t> done,
            key_version v = {}) const;
  std::future<std::int64_t> incr(std::string_view key, std::int64_t delta = 1,
                                 key_version v = {}) const {
    return as_future<std::int64_t>([&](auto done) { incr(key, delta, std::move(done), v); });
  }
  ///@}

  /// The cache alias whose entries these calls read and write.
  const cache& store() const noexcept { return store_; }

 private:
  struct ops;
  using bytes = std::optional<std::string>;
  void read(std::string_view key, key_version v, callback<bytes> done) const;
  void read_many(const std::vector<std::string>& keys, key_version v,
                 callback<std::vector<bytes>> done) const;
  void write(std::string_view key, std::string data, callback<bool> done, cache_timeout timeout,
             set_mode mode, key_version v) const;
  void write_many(std::vector<std::pair<std::string, std::string>> items,
                  callback<std::vector<std::string>> done, cache_timeout timeout,
                  key_version v) const;
  [[noreturn]] void decode_failed(const std::string& key, const std::exception& e) const;

  template <class T>
  command_result<std::optional<T>> decoded(const std::string& key,
                                           command_result<bytes> raw) const {
    try {
      bytes stored = std::move(raw).value();
      if (!stored) return command_result<std::optional<T>>(std::optional<T>());
      return command_result<std::optional<T>>(std::optional<T>(decode<T>(key, *stored)));
    } catch (...) {
      return command_result<std::optional<T>>(std::current_exception());
    }
  }
  template <class T>
  command_result<std::map<std::string, T>> decoded_many(const std::vector<std::string>& keys,
                                                        command_result<std::vector<bytes>> raw) const {
    try {
      std::vector<bytes> stored = std::move(raw).value();
      std::map<std::string, T> found;
      for (std::size_t i = 0; i < stored.size(); ++i) {
        if (stored[i]) found.emplace(keys[i], decode<T>(keys[i], *stored[i]));
      }
      return command_result<std::map<std::string, T>>(std::move(found));
    } catch (...) {
      return command_result<std::map<std::string, T>>(std::current_exception());
    }
  }
  template <class T>
  T decode(const std::string& key, std::string& data) const {
    try {
      return codec<T>::decode(std::move(data), store_.values().value_serializer());
    } catch (const std::exception& e) {
      decode_failed(key, e);
    }
  }
  template <class T, class Start>
  static std::future<T> as_future(Start&& start) {
    auto promise = std::make_shared<std::promise<T>>();
    auto result = promise->get_future();
    start(callback<T>([promise](command_result<T> outcome) {
      try {
        promise->set_value(std::move(outcome).value());
      } catch (...) {
        promise->set_exception(std::current_exception());
      }
    }));
    return result;
  }

  cache store_;
  std::shared_ptr<multiplexed_executor> exec_;
};

}  // namespace rediscache
