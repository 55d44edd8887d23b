#pragma once

#include <rediscache/command.hpp>
#include <rediscache/error.hpp>

#include <chrono>
#include <cstdint>

namespace rediscache::cmd {

/// When a key written by SET (or read by GETEX) expires: EX/PX after a duration (EX when it is
/// whole seconds), EXAT/PXAT at a time, KEEPTTL, or none.
class expiry {
 public:
  /// What none() means to GETEX, which has no "leave it" option other than sending nothing.
  enum class none_means {
    nothing,  ///< none() sends nothing, keep() KEEPTTL (SET)
    persist   ///< none() sends PERSIST, keep() nothing (GETEX)
  };

  /// SET: no expiry (a plain SET clears an existing one). GETEX: PERSIST.
  static expiry none() { return expiry(kind::none, 0); }
  /// SET: keep the key's current expiry (KEEPTTL). GETEX: leave it alone.
  static expiry keep() { return expiry(kind::keep, 0); }
  /// After a positive duration, kept to the millisecond (rounded up); zero or less is a
  /// config_error, as Redis refuses it.
  template <class Rep, class Period>
  static expiry after(std::chrono::duration<Rep, Period> d) {
    const auto ms = std::chrono::ceil<std::chrono::milliseconds>(d).count();
    if (ms <= 0) throw config_error("an expiry must be a positive duration");
    return expiry(kind::after, ms);
  }
  /// At a point in time, kept to the millisecond.
  static expiry at(std::chrono::system_clock::time_point when) {
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(when.time_since_epoch()).count();
    if (ms <= 0) throw config_error("an expiry time must be after the Unix epoch");
    return expiry(kind::at, ms);
  }

  /// Appends the SET / GETEX arguments (EX, PX, EXAT, PXAT, KEEPTTL); \p none says what none()
  /// sends.
  void append_to(command& cmd, none_means none = none_means::nothing) const {
    const bool seconds = ms_ % 1000 == 0;
    switch (kind_) {
      case kind::none:
        if (none == none_means::persist) cmd.arg("PERSIST");
        break;
      case kind::keep:
        if (none == none_means::nothing) cmd.arg("KEEPTTL");
        break;
      case kind::after:
        cmd.arg(seconds ? "EX" : "PX").arg(seconds ? ms_ / 1000 : ms_);
        break;
      case kind::at:
        cmd.arg(seconds ? "EXAT" : "PXAT").arg(seconds ? ms_ / 1000 : ms_);
        break;
    }
  }

 private:
  enum class kind { none, keep, after, at };
  expiry(kind k, std::int64_t ms) : kind_(k), ms_(ms) {}
  kind kind_;
  std::int64_t ms_;
};

}  // namespace rediscache::cmd
