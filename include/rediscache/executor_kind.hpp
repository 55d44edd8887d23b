#pragma once

namespace rediscache {

/// Which executor serves an alias' server: a pool of blocking connections, or one shared
/// connection with automatic pipelining (multiplexed_executor). URL: ?executor=multiplexed;
/// CACHES OPTIONS: "EXECUTOR": "multiplexed".
enum class executor_kind : unsigned char { pooled, multiplexed };

}  // namespace rediscache
