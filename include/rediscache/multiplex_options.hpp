#pragma once

#include <rediscache/pool_options.hpp>

#include <chrono>
#include <cstddef>

namespace rediscache {

/// Settings of a multiplexed_executor beyond the connection_options it shares with a pool.
struct multiplex_options {
  /// Shared connections to the server. One is enough for most services: its single writer already
  /// gathers every caller's command into one syscall. Callers are spread over them in turn.
  std::size_t connections = 1;
  /// A connection that owes replies and has received nothing for this long is broken and reopened
  /// (a stalled network or a stopped server); every call in flight on it fails. Zero means twice
  /// connection_options::socket_timeout.
  std::chrono::milliseconds stall_timeout{0};
  /// A write that goes out while replies are still owed ends with an ECHO of a unique token, and
  /// replies are handed out only once that token came back in its place: bytes lost in transit
  /// (a faulty proxy that swallowed some) then break the connection instead of handing a later
  /// call's reply to an earlier caller. Costs one short command per pipelined write.
  bool verify_reply_order = true;
  /// The pool that runs what cannot share a connection (blocking pops, XREAD BLOCK, transactions,
  /// WATCH, SUBSCRIBE, SELECT, with_connection). Its retry settings also govern the retries and
  /// the reconnect backoff of the shared connections. Its connections open only when needed.
  pool_options pool;
};

}  // namespace rediscache
