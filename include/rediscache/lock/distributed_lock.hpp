#pragma once

#include <rediscache/executor.hpp>
#include <rediscache/export.hpp>
#include <rediscache/key_version.hpp>
#include <rediscache/lock/lock_options.hpp>

#include <chrono>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace rediscache {

class cache;

/// A lock held in one Redis key, with redis-py's Lock semantics and wire format, so C++ and Python
/// processes can share it: acquire is SET key token NX [PX ttl]; release, extend and reacquire are
/// Lua scripts that first check the token (extend and reacquire are redis-py's own scripts, byte
/// for byte). The token is 32 lower-case hex characters from a CSPRNG.
///
/// Usable with std::lock_guard, std::unique_lock and std::scoped_lock (Lockable, TimedLockable).
/// Thread-safe. The destructor does not release (as redis-py): use a guard, or release().
/// Errors: lock_error for misuse (release or extend when not held, extend without a timeout,
/// lock() not acquired within blocking_timeout); lock_not_owned_error when the key no longer holds
/// our token (it expired, maybe taken by another owner); config_error for options or durations out
/// of range; connection errors as the executor throws.
class REDISCACHE_API distributed_lock {
 public:
  /// The key is c.make_key(name, version), as django-redis' cache.lock(name) (whose key carries the
  /// alias' version; pass one to lock the name under another version, like any cache call). Throws
  /// unsupported_error for a cache not on Redis (memory://).
  distributed_lock(const cache& c, std::string_view name, lock_options options = {},
                   key_version version = {});
  /// A raw key; exec must outlive the lock. Release notifications reach waiters only when exec is
  /// a pooled_executor (others poll).
  distributed_lock(executor& exec, std::string key, lock_options options = {});
  /// A raw key on a shared executor, which the lock keeps alive.
  distributed_lock(std::shared_ptr<executor> exec, std::string key, lock_options options = {});
  distributed_lock(const distributed_lock&) = delete;
  distributed_lock& operator=(const distributed_lock&) = delete;
  ///@{
  /// Moves the lock object; only the new one may be used afterwards.
  distributed_lock(distributed_lock&&) noexcept;
  distributed_lock& operator=(distributed_lock&&) noexcept;
  ///@}
  ~distributed_lock();

  /// redis-py acquire(): tries SET NX; when blocking, tries again every `sleep` (or when woken by a
  /// release) and gives up, returning false without sleeping, as soon as the next try would come
  /// after blocking_timeout.
  bool acquire();
  /// As acquire(), waiting or not as \p blocking says.
  bool acquire(blocking_mode blocking);
  /// As acquire(), with some options overridden for this call.
  bool acquire(const acquire_options& overrides);
  /// Clears the local token, then deletes the key if it still holds it. lock_error when there is no
  /// local token; lock_not_owned_error when the key no longer holds it: it expired (the key is
  /// gone) or another owner holds it (their key is left intact).
  void release();
  /// Adds to the remaining TTL or replaces it (redis-py extend(additional_time, replace_ttl)).
  /// True, as redis-py; otherwise it throws: lock_error when not held or without a timeout,
  /// lock_not_owned_error when the key no longer holds the token or has no TTL, config_error when
  /// `additional` is negative or above max_lock_ttl.
  bool extend(std::chrono::milliseconds additional, extend_mode mode = extend_mode::add);
  /// Resets the TTL to `timeout` (redis-py reacquire()). True, or throws as extend().
  bool reacquire();
  /// Whether anyone holds the key.
  bool locked() const;
  /// Whether the key holds this thread's (or the shared) token.
  bool owned() const;

  ///@{
  /// Lockable and TimedLockable. lock() waits without limit when blocking_timeout is unset; with
  /// one, it throws lock_error "Unable to acquire lock within the time specified". It blocks even
  /// when options.blocking is non_blocking. unlock() never throws (guards call it from
  /// destructors): a failed release is logged at warning level and, when the lock was no longer
  /// owned, reported to on_lost.
  void lock();
  void unlock() noexcept;
  bool try_lock();
  ///@}
  /// A wait longer than milliseconds can hold (hours::max()) is a wait without a limit.
  template <class Rep, class Period>
  bool try_lock_for(const std::chrono::duration<Rep, Period>& wait) {
    using std::chrono::milliseconds;
    constexpr auto longest = static_cast<double>(std::numeric_limits<milliseconds::rep>::max());
    if (std::chrono::duration<double, std::milli>(wait).count() >= longest) {
      return try_lock_within(milliseconds::max());
    }
    return try_lock_within(std::chrono::ceil<milliseconds>(wait));
  }
  /// As try_lock_for(), until \p deadline.
  template <class Clock, class Duration>
  bool try_lock_until(const std::chrono::time_point<Clock, Duration>& deadline) {
    const auto now = Clock::now();
    if (deadline <= now) return try_lock_within(std::chrono::milliseconds(0));
    return try_lock_for(deadline - now);
  }

  /// The lock's key in Redis.
  const std::string& key() const noexcept;
  ///@{
  /// "<key>:released" and "<key>:fence".
  std::string notification_channel() const;
  std::string fence_key() const;
  ///@}
  /// The options the lock was made with.
  const lock_options& options() const noexcept;
  /// The token of the calling thread (or the shared one); nullopt when not held.
  std::optional<std::string> token() const;
  /// The fencing token of the current acquisition (with options.fencing); nullopt otherwise.
  std::optional<std::int64_t> fencing_token() const;
  /// True when the auto-extend watchdog found the current acquisition no longer owned.
  bool ownership_lost() const;

 private:
  bool try_lock_within(std::chrono::milliseconds wait);
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace rediscache
