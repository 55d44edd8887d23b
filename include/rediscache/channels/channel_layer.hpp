#pragma once

#include <rediscache/channels/layer_options.hpp>
#include <rediscache/executor.hpp>
#include <rediscache/export.hpp>

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace rediscache::channels {

/// A Django Channels layer that shares Redis with channels_redis 4's RedisChannelLayer: the same
/// keys ("<prefix><channel>", "<prefix>:group:<group>"), sorted sets scored by float Unix
/// seconds, members of 12 random bytes + msgpack, capacity, expiry and the CRC32 host ring. A
/// Python consumer receives what this sends and the other way round. Thread-safe.
///
/// Messages are JSON objects with a string "type"; bytes travel as nlohmann binary values
/// (msgpack bin, Python bytes). Channel names: letters, digits, "-", "_", "." and one optional
/// "!" with a suffix, under 100 characters; group names the same without "!". A bad name or
/// message throws config_error before anything is sent.
class REDISCACHE_API channel_layer {
 public:
  /// One executor per Redis host, in the order of the Python side's "hosts" list.
  explicit channel_layer(std::vector<std::shared_ptr<executor>> hosts, layer_options options = {});
  /// A pooled executor for each redis:// URL.
  static channel_layer from_urls(const std::vector<std::string>& urls, layer_options options = {});

  /// channels_redis' send(): drops expired messages, then throws channel_full_error when the
  /// channel holds `capacity` messages already.
  void send(const std::string& channel, const nlohmann::json& message);
  /// Waits up to `timeout` for the next message on a channel: a plain one, or one of ours from
  /// new_channel() (config_error for another process' specific channel). nullopt on timeout.
  std::optional<nlohmann::json> receive(const std::string& channel,
                                        std::chrono::milliseconds timeout);
  /// "<prefix>.<this layer's client prefix>!<32 random hex>", as channels_redis makes them.
  std::string new_channel(const std::string& prefix = "specific");

  ///@{
  /// Adds a channel to a group, or removes it.
  void group_add(const std::string& group, const std::string& channel);
  void group_discard(const std::string& group, const std::string& channel);
  ///@}
  /// Sends to every member; members whose channel is full are skipped, as channels_redis does.
  /// Returns how many were skipped.
  std::size_t group_send(const std::string& group, const nlohmann::json& message);
  /// Deletes every key under the prefix on every host (channels_redis' flush()).
  void flush();

  /// The 32 hex characters naming this layer's specific channels.
  const std::string& client_prefix() const noexcept;

 private:
  struct impl;
  std::shared_ptr<impl> impl_;
};

}  // namespace rediscache::channels
