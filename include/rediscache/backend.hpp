#pragma once

#include <rediscache/export.hpp>
#include <rediscache/key_ttl.hpp>
#include <rediscache/set_mode.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace rediscache {

/// Storage under the cache facade: bytes in, bytes out, keys already made (prefix:version:key).
/// Two implementations with the same semantics: redis_backend (over an executor) and
/// memory_backend (in-process). Implementations are thread-safe.
///
/// An expiry is a positive duration, or nullopt for "never expires". The facade handles the
/// default timeout and the "zero or less deletes" rule before calling a backend.
class REDISCACHE_API backend {
 public:
  /// A positive duration, or nullopt for "never expires".
  using expiry = std::optional<std::chrono::milliseconds>;
  /// One page of a SCAN.
  struct scan_page {
    std::string cursor;  ///< "0" when the iteration is complete
    std::vector<std::string> keys;  ///< the page's keys, as stored
  };

  virtual ~backend();

  /// The value under key; nullopt when missing.
  virtual std::optional<std::string> get(const std::string& key) = 0;
  /// One entry per key, in order; nullopt for missing keys.
  virtual std::vector<std::optional<std::string>> get_many(const std::vector<std::string>& keys) = 0;
  /// Returns whether the value was stored (false when the mode's condition did not hold).
  virtual bool set(const std::string& key, const std::string& value, expiry ttl, set_mode mode) = 0;
  /// Stores every pair with the same expiry; returns the keys that were not stored.
  virtual std::vector<std::string> set_many(
      const std::vector<std::pair<std::string, std::string>>& items, expiry ttl) = 0;
  /// Deletes the key; true when it existed.
  virtual bool remove(const std::string& key) = 0;
  /// Deletes the keys; returns how many existed.
  virtual std::size_t remove_many(const std::vector<std::string>& keys) = 0;
  /// Whether the key exists.
  virtual bool exists(const std::string& key) = 0;
  /// Sets a new expiry (nullopt: make persistent). True when the key exists, whether or not it
  /// had an expiry before.
  virtual bool touch(const std::string& key, expiry ttl) = 0;
  /// Adds delta to the integer stored at key, keeping its expiry, atomically. nullopt when the key
  /// does not exist. Throws overflow_error past the int64 range and codec_error when the value is
  /// not an integer.
  virtual std::optional<std::int64_t> incr(const std::string& key, std::int64_t delta) = 0;
  /// As incr, but a missing key is created at delta with the given expiry, in the same atomic step.
  virtual std::int64_t incr_or_create(const std::string& key, std::int64_t delta,
                                      expiry ttl_if_created) = 0;
  /// The key's remaining time to live, or whether it is missing or persistent.
  virtual key_ttl ttl(const std::string& key) = 0;
  /// Sets an expiry on an existing key; false when the key does not exist.
  virtual bool expire(const std::string& key, std::chrono::milliseconds ttl) = 0;
  /// Expires at an absolute time (Unix epoch); a past time deletes the key. False when missing.
  virtual bool expire_at(const std::string& key, std::chrono::system_clock::time_point when) = 0;
  /// Removes the expiry; true only when the key had one.
  virtual bool persist(const std::string& key) = 0;
  /// Atomically renames from to to, keeping the expiry; false when from does not exist.
  virtual bool move(const std::string& from, const std::string& to) = 0;
  /// One step of a cursor iteration over keys matching a Redis glob pattern. Start with "0".
  virtual scan_page scan(const std::string& cursor, const std::string& pattern, std::size_t count) = 0;
  /// Deletes every key matching the pattern; returns how many were deleted.
  virtual std::size_t remove_pattern(const std::string& pattern, std::size_t batch) = 0;
  /// Removes everything in the database (FLUSHDB), not only this cache's keys.
  virtual void clear() = 0;
  /// Gives up this backend's use of its connections (cache::close()); a memory backend ignores it.
  virtual void close() = 0;

 protected:
  backend() = default;
  ///@{
  /// Copyable by implementations only.
  backend(const backend&) = default;
  backend& operator=(const backend&) = default;
  ///@}
};

}  // namespace rediscache
