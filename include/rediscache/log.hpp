#pragma once

#include <rediscache/export.hpp>

#include <memory>

namespace spdlog {
class logger;
}

namespace rediscache {

///@{
/// Where the library logs: connects, broken connections, retries, swallowed errors. The default
/// logger discards everything. Passwords never reach any message. Safe to call from any thread.
/// Passing nullptr restores the quiet default.
REDISCACHE_API void set_logger(std::shared_ptr<spdlog::logger> logger);
REDISCACHE_API std::shared_ptr<spdlog::logger> get_logger();
///@}

}  // namespace rediscache
