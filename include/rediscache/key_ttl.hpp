#pragma once

#include <chrono>

namespace rediscache {

/// What ttl()/pttl() found: no such key, a key that never expires, or the time it has left.
class key_ttl {
 public:
  /// Which of the three cases it is.
  enum class state : unsigned char {
    missing,     ///< no such key
    persistent,  ///< a key without an expiry
    expiring     ///< a key with an expiry
  };

  /// No such key.
  static constexpr key_ttl missing() { return key_ttl(state::missing, {}); }
  /// A key that never expires.
  static constexpr key_ttl persistent() { return key_ttl(state::persistent, {}); }
  /// A key with \p left to live.
  static constexpr key_ttl expiring(std::chrono::milliseconds left) {
    return key_ttl(state::expiring, left);
  }

  /// Which of the three the key is.
  constexpr state status() const { return state_; }
  /// Whether the key exists (expiring or not).
  constexpr bool exists() const { return state_ != state::missing; }
  ///@{
  /// Whether the key is in that state.
  constexpr bool is_missing() const { return state_ == state::missing; }
  constexpr bool is_persistent() const { return state_ == state::persistent; }
  constexpr bool is_expiring() const { return state_ == state::expiring; }
  ///@}
  /// Time left; zero unless is_expiring().
  constexpr std::chrono::milliseconds remaining() const { return remaining_; }

  /// Equal when the state and the time left are equal.
  friend constexpr bool operator==(key_ttl a, key_ttl b) {
    return a.state_ == b.state_ && a.remaining_ == b.remaining_;
  }

 private:
  constexpr key_ttl(state s, std::chrono::milliseconds left) : state_(s), remaining_(left) {}
  state state_;
  std::chrono::milliseconds remaining_;
};

}  // namespace rediscache
