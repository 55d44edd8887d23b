#pragma once

#include <rediscache/export.hpp>
#include <rediscache/url.hpp>

#include <nlohmann/json.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace rediscache::channels {

/// channels_redis 4's RedisPubSubChannelLayer: plain Redis pub/sub, no storage. A channel is a
/// pub/sub channel of the same name, a group the channel "<prefix>__group__<group>", the payload
/// msgpack without a random prefix, and each name lives on the host its CRC32 picks. Messages to a
/// channel nobody is subscribed to are lost, and there is no capacity. Thread-safe.
///
/// One subscriber connection per host, made on first use; receive() and group_add() subscribe.
class REDISCACHE_API pubsub_channel_layer {
 public:
  /// A layer over these hosts (at least one) with this key prefix.
  explicit pubsub_channel_layer(std::vector<client_options> hosts, std::string prefix = "asgi");
  /// The same from redis:// URLs.
  static pubsub_channel_layer from_urls(const std::vector<std::string>& urls,
                                        std::string prefix = "asgi");

  /// Publishes to the channel (which must be a JSON object with a string "type").
  void send(const std::string& channel, const nlohmann::json& message);
  /// "<prefix><prefix argument><32 random hex>", subscribed before it is returned.
  std::string new_channel(const std::string& prefix = "specific.");
  /// The next message on a channel (subscribing first if needed), or nullopt after `timeout`.
  std::optional<nlohmann::json> receive(const std::string& channel,
                                        std::chrono::milliseconds timeout);
  /// The channel must be one this layer subscribed (new_channel or receive); config_error otherwise.
  void group_add(const std::string& group, const std::string& channel);
  /// Removes a channel from a group.
  void group_discard(const std::string& group, const std::string& channel);
  /// Publishes to the group's channel: every member subscribed now gets it.
  void group_send(const std::string& group, const nlohmann::json& message);

 private:
  struct impl;
  std::shared_ptr<impl> impl_;
};

}  // namespace rediscache::channels
