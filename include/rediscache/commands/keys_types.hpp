#pragma once

#include <rediscache/error.hpp>
#include <rediscache/key_ttl.hpp>
#include <rediscache/reply.hpp>
#include <rediscache/reply_as.hpp>
#include <rediscache/value_codec.hpp>

#include <chrono>
#include <optional>
#include <string>

/// \file
/// Reply types of the key commands.
namespace rediscache {

/// What EXPIRETIME/PEXPIRETIME found: no such key, a key that never expires, or when it expires.
class key_expiry_time {
 public:
  ///@{
  /// The same states as key_ttl's.
  using state = key_ttl::state;
  using time_point = std::chrono::system_clock::time_point;
  ///@}

  /// No such key.
  static key_expiry_time missing() { return key_expiry_time(state::missing, {}); }
  /// A key that never expires.
  static key_expiry_time persistent() { return key_expiry_time(state::persistent, {}); }
  /// A key that expires at \p when.
  static key_expiry_time at(time_point when) { return key_expiry_time(state::expiring, when); }

  /// Which of the three the key is.
  state status() const { return state_; }
  /// Whether the key exists (expiring or not).
  bool exists() const { return state_ != state::missing; }
  ///@{
  /// Whether the key is in that state.
  bool is_missing() const { return state_ == state::missing; }
  bool is_persistent() const { return state_ == state::persistent; }
  bool is_expiring() const { return state_ == state::expiring; }
  ///@}
  /// When the key expires; the epoch unless is_expiring().
  time_point when() const { return when_; }

  ///@{
  /// Equal when the state and the time are equal.
  friend bool operator==(const key_expiry_time& a, const key_expiry_time& b) {
    return a.state_ == b.state_ && a.when_ == b.when_;
  }
  friend bool operator!=(const key_expiry_time& a, const key_expiry_time& b) { return !(a == b); }
  ///@}

 private:
  key_expiry_time(state s, time_point when) : state_(s), when_(when) {}
  state state_;
  time_point when_;
};

namespace detail {

// TTL, PTTL, EXPIRETIME and PEXPIRETIME answer -2 for a missing key and -1 for one without an
// expiry; anything else below 0 is not a reply they give.
inline std::optional<key_ttl> special_ttl(long long value) {
  if (value == -2) return key_ttl::missing();
  if (value == -1) return key_ttl::persistent();
  if (value < 0) throw protocol_error("a TTL reply of " + std::to_string(value));
  return std::nullopt;
}

template <class Unit>
key_ttl ttl_in(reply&& r, const value_codec&) {
  const long long value = integer_of(r);
  if (auto special = special_ttl(value)) return *special;
  const Unit left(value);
  if (left > std::chrono::duration_cast<Unit>(std::chrono::milliseconds::max())) {
    throw protocol_error("a TTL reply of " + std::to_string(value) + " is out of range");
  }
  return key_ttl::expiring(std::chrono::duration_cast<std::chrono::milliseconds>(left));
}

template <class Unit>
key_expiry_time expiry_time_in(reply&& r, const value_codec&) {
  using clock_duration = std::chrono::system_clock::duration;
  const long long value = integer_of(r);
  if (auto special = special_ttl(value)) {
    return special->is_missing() ? key_expiry_time::missing() : key_expiry_time::persistent();
  }
  const Unit since_epoch(value);
  if (since_epoch > std::chrono::duration_cast<Unit>(clock_duration::max())) {
    throw protocol_error("an expiry time of " + std::to_string(value) + " is out of range");
  }
  return key_expiry_time::at(std::chrono::system_clock::time_point(
      std::chrono::duration_cast<clock_duration>(since_epoch)));
}

// OBJECT IDLETIME: seconds, or nil for a missing key.
inline std::optional<std::chrono::seconds> idle_seconds(reply&& r, const value_codec&) {
  if (r.is_nil()) return std::nullopt;
  const long long value = integer_of(r);
  if (value < 0) throw protocol_error("an idle time of " + std::to_string(value));
  return std::chrono::seconds(value);
}

}  // namespace detail
}  // namespace rediscache
