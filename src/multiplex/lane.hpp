#pragma once

#include "multiplex/call.hpp"
#include "resp/reader.hpp"
#include "transport/transport.hpp"

#include <rediscache/connection.hpp>
#include <rediscache/connection_options.hpp>
#include <rediscache/error.hpp>
#include <rediscache/pool_options.hpp>

#include <cstddef>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace rediscache::detail {

// One connection shared by every caller, served by one I/O thread. Callers append their encoded
// commands to a common buffer; the I/O thread writes all that gathered in one syscall and matches
// the replies, which come in the same order, to the calls. When the connection breaks, every call
// on it fails and the thread reconnects with backoff; calls arriving while it waits out a backoff
// fail at once, unsent.
class lane : public std::enable_shared_from_this<lane> {
 public:
  lane(connection_options options, std::shared_ptr<tls_context> tls, retry_options backoff,
       std::chrono::milliseconds stall_timeout, bool fences);
  ~lane();
  lane(const lane&) = delete;
  // Starts the I/O thread, which keeps the lane alive until it ends: the last owner may let go
  // inside a callback on that very thread.
  void start();
  lane& operator=(const lane&) = delete;

  // Queues a call expecting `replies` replies to what encode appends to the buffer. Throws
  // connection_error (nothing was sent) while the connection is down, closed_error after close().
  std::shared_ptr<call> submit(const std::function<void(std::string&)>& encode, std::size_t replies,
                               clock::time_point deadline, call::completion on_done);
  // Fails every call in flight with closed_error and stops the I/O thread (waiting for it, unless
  // called on it).
  void close();
  const connection_options& options() const noexcept { return options_; }

 private:
  struct queued {
    std::shared_ptr<call> what;
    std::size_t stream_begin;  // where its bytes start in everything ever queued on the connection
  };
  struct in_flight {
    std::shared_ptr<call> what;
    std::size_t stream_begin;
    std::string fence;  // the token a fence's ECHO must return; empty for a caller's call
    std::size_t received = 0;
  };

  void run() noexcept;
  bool connect_once();
  void serve();
  void take_queued(clock::time_point now);
  void write_some();
  void read_some();
  void deliver(reply&& r);
  void check_fence(const std::string& token, const reply& r);
  void add_fence();
  std::string fence_token() const;
  void expire_due(clock::time_point now);
  int poll_timeout(clock::time_point now) const;
  void wait_for_work(clock::time_point now);
  // Why the connection failed, kept as data: each call gets an exception object of its own, so
  // no two threads ever share one (and ThreadSanitizer, which cannot see libstdc++'s own
  // reference counts on exception objects, sees no race).
  struct failure {
    errc code = errc::connection;
    std::string detail;
  };
  static failure describe(const std::exception_ptr& e) noexcept;
  static std::exception_ptr make_exception(const failure& f) noexcept;
  void fail_all(const failure& why) noexcept;
  void fail_queued(const failure& why) noexcept;
  void wake() const noexcept;
  void drain_wakeups() const noexcept;
  bool closing() const;

  const connection_options options_;
  const std::shared_ptr<tls_context> tls_;
  const retry_options backoff_;
  const std::chrono::milliseconds stall_timeout_;
  int wake_fd_ = -1;

  // Shared with callers.
  mutable std::mutex mutex_;
  std::string queued_bytes_;
  std::vector<queued> queued_;
  std::size_t stream_queued_ = 0;  // bytes ever queued on the current connection
  bool thread_sleeping_ = false;
  bool down_ = false;               // waiting out a backoff: submit() refuses
  failure down_reason_;             // why, for the refusal
  bool closing_ = false;

  // The I/O thread's own.
  std::optional<connection> conn_;
  std::unique_ptr<reader> parser_;
  bool tls_io_ = false;
  std::string out_;                   // queued bytes not yet written
  std::size_t stream_written_ = 0;    // bytes of the stream written so far
  std::deque<in_flight> flight_;      // calls whose replies are due, in order
  std::size_t expired_ = 0;           // how many at its front are past their deadline
  // A write that goes out while replies are still owed ends with a fence, an ECHO of a unique
  // token, and calls answered before the fence's reply are held until it proves the replies in
  // step with the calls. Without it, bytes lost in transit (a middlebox that swallowed some) would
  // hand a later call's reply to an earlier caller; TCP itself never loses bytes mid-stream.
  bool fences_on_;
  std::size_t fences_out_ = 0;
  std::uint64_t fences_sent_ = 0;
  std::vector<std::shared_ptr<call>> held_;
  clock::time_point last_progress_{};  // last time a byte arrived, or the flight started
  int failures_ = 0;                   // consecutive failed connection attempts
  char in_[16 * 1024];

  std::thread thread_;
};

}  // namespace rediscache::detail
