#pragma once

#include <rediscache/command.hpp>
#include <rediscache/connection.hpp>
#include <rediscache/pubsub/subscriber.hpp>
#include <rediscache/reply.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace rediscache {

// Shared by the subscriber handle and its reader thread, which keeps it alive until it exits.
//
// Only the reader thread touches the connection. API calls queue (UN)SUBSCRIBE commands in the
// outbox and, to learn when the server confirmed, count replies: the server answers every
// single-name (un)subscribe command with exactly one reply, in order, so the n-th command sent
// on a connection is confirmed by the n-th such reply. A new connection starts a new generation.
struct subscriber::impl {
  using clock = std::chrono::steady_clock;
  using shared_callback = std::shared_ptr<const message_callback>;
  enum class target { channel, pattern };

  // Where to connect, best first; each is tried in turn until one answers.
  using locator = std::function<std::vector<connection_options>()>;

  impl(connection_options where, subscriber_options settings, connection first,
       locator relocate = {});

  // ---- API side, any thread
  static void start(const std::shared_ptr<impl>& self);
  bool add(target kind, const std::string& name, message_callback callback);
  void remove(target kind, const std::string& name);
  void request_stop();
  void close();
  bool on_reader_thread() const { return std::this_thread::get_id() == reader_id; }

  // ---- reader thread (reader.cpp)
  void run() noexcept;
  void pump();
  void send_outbox();
  void handle(reply& r);
  void heartbeat();
  void confirm(const std::string* error);
  void dispatch(target kind, const std::string& name, const pubsub_message& message);
  void lose(const std::string& reason);
  void reconnect();
  bool wait_backoff(int attempt);
  void finish_restore(std::size_t channel_count, std::size_t pattern_count);
  void report(const subscriber_event& event);

  const connection_options where;  // the first connection's; every node has its timeouts
  const subscriber_options settings;
  // Set when the subscriber follows an executor: asked again before every reconnect.
  const locator relocate;

  std::thread reader;
  std::thread::id reader_id;
  std::mutex join_mutex;  // serializes close() callers around join()

  mutable std::mutex mutex;  // guards everything below down to dispatch_mutex
  std::condition_variable changed;
  std::map<std::string, shared_callback> channels;
  std::map<std::string, shared_callback> patterns;
  std::vector<command> outbox;
  std::atomic<bool> outbox_pending{false};
  std::uint64_t generation = 1;
  std::uint64_t expected = 0;        // confirmations asked for on this connection
  std::uint64_t received = 0;        // confirmations (or error replies) read on this connection
  std::uint64_t restore_target = 0;  // confirmations that complete the resubscription
  bool restoring = false;
  std::map<std::uint64_t, std::string> failures;  // error replies by confirmation number
  bool up = false;
  std::atomic<bool> stopping{false};

  // Held while a callback runs, so unsubscribe() can wait for a running callback to finish.
  std::mutex dispatch_mutex;

  // ---- reader thread only
  std::optional<connection> conn;
  connection_options now_at;  // where conn goes (or went)
  clock::time_point last_heard;
  std::optional<clock::time_point> ping_sent;
  std::optional<clock::time_point> lost_at;  // set from a loss until the restore is confirmed
  std::chrono::system_clock::time_point lost_at_wall;
};

namespace detail {
// Opens a connection to the first of candidates that answers, which it names in chosen; throws
// the last failure when none does (connection_error for no candidates).
connection open_first(const std::vector<connection_options>& candidates,
                      connection_options& chosen);
}  // namespace detail

}  // namespace rediscache
