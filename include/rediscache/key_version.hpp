#pragma once

#include <cstdint>

namespace rediscache {

/// The version part of a cache key (prefix:version:key). Left unset, an operation uses the alias'
/// version. A distinct type, so get<int>("k", 5) can never mistake a default value for a version.
/// Versions, like every count and delta in the cache API, are 64-bit.
class key_version {
 public:
  constexpr key_version() = default;
  /// Version \p number.
  constexpr explicit key_version(std::int64_t number) : number_(number), set_(true) {}

  /// Whether a version was given.
  constexpr bool is_set() const { return set_; }
  /// The version given; 0 when none was.
  constexpr std::int64_t number() const { return number_; }
  /// The version given, else \p fallback.
  constexpr std::int64_t or_default(std::int64_t fallback) const {
    return set_ ? number_ : fallback;
  }

 private:
  std::int64_t number_ = 0;
  bool set_ = false;
};

}  // namespace rediscache
