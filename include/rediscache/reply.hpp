#pragma once

#include <rediscache/export.hpp>

#include <cstdint>
#include <new>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rediscache {

/// One RESP2 reply, owning its data. Arrays nest. Accessors of the wrong kind throw
/// protocol_error, because a reply of an unexpected kind means the caller and the server disagree
/// about the command.
class REDISCACHE_API reply {
 public:
  /// What a reply holds.
  enum class kind : std::uint8_t {
    nil,            ///< nil (a missing value)
    integer,        ///< an integer
    simple_string,  ///< a simple string ("OK")
    bulk_string,    ///< a bulk string (binary-safe)
    error,          ///< an error reply
    array           ///< an array of replies
  };

  reply() noexcept : integer_(0) {}  // nil
  /// A nil reply.
  static reply make_nil() { return reply(); }
  /// An integer reply.
  static reply make_integer(long long value);
  /// A simple string ("OK", "PONG").
  static reply make_simple_string(std::string_view text);
  /// A bulk string, binary-safe.
  static reply make_bulk_string(std::string_view bytes);
  /// An error reply with its whole message ("ERR ...").
  static reply make_error(std::string_view message);
  /// An array of replies.
  static reply make_array(std::vector<reply> elements);

  ///@{
  /// Copies are deep: an array is copied with its elements.
  reply(const reply& other) : integer_(0) { copy_from(other); }
  reply(reply&& other) noexcept : integer_(0) { move_from(std::move(other)); }
  reply& operator=(const reply& other) {
    if (this != &other) *this = reply(other);
    return *this;
  }
  reply& operator=(reply&& other) noexcept {
    if (this != &other) {
      destroy();
      move_from(std::move(other));
    }
    return *this;
  }
  ///@}
  ~reply() { destroy(); }

  /// The reply's kind.
  kind type() const noexcept { return kind_; }
  ///@{
  /// Whether the reply is of that kind.
  bool is_nil() const noexcept { return kind_ == kind::nil; }
  bool is_integer() const noexcept { return kind_ == kind::integer; }
  bool is_error() const noexcept { return kind_ == kind::error; }
  bool is_array() const noexcept { return kind_ == kind::array; }
  ///@}
  /// A simple or bulk string.
  bool is_string() const noexcept {
    return kind_ == kind::simple_string || kind_ == kind::bulk_string;
  }
  /// True for the simple string "OK".
  bool is_ok() const noexcept;

  /// Value accessors. On an error reply they throw reply_error (so a caller that expects a value
  /// sees the server's error); on a reply of another kind, protocol_error.
  long long integer() const;
  /// The text of a simple or bulk string.
  const std::string& str() const;
  ///@{
  /// The elements of an array.
  const std::vector<reply>& elements() const;
  std::vector<reply>& elements();
  ///@}
  /// Moves the string out, leaving this reply's string empty.
  std::string take_str();
  /// The message of an error reply ("WRONGTYPE Operation against a key ..."); empty otherwise.
  const std::string& error_message() const noexcept;

  /// Throws reply_error when this is an error reply; returns *this otherwise.
  const reply& throw_if_error() const;

  /// A short human-readable rendering for logs and test failure messages.
  std::string to_debug_string() const;

  ///@{
  /// Equal when the kinds and the contents (recursively) are equal.
  friend bool operator==(const reply& a, const reply& b);
  friend bool operator!=(const reply& a, const reply& b) { return !(a == b); }

 ///@}
 private:
  bool holds_text() const noexcept { return is_string() || kind_ == kind::error; }
  void copy_from(const reply& other);
  void move_from(reply&& other) noexcept {
    if (other.kind_ == kind::array) {
      new (&elements_) std::vector<reply>(std::move(other.elements_));
    } else if (other.holds_text()) {
      new (&text_) std::string(std::move(other.text_));
    } else {
      integer_ = other.integer_;
    }
    kind_ = other.kind_;
  }
  void destroy() noexcept {
    if (kind_ == kind::array) {
      elements_.~vector();
    } else if (holds_text()) {
      text_.~basic_string();
    }
    kind_ = kind::nil;
    integer_ = 0;
  }

  /// One value at a time: 40 bytes per array element instead of the 72 of separate members, which
  /// matters when a reply has millions of elements.
  kind kind_ = kind::nil;
  union {
    long long integer_;
    std::string text_;  ///< simple string, bulk string or error message
    std::vector<reply> elements_;
  };
};

/// "nil", "integer", ... for logs and messages.
REDISCACHE_API const char* to_string(reply::kind k) noexcept;

}  // namespace rediscache
