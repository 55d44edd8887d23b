#pragma once

#include <rediscache/pool_options.hpp>

#include <chrono>

namespace rediscache::detail {

// Full-jitter exponential backoff: uniform in [0, min(max_backoff, base_backoff * 2^attempt)].
// Jitter keeps many clients that failed together from retrying together.
std::chrono::microseconds backoff_delay(const retry_options& options, int attempt);

}  // namespace rediscache::detail
