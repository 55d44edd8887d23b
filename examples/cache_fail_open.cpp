// A cache that must never take the service down: with ignore_exceptions, connection errors and
// timeouts read as misses (and writes as false), counted, logged and reported to a callback.
//   example_cache_fail_open [redis://127.0.0.1:6379/0]
#include <rediscache/cache.hpp>
#include <rediscache/error.hpp>
#include <rediscache/log.hpp>

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <iostream>

int main(int argc, char** argv) {
  // Nothing listens on port 1, so every call fails: the service carries on regardless.
  std::string url = argc > 1 ? argv[1] : "redis://127.0.0.1:1/0";
  url += url.find('?') == std::string::npos ? "?" : "&";
  url += "socket_connect_timeout=0.2&socket_timeout=0.2";

  auto logger = spdlog::stdout_logger_mt("rediscache");
  logger->set_level(spdlog::level::warn);
  rediscache::set_logger(logger);

  rediscache::cache_options options;
  options.ignore_exceptions = true;
  options.log_ignored_exceptions = true;
  options.on_ignored_error = [](const rediscache::error& e, std::string_view operation,
                                std::string_view key) {
    std::cout << "reported: " << operation << "(" << key << ") -> " << e.code().message() << "\n";
  };
  auto cache = rediscache::cache::from_url(url, options);

  auto price = cache.get<int>("price:tea");
  std::cout << "price from cache: " << (price ? std::to_string(*price) : "miss, use the database")
            << "\n";
  bool stored = cache.set("price:tea", 450);
  std::cout << "stored: " << std::boolalpha << stored << "\n";
  auto stats = cache.stats();
  std::cout << "ignored errors: " << stats.ignored_errors << "\n";
  rediscache::set_logger(nullptr);
  return stats.ignored_errors == 2 ? 0 : 1;
}
