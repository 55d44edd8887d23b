#pragma once

#include <functional>
#include <string>

namespace rediscache {

/// One message delivered to a subscriber's callback. Bytes are passed through unchanged.
struct pubsub_message {
  std::string channel;  ///< the channel it was published on
  std::string payload;  ///< what was published
  std::string pattern;  ///< for psubscribe deliveries, the pattern that matched; empty otherwise
};

/// Runs on the subscriber's reader thread, one message at a time, in arrival order. It may call the
/// subscriber's own subscribe/unsubscribe. An exception it throws is logged and dropped.
using message_callback = std::function<void(const pubsub_message&)>;

}  // namespace rediscache
