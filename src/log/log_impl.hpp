#pragma once

#include <rediscache/log.hpp>

#include <spdlog/logger.h>

#include <utility>

namespace rediscache::detail {

template <class... Args>
void log_at(spdlog::level::level_enum level, spdlog::format_string_t<Args...> format,
            Args&&... args) {
  auto logger = get_logger();
  if (logger->should_log(level)) logger->log(level, format, std::forward<Args>(args)...);
}

template <class... Args>
void log_debug(spdlog::format_string_t<Args...> format, Args&&... args) {
  log_at(spdlog::level::debug, format, std::forward<Args>(args)...);
}

template <class... Args>
void log_warn(spdlog::format_string_t<Args...> format, Args&&... args) {
  log_at(spdlog::level::warn, format, std::forward<Args>(args)...);
}

}  // namespace rediscache::detail
