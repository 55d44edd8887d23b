#pragma once

#include <chrono>

namespace rediscache::detail {

// now + wait on the steady clock, saturating at the clock's end: a wait longer than the clock can
// count (milliseconds::max() is 292 million years; the clock counts nanoseconds, 292 years) means
// "without end" instead of overflowing into the past.
inline std::chrono::steady_clock::time_point deadline_after(std::chrono::milliseconds wait) {
  using clock = std::chrono::steady_clock;
  const auto now = clock::now();
  const auto room = std::chrono::duration_cast<std::chrono::milliseconds>(clock::time_point::max() -
                                                                          now);
  if (wait >= room) return clock::time_point::max();
  return now + wait;
}

}  // namespace rediscache::detail
