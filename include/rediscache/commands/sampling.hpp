#pragma once

#include <rediscache/error.hpp>

#include <cstddef>
#include <limits>
#include <string>

namespace rediscache::cmd {

/// Whether a random sample (HRANDFIELD, SRANDMEMBER with a count) holds each element at most once,
/// and so at most the collection's size, or may repeat them and always has `count` elements
/// (Redis' negative count).
enum class sampling {
  distinct,     ///< each element at most once
  with_repeats  ///< `count` elements that may repeat
};

}  // namespace rediscache::cmd

namespace rediscache::detail {

/// The count argument of a sample: negative asks Redis for one that may repeat elements.
inline long long sample_count(std::size_t count, cmd::sampling s) {
  if (count > static_cast<std::size_t>(std::numeric_limits<long long>::max())) {
    throw config_error("a sample count of " + std::to_string(count) + " is more than Redis takes");
  }
  const auto n = static_cast<long long>(count);
  return s == cmd::sampling::with_repeats ? -n : n;
}

}  // namespace rediscache::detail
