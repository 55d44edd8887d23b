#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace rediscache {

/// Whether acquire() waits for a held lock (redis-py blocking=True) or returns false at once.
enum class blocking_mode {
  blocking,     ///< wait for the lock
  non_blocking  ///< return false at once when it is held
};

/// Where a lock object keeps the token of an acquisition (redis-py thread_local).
enum class token_sharing {
  per_thread,  ///< each thread sees only the token it acquired (redis-py's default)
  shared       ///< one token for every thread: acquire in one thread, release in another
};

/// extend(): add to the remaining TTL, or replace it (redis-py replace_ttl).
enum class extend_mode {
  add,     ///< add to the remaining TTL
  replace  ///< replace the remaining TTL
};

/// The longest TTL a lock takes (timeout, extend()), about 142,700 years: redis-py's extend script
/// adds the remaining TTL to the extension in Lua, whose numbers are doubles, and that sum is exact
/// only while both stay within 2^52 ms. Longer is a config_error; for a lock that never expires,
/// leave the timeout unset.
inline constexpr std::chrono::milliseconds max_lock_ttl{std::int64_t{1} << 52};

/// How a distributed_lock behaves. Defaults are redis-py's Lock defaults.
struct lock_options {
  /// The lock's TTL (redis-py timeout), kept to the millisecond, at most max_lock_ttl. nullopt or
  /// zero: the key never expires and the lock is held until released, as in redis-py.
  std::optional<std::chrono::milliseconds> timeout;
  /// Pause between tries of a blocking acquire (redis-py sleep, 0.1 s). With notify_release a
  /// waiter is also woken as soon as a rediscache holder releases. Not negative; a pause too long
  /// to reach (milliseconds::max()) is a wait without end.
  std::chrono::milliseconds sleep{100};
  /// Whether acquire() waits (redis-py blocking).
  blocking_mode blocking = blocking_mode::blocking;
  /// Longest time a blocking acquire tries (redis-py blocking_timeout); nullopt: no limit. Not
  /// negative; durations past the clock's range count as no limit.
  std::optional<std::chrono::milliseconds> blocking_timeout;
  /// Whether the token is per thread or shared by all threads using this object.
  token_sharing sharing = token_sharing::per_thread;

  /// Beyond redis-py:
  /// release() publishes on "<key>:released" in the same script that deletes the key, and blocking
  /// waiters listen on that channel (one subscriber connection per process and server), so a
  /// handoff takes about a round trip instead of up to `sleep`. Holders that do not publish
  /// (redis-py) are still seen by polling every `sleep`. Off: release runs redis-py's own script.
  bool notify_release = true;
  /// Each acquisition increments "<key>:fence" in the same script that sets the key and returns the
  /// count as fencing_token(): strictly increasing across acquisitions by every rediscache client
  /// with fencing on, exact over the whole int64 range. The counter key never expires. When it is
  /// at INT64_MAX the acquire throws overflow_error and leaves the lock free.
  bool fencing = false;
  /// While held, a watchdog thread resets the TTL to `timeout` every auto_extend_interval (zero:
  /// timeout / 3). Needs a timeout. Stops on release and on destruction.
  bool auto_extend = false;
  std::chrono::milliseconds auto_extend_interval{0};  ///< the watchdog's period; zero: timeout / 3
  /// Called with the key when the lock is found lost while this object believed it held: by the
  /// watchdog (on its thread) or by unlock(). Optional.
  std::function<void(const std::string& key)> on_lost;
};

/// Per-call overrides of acquire(); an empty field falls back to lock_options, as redis-py's None.
struct acquire_options {
  std::optional<blocking_mode> blocking;  ///< wait or not; unset: lock_options::blocking
  /// Unset: lock_options::blocking_timeout.
  std::optional<std::chrono::milliseconds> blocking_timeout;
  std::optional<std::chrono::milliseconds> sleep;  ///< unset: lock_options::sleep
  /// A token of your own (any bytes) instead of a random one, as redis-py acquire(token=...).
  std::optional<std::string> token;
};

}  // namespace rediscache
