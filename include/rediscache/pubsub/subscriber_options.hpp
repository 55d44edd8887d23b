#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>

namespace rediscache {

/// What happened to a subscriber's connection (subscriber_event::kind).
enum class subscriber_event_kind {
  connection_lost,     ///< the connection died; messages published from now on are not seen
  connection_restored  ///< reconnected and every channel and pattern subscribed again
};

/// A gap in delivery, reported to subscriber_options::on_event. Redis keeps no backlog for pub/sub:
/// anything published between lost_at and restored_at is lost for this subscriber.
struct subscriber_event {
  /// connection_lost or connection_restored.
  subscriber_event_kind kind = subscriber_event_kind::connection_lost;
  /// What failed (connection_lost); empty for connection_restored.
  std::string reason;
  /// When the loss was noticed; set for both kinds.
  std::chrono::system_clock::time_point lost_at;
  /// When the resubscription was confirmed (connection_restored only).
  std::chrono::system_clock::time_point restored_at;
  /// restored_at - lost_at, measured on the steady clock (connection_restored only).
  std::chrono::milliseconds gap{0};
  ///@{
  /// What was subscribed again (connection_restored only).
  std::size_t channels = 0;
  std::size_t patterns = 0;
  ///@}
};

/// How a subscriber keeps its connection and reconnects.
struct subscriber_options {
  /// How long the reader thread waits for data before it looks for queued (un)subscribe requests
  /// and for close(). Bounds the latency of subscribe() and of close().
  std::chrono::milliseconds poll_interval{20};
  /// After this long without any data from the server the reader sends PING...
  std::chrono::milliseconds heartbeat_interval{1000};
  /// ...and declares the connection dead when no answer starts within this long.
  std::chrono::milliseconds heartbeat_timeout{1000};
  ///@{
  /// Reconnect attempts wait a jittered, doubling delay between these bounds.
  std::chrono::milliseconds reconnect_backoff_min{20};
  std::chrono::milliseconds reconnect_backoff_max{1000};
  ///@}
  /// Cap on the connection options' socket_timeout for the subscriber's connection, and on
  /// connect_timeout for each reconnect attempt (the constructor's first connect uses
  /// connect_timeout unchanged). It bounds close() during an outage, also when a frozen host
  /// accepts connections but answers nothing. socket_timeout only limits sending a command and
  /// reading the rest of a message once it has started arriving, so the cap matters only for very
  /// large messages on slow links.
  std::chrono::milliseconds max_io_wait{250};
  /// Told when the connection is lost and when it is restored; runs on the reader thread, never
  /// after close() returns. Optional.
  std::function<void(const subscriber_event&)> on_event;
};

}  // namespace rediscache
