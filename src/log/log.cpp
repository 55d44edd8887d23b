#include "log/log_impl.hpp"

#include <spdlog/sinks/null_sink.h>

#include <atomic>

namespace rediscache {
namespace {

std::shared_ptr<spdlog::logger> quiet_logger() {
  static const auto quiet = [] {
    auto logger = std::make_shared<spdlog::logger>("rediscache",
                                                   std::make_shared<spdlog::sinks::null_sink_mt>());
    logger->set_level(spdlog::level::off);
    return logger;
  }();
  return quiet;
}

std::shared_ptr<spdlog::logger>& current() {
  static std::shared_ptr<spdlog::logger> logger = quiet_logger();
  return logger;
}

}  // namespace

void set_logger(std::shared_ptr<spdlog::logger> logger) {
  std::atomic_store(&current(), logger ? std::move(logger) : quiet_logger());
}

std::shared_ptr<spdlog::logger> get_logger() { return std::atomic_load(&current()); }

}  // namespace rediscache
