#include <rediscache/ratelimit/rate_limit_headers.hpp>

namespace rediscache {
namespace {

// HTTP speaks whole seconds; rounding down would invite a retry that is still too early.
std::string seconds_rounded_up(std::chrono::milliseconds ms) {
  return std::to_string((ms.count() + 999) / 1000);
}

}  // namespace

std::vector<http_header> rate_limit_headers(const rate_limit_decision& decision) {
  std::vector<http_header> headers{
      {"RateLimit-Limit", std::to_string(decision.limit)},
      {"RateLimit-Remaining", std::to_string(decision.remaining)},
      {"RateLimit-Reset", seconds_rounded_up(decision.reset_after)},
  };
  if (!decision.allowed && !decision.never_allowed()) {
    headers.emplace_back("Retry-After", seconds_rounded_up(decision.retry_after));
  }
  return headers;
}

}  // namespace rediscache
