#pragma once

// Deadline arithmetic that cannot overflow. A timeout comes from code, a URL or a settings file;
// now() + timeout in nanoseconds overflows past about 292 years, and poll() takes an int of
// milliseconds, which ends at about 24.8 days. Both used to wrap: a long wait became an instant
// timeout, a shorter one than asked, or no timeout at all.

#include <chrono>
#include <climits>
#include <ratio>

namespace rediscache::detail {

// now + wait, or the clock's largest time point when that would not fit: a deadline too far away
// to express is "never", never a time in the past. A wait of zero or less gives now.
template <class Clock, class Duration, class Rep, class Period>
std::chrono::time_point<Clock, Duration> deadline_after(
    std::chrono::time_point<Clock, Duration> now, std::chrono::duration<Rep, Period> wait) {
  using time_point = std::chrono::time_point<Clock, Duration>;
  using wait_type = std::chrono::duration<Rep, Period>;
  // Converting the room left into the wait's unit must not overflow, so the wait's unit must be
  // at least as coarse as the clock's.
  static_assert(std::ratio_greater_equal<Period, typename Duration::period>::value,
                "deadline_after takes waits in the clock's unit or coarser");
  if (wait <= wait_type::zero()) return now;
  // Rounded down, so a wait below it also fits in the clock's own unit.
  const auto room = std::chrono::duration_cast<wait_type>(time_point::max() - now);
  if (wait >= room) return time_point::max();
  return now + std::chrono::duration_cast<Duration>(wait);
}

// The milliseconds poll() should wait from now until deadline: 0 once it has passed, rounded up
// so that a sub-millisecond remainder waits instead of spinning, and at most INT_MAX (the caller
// polls again until the deadline really passes).
template <class Clock, class Duration>
int poll_wait_ms(std::chrono::time_point<Clock, Duration> deadline,
                 std::chrono::time_point<Clock, Duration> now) {
  if (deadline <= now) return 0;
  const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - now);
  if (left.count() >= INT_MAX) return INT_MAX;
  return static_cast<int>(left.count());
}

}  // namespace rediscache::detail
