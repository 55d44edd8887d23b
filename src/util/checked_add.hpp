#pragma once

#include <cstdint>
#include <limits>

namespace rediscache::detail {

// Whether a + b leaves the int64 range (the check itself never overflows).
constexpr bool add_overflows(std::int64_t a, std::int64_t b) noexcept {
  constexpr auto lowest = std::numeric_limits<std::int64_t>::min();
  constexpr auto highest = std::numeric_limits<std::int64_t>::max();
  return (b > 0 && a > highest - b) || (b < 0 && a < lowest - b);
}

}  // namespace rediscache::detail
