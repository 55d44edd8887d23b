#pragma once

#include <chrono>
#include <optional>

namespace rediscache {

// How long a cache entry lives: the alias' default, forever, or a duration with millisecond
// precision. As in Django, a duration of zero or less means "do not store" and deletes any
// existing value.
class cache_timeout {
 public:
  // The alias' default timeout.
  constexpr cache_timeout() = default;
  template <class Rep, class Period>
  constexpr cache_timeout(std::chrono::duration<Rep, Period> d)  // NOLINT: implicit on purpose
      : kind_(kind::duration),
        duration_(std::chrono::duration_cast<std::chrono::milliseconds>(d)) {}

  static constexpr cache_timeout use_default() { return cache_timeout(); }
  static constexpr cache_timeout forever() {
    cache_timeout t;
    t.kind_ = kind::forever;
    return t;
  }

  constexpr bool is_default() const { return kind_ == kind::use_default; }
  constexpr bool is_forever() const { return kind_ == kind::forever; }
  constexpr bool is_duration() const { return kind_ == kind::duration; }
  // The duration; zero unless is_duration().
  constexpr std::chrono::milliseconds duration() const { return duration_; }

  // Resolves the default against fallback; the result is never use_default.
  constexpr cache_timeout or_default(cache_timeout fallback) const {
    return is_default() ? fallback : *this;
  }
  // True for a duration of zero or less: the value must not be stored.
  constexpr bool expires_immediately() const {
    return is_duration() && duration_.count() <= 0;
  }

  friend constexpr bool operator==(cache_timeout a, cache_timeout b) {
    return a.kind_ == b.kind_ && a.duration_ == b.duration_;
  }
  friend constexpr bool operator!=(cache_timeout a, cache_timeout b) { return !(a == b); }

 private:
  enum class kind : unsigned char { use_default, forever, duration };
  kind kind_ = kind::use_default;
  std::chrono::milliseconds duration_{0};
};

}  // namespace rediscache
