#pragma once

#include <rediscache/executor.hpp>
#include <rediscache/export.hpp>

#include <string_view>

namespace rediscache {

class cache;

/// PUBLISH through an executor's pool; returns how many subscribers received the message (on this
/// server: pub/sub ignores the database number). Never retried once sent, so a message is never
/// delivered twice by the client.
REDISCACHE_API long long publish(executor& exec, std::string_view channel,
                                 std::string_view message);
/// Through the cache's Redis executor; throws unsupported_error for a cache not on Redis.
REDISCACHE_API long long publish(const cache& c, std::string_view channel, std::string_view message);

}  // namespace rediscache
