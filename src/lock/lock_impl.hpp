#pragma once

#include "lock/release_listener.hpp"
#include "lock/watchdog.hpp"

#include <rediscache/connection_options.hpp>
#include <rediscache/executor.hpp>
#include <rediscache/lock/distributed_lock.hpp>
#include <rediscache/reply.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace rediscache {

// What one acquisition left in this process: its token and, with fencing, its count.
struct lock_holding {
  std::string token;
  std::optional<std::int64_t> fence;
};

struct distributed_lock::impl {
  using clock = std::chrono::steady_clock;

  // Validates the options (config_error) and finds where release notifications can be heard.
  impl(std::shared_ptr<executor> commands, std::string lock_key, lock_options settings);

  // ---- the calling thread's holding (or the shared one), lock_state.cpp
  std::optional<lock_holding> current() const;
  void hold(lock_holding holding);
  // Removes and returns the holding: release() clears the local token before it runs the script.
  std::optional<lock_holding> take();

  // SET NX (or the fenced script). True when acquired; fence gets the count with fencing on.
  // overflow_error when the fencing counter is at INT64_MAX (the lock is left free).
  bool try_set(const std::string& token, std::optional<std::int64_t>& fence);
  // The counter's text as a number (GET, or the fenced script's reply), exact in the int64 range.
  std::int64_t fence_value(const std::string& text) const;
  // The fenced acquire: 0 when held, else the new count as text. overflow_error when the counter
  // is at INT64_MAX, reply_error when it is not an integer; either way the lock stays free.
  reply run_fenced(const std::string& token);
  // The release signal of this lock's channel, subscribing on first use; nullptr when
  // notifications are off or no listener can be had (then waiters only poll).
  const detail::release_signal* signal();
  // Stops the watchdog, then runs the release script; false when the key no longer held the token.
  bool release_held(const lock_holding& held);
  void start_watchdog(const std::string& token);
  void stop_watchdog_for(const std::string& token);
  bool watchdog_lost(const std::string& token) const;

  const std::shared_ptr<executor> exec;
  const std::string key;
  const lock_options options;  // timeout normalized: zero is nullopt
  const std::optional<connection_options> listen_on;
  const std::string channel;  // key + ":released"
  const std::string fence;    // key + ":fence"
  const std::string ttl_ms;   // options.timeout in ms as text; empty for none

  mutable std::mutex mutex;  // guards the holdings and the watchdog
  std::unordered_map<std::uint64_t, lock_holding> per_thread;
  std::optional<lock_holding> shared;
  std::unique_ptr<detail::watchdog> dog;

  std::mutex watch_mutex;  // guards the watch, which may take a round trip to set up
  std::unique_ptr<detail::release_watch> watch;
  clock::time_point listener_retry_after{};
};

}  // namespace rediscache
