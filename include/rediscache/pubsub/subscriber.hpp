#pragma once

#include <rediscache/connection_options.hpp>
#include <rediscache/export.hpp>
#include <rediscache/pubsub/message.hpp>
#include <rediscache/pubsub/subscriber_options.hpp>

#include <memory>
#include <string>

namespace rediscache {

class cache;
class executor;

/// A pub/sub subscriber: one dedicated connection and one reader thread that calls the callbacks.
/// Thread-safe.
///
/// - One callback per channel and per pattern; subscribing again replaces it.
/// - The reader PINGs an idle connection (heartbeat_interval) and treats a missing answer as a dead
///   connection. After any loss it reconnects with backoff and subscribes every channel and pattern
///   again, reporting the gap to subscriber_options::on_event: Redis keeps no backlog, so messages
///   published in between are lost. Subscriptions made while disconnected take effect on reconnect.
/// - close() (or the destructor) returns within about poll_interval (20 ms by default) plus the
///   rest of a callback already running; while reconnecting to a host that does not answer, add at
///   most one reconnect attempt (max_io_wait, 250 ms, for the connect and as much again for an
///   AUTH/CLIENT SETNAME handshake). No callback runs after it returns.
/// - Pub/sub ignores the database number, so the subscriber never sends SELECT.
class REDISCACHE_API subscriber {
 public:
  /// Connects within options.connect_timeout (socket_timeout capped at max_io_wait), or throws
  /// connection_error, timeout_error, tls_error or auth_error.
  explicit subscriber(const connection_options& options, subscriber_options settings = {});
  /// Connects where the executor sends commands and, after a loss, where it says then: its server
  /// (pooled_executor), the primary now (replicated_executor, sentinel_executor), or any primary
  /// of a Redis Cluster, which delivers every PUBLISH on every node (cluster_executor: the primaries
  /// of a fresh slot map are tried in turn, so a subscriber whose node died moves to another).
  /// A sharded_executor publishes on its first shard. Throws what connecting throws, or
  /// unsupported_error for an executor that names no server (executor::subscriber_connection).
  explicit subscriber(std::shared_ptr<executor> commands, subscriber_options settings = {});
  /// subscriber(executor) on the cache's Redis executor. Throws unsupported_error for a cache that
  /// is not on Redis (memory://).
  explicit subscriber(const cache& c, subscriber_options settings = {});
  subscriber(const subscriber&) = delete;
  subscriber& operator=(const subscriber&) = delete;
  ///@{
  /// Movable; only the moved-to subscriber may be used afterwards.
  subscriber(subscriber&&) noexcept;
  subscriber& operator=(subscriber&&) noexcept;
  ///@}
  /// Closes; see close(). Destroying a subscriber from its own callback is allowed: the reader
  /// thread is then left to finish by itself.
  ~subscriber();

  /// Subscribes to a channel (SUBSCRIBE) or a glob pattern (PSUBSCRIBE). True when the server has
  /// confirmed it before returning, so a message published after that is delivered. False when it
  /// takes effect later: the connection is down (it is subscribed on reconnect), or the call came
  /// from a callback (which must not wait for the reader thread it runs on). An error reply
  /// (NOPERM under ACLs) throws reply_error and drops the subscription. Throws closed_error after
  /// close().
  bool subscribe(const std::string& channel, message_callback callback);
  /// As subscribe(), for a glob pattern of channels (PSUBSCRIBE).
  bool psubscribe(const std::string& pattern, message_callback callback);
  /// Once these return (outside a callback), the callback is not running and is never called again.
  void unsubscribe(const std::string& channel);
  /// As unsubscribe(), for a pattern.
  void punsubscribe(const std::string& pattern);

  /// Whether the connection is up right now.
  bool connected() const;
  /// How many channels are subscribed.
  std::size_t channel_count() const;
  /// How many patterns are subscribed.
  std::size_t pattern_count() const;

  /// Stops the reader thread, closes the connection and joins; idempotent. Called from a callback,
  /// it only asks the reader to stop and returns at once.
  void close();

 private:
  struct impl;
  std::shared_ptr<impl> impl_;
};

}  // namespace rediscache
