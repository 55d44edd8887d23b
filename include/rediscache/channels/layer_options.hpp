#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace rediscache::channels {

/// Where send() puts a message for a specific ("name!suffix") channel when there are several
/// hosts. channels_redis 4.0.0 receivers read the shard of the non-local name ("name!"), but its
/// send() hashes the full name, so with several hosts its direct sends land where nobody reads.
enum class specific_send_shard {
  non_local_name,  ///< where every receiver reads: delivered (the default)
  full_name,       ///< as channels_redis 4.0.0's send(), for a deployment that depends on it
};

/// channels_redis' RedisChannelLayer settings, with its defaults. Both sides must agree on them.
struct layer_options {
  /// Key prefix of every channel and group key.
  std::string prefix = "asgi";
  /// A message not received within this long is dropped (and a channel key expires this long after
  /// its last send).
  std::chrono::seconds expiry{60};
  /// A group member added longer ago than this is dropped at the next group_send.
  std::chrono::seconds group_expiry{86400};
  /// Messages a channel holds at most; send() beyond it throws channel_full_error.
  std::size_t capacity = 100;
  /// Per-channel capacities: fnmatch-style patterns ("*", "?", "[...]", "[!...]") of channel
  /// names, the first match wins (channels_redis' channel_capacity).
  std::vector<std::pair<std::string, std::size_t>> channel_capacity;
  /// Where send() puts a message for a specific channel when there are several hosts.
  specific_send_shard send_shard = specific_send_shard::non_local_name;
};

}  // namespace rediscache::channels
