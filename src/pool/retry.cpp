#include "pool/retry.hpp"

#include <algorithm>
#include <random>

namespace rediscache::detail {

std::chrono::microseconds backoff_delay(const retry_options& options, int attempt) {
  using std::chrono::microseconds;
  auto base = std::chrono::duration_cast<microseconds>(options.base_backoff).count();
  auto cap = std::chrono::duration_cast<microseconds>(options.max_backoff).count();
  long long ceiling = base;
  for (int i = 0; i < attempt && ceiling < cap; ++i) ceiling *= 2;
  ceiling = std::min<long long>(ceiling, cap);
  if (ceiling <= 0) return microseconds(0);
  thread_local std::minstd_rand engine{std::random_device{}()};
  std::uniform_int_distribution<long long> pick(0, ceiling);
  return microseconds(pick(engine));
}

}  // namespace rediscache::detail
