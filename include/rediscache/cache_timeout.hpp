#pragma once

#include <rediscache/error.hpp>

#include <chrono>
#include <ratio>
#include <type_traits>

namespace rediscache {

/// How long a cache entry lives: the alias' default, forever, or a duration with millisecond
/// precision. As in Django, a duration of zero or less means "do not store" and deletes any
/// existing value.
///
/// Every duration type converts without overflow: a positive duration is rounded up to whole
/// milliseconds (so 500 us never becomes 0, which would delete), and one longer than `longest`
/// (100 years) means forever, so std::chrono::hours::max() is a way to say "never expires".
/// A NaN duration throws config_error.
class cache_timeout {
 public:
  /// The longest duration kept (100 years); anything longer means forever.
  static constexpr std::chrono::milliseconds longest{100LL * 365 * 24 * 60 * 60 * 1000};

  /// The alias' default timeout.
  constexpr cache_timeout() = default;
  /// A duration: rounded up to whole milliseconds, longer than `longest` means forever.
  template <class Rep, class Period>
  constexpr cache_timeout(std::chrono::duration<Rep, Period> d)  // NOLINT: implicit on purpose
      : kind_(kind::duration) {
    // Compared as long double, so no duration's count can overflow before it is range-checked.
    const std::chrono::duration<long double, std::milli> wide = d;
    if (wide.count() != wide.count()) throw config_error("a cache timeout cannot be NaN");
    if (wide > longest) {
      kind_ = kind::forever;
    } else if (wide < -longest) {
      duration_ = -longest;
    } else {
      duration_ = std::chrono::ceil<std::chrono::milliseconds>(d);
    }
  }

  /// The alias' default, as the default constructor.
  static constexpr cache_timeout use_default() { return cache_timeout(); }
  /// Never expires.
  static constexpr cache_timeout forever() {
    cache_timeout t;
    t.kind_ = kind::forever;
    return t;
  }

  ///@{
  /// Which of the three the timeout is.
  constexpr bool is_default() const { return kind_ == kind::use_default; }
  constexpr bool is_forever() const { return kind_ == kind::forever; }
  constexpr bool is_duration() const { return kind_ == kind::duration; }
  ///@}
  /// The duration; zero unless is_duration(). Never longer than `longest`.
  constexpr std::chrono::milliseconds duration() const { return duration_; }

  /// Resolves the default against fallback; the result is never use_default.
  constexpr cache_timeout or_default(cache_timeout fallback) const {
    return is_default() ? fallback : *this;
  }
  /// True for a duration of zero or less: the value must not be stored.
  constexpr bool expires_immediately() const {
    return is_duration() && duration_.count() <= 0;
  }

  ///@{
  /// Equal when the kind and the duration are equal.
  friend constexpr bool operator==(cache_timeout a, cache_timeout b) {
    return a.kind_ == b.kind_ && a.duration_ == b.duration_;
  }
  friend constexpr bool operator!=(cache_timeout a, cache_timeout b) { return !(a == b); }
  ///@}

 private:
  enum class kind : unsigned char { use_default, forever, duration };
  kind kind_ = kind::use_default;
  std::chrono::milliseconds duration_{0};
};

}  // namespace rediscache
