#pragma once

#include <rediscache/command.hpp>
#include <rediscache/connection_options.hpp>
#include <rediscache/export.hpp>
#include <rediscache/reply.hpp>
#include <rediscache/transaction.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <vector>

namespace rediscache {

namespace detail {
class tls_context;
struct connection_socket;
}  // namespace detail

/// One connection to one server, after the handshake (AUTH, SELECT, CLIENT SETNAME). Not
/// thread-safe: share a connection_pool or an executor instead.
///
/// Any failure of the transport or the protocol breaks the connection: it is closed at once, so a
/// half-read reply can never be read by the next command, and every later call throws closed_error.
class REDISCACHE_API connection {
 public:
  /// Connects within options.connect_timeout and runs the handshake. Throws connection_error,
  /// timeout_error, tls_error or auth_error.
  static connection open(const connection_options& options);
  /// As open(), reusing a TLS context (the pool shares one among its connections).
  static connection open(const connection_options& options,
                         const std::shared_ptr<detail::tls_context>& tls);

  ///@{
  /// Movable; the moved-to connection owns the socket.
  connection(connection&&) noexcept;
  connection& operator=(connection&&) noexcept;
  ///@}
  ~connection();

  /// Sends one command and reads its reply. An error reply throws reply_error, or auth_error for
  /// NOAUTH, NOPERM and WRONGPASS (naming the user); the connection stays usable after those.
  reply execute(const command& cmd);
  /// Sends every command in one write and reads all replies. Error replies are returned in place,
  /// not thrown.
  std::vector<reply> pipeline(const std::vector<command>& commands);
  /// \copydoc pipeline(const std::vector<command>&)
  std::vector<reply> pipeline(const command* commands, std::size_t count);
  /// Runs the commands between MULTI and EXEC, sent as one pipeline.
  transaction_result transaction(const std::vector<command>& commands);

  /// For push-style use (pub/sub): send a command without reading its reply, then receive replies
  /// as they come. send() writes within socket_timeout.
  void send(const command& cmd);
  /// The next reply, waiting at most wait for it to start arriving; nullopt when none started (the
  /// connection stays usable). Once a reply has started, the rest must arrive within
  /// socket_timeout.
  std::optional<reply> receive(std::chrono::milliseconds wait);

  /// True after an error that leaves the connection unusable; a pool then closes it.
  bool broken() const noexcept;
  /// True when the last failure happened after some bytes of the command reached the socket, so the
  /// server may have run it.
  bool sent_before_failure() const noexcept;
  /// Cheap check that the server has not closed an idle connection. Does not block.
  bool stale();
  /// When the connection last sent or received a command.
  std::chrono::steady_clock::time_point last_used() const noexcept;
  /// The options it was opened with.
  const connection_options& options() const noexcept;
  /// Closes the socket; later calls throw closed_error.
  void close() noexcept;

 private:
  struct impl;
  friend struct detail::connection_socket;
  explicit connection(std::unique_ptr<impl> state);
  std::unique_ptr<impl> impl_;
};

}  // namespace rediscache
