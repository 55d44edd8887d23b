// An API that allows each client 10 requests per second (GCRA: a burst of 10, then one every
// 100 ms) and 1,000 per day (a fixed window), answering with the RateLimit headers.
//   example_ratelimit [redis://127.0.0.1:6379/0]
#include <rediscache/cache.hpp>
#include <rediscache/ratelimit/rate_limit_headers.hpp>
#include <rediscache/ratelimit/rate_limiter.hpp>

#include <chrono>
#include <iostream>

using namespace std::chrono_literals;

int main(int argc, char** argv) {
  const std::string url = argc > 1 ? argv[1] : "redis://127.0.0.1:6379/0";
  rediscache::cache_options cache_options;
  cache_options.key_prefix = "example";
  auto cache = rediscache::cache::from_url(url, cache_options);

  rediscache::rate_limit_options per_second;
  per_second.name = "api";
  per_second.algorithm = rediscache::rate_limit_algorithm::gcra;
  per_second.limit = 10;
  per_second.window = 1s;
  rediscache::rate_limiter burst_limiter(cache, per_second);

  rediscache::rate_limit_options per_day;
  per_day.name = "api-daily";
  per_day.algorithm = rediscache::rate_limit_algorithm::fixed_window;
  per_day.limit = 1000;
  per_day.window = 24h;
  rediscache::rate_limiter daily_quota(cache, per_day);

  const std::string client = "203.0.113.7";
  int allowed = 0;
  int denied = 0;
  for (int request = 1; request <= 12; ++request) {
    // The daily quota is only charged for requests the per-second limit lets through; the
    // headers describe whichever policy is tighter.
    auto decision = burst_limiter.decide(client);
    if (decision.allowed) {
      auto daily = daily_quota.decide(client);
      if (!daily.allowed || daily.remaining < decision.remaining) decision = daily;
    }
    std::cout << "request " << request << ": "
              << (decision.allowed ? "200 OK" : "429 Too Many Requests");
    for (const auto& [name, value] : rediscache::rate_limit_headers(decision)) {
      std::cout << " | " << name << ": " << value;
    }
    std::cout << "\n";
    (decision.allowed ? allowed : denied) += 1;
  }
  std::cout << "allowed " << allowed << ", denied " << denied << "\n";
  std::cout << "state in " << burst_limiter.key_for(client) << " and "
            << daily_quota.key_for(client) << "\n";
  auto stats = burst_limiter.stats();
  std::cout << "per-second limiter: " << stats.decisions << " decisions, " << stats.denied
            << " denied, " << stats.failures_open << " failed open\n";
  return 0;
}
