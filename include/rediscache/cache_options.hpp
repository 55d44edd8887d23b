#pragma once

#include <rediscache/cache_near.hpp>
#include <rediscache/cache_stampede.hpp>
#include <rediscache/cache_timeout.hpp>
#include <rediscache/compressor.hpp>
#include <rediscache/serializer.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace rediscache {

class error;

/// Builds the stored key from the user's key, the alias' prefix and a version (Django's
/// KEY_FUNCTION). The default gives "prefix:version:key".
using key_function =
    std::function<std::string(std::string_view key, std::string_view prefix, std::int64_t version)>;
/// Recovers the user's key from a stored key, for keys() and iter_keys() (django-redis'
/// REVERSE_KEY_FUNCTION). The default drops everything up to the second ':'.
using reverse_key_function = std::function<std::string(std::string_view stored_key)>;
/// Told about every error that ignore_exceptions swallowed: the error, the operation ("get",
/// "set", ...) and the user's key (empty for multi-key operations).
using error_callback =
    std::function<void(const error& e, std::string_view operation, std::string_view key)>;

/// What one cache alias does with keys and values. Every field has Django's or django-redis'
/// default.
struct cache_options {
  /// The alias name, used in log lines and error messages.
  std::string name = "default";
  /// KEY_PREFIX: namespaces this alias' keys.
  std::string key_prefix;
  /// VERSION: the default version part of keys.
  std::int64_t version = 1;
  /// TIMEOUT: the default expiry (Django's default is 300 s); cache_timeout::forever() for none.
  cache_timeout default_timeout = std::chrono::seconds(300);
  /// SERIALIZER for values other than integers, which are stored as plain decimal text.
  serializer_kind serializer = serializer_kind::json;
  /// COMPRESSOR, applied above compression.min_bytes. With a compressor, reads recognize all three
  /// formats; without one, stored bytes are never decompressed (see compressor).
  compression_options compression;
  /// IGNORE_EXCEPTIONS: connection errors and timeouts on get, get_many and has_key read as a miss,
  /// and on set, add and delete as false. Reply errors and codec errors are never swallowed.
  bool ignore_exceptions = false;
  /// LOG_IGNORED_EXCEPTIONS: log each swallowed error (at warning level) through the logger.
  bool log_ignored_exceptions = false;
  /// Called for each swallowed error; must not throw.
  error_callback on_ignored_error;
  ///@{
  /// KEY_FUNCTION and REVERSE_KEY_FUNCTION; empty means the defaults.
  key_function make_key;
  reverse_key_function reverse_key;
  ///@}
  /// SCAN COUNT used by iter_keys(), keys() and delete_pattern() when no batch size is given.
  std::size_t scan_batch = 100;
  /// What get_or_set with a callable does against a stampede of recomputations.
  stampede_options stampede;
  /// An in-process copy in front of Redis for get(); off unless enabled (Redis aliases only).
  near_cache_options near_cache;
};

}  // namespace rediscache
