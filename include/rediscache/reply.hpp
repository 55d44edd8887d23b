#pragma once

#include <rediscache/export.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace rediscache {

// One RESP2 reply, owning its data. Arrays nest. Accessors of the wrong kind throw protocol_error,
// because a reply of an unexpected kind means the caller and the server disagree about the command.
class REDISCACHE_API reply {
 public:
  enum class kind : std::uint8_t { nil, integer, simple_string, bulk_string, error, array };

  reply() = default;  // nil
  static reply make_nil() { return reply(); }
  static reply make_integer(long long value);
  static reply make_simple_string(std::string_view text);
  static reply make_bulk_string(std::string_view bytes);
  static reply make_error(std::string_view message);
  static reply make_array(std::vector<reply> elements);

  kind type() const noexcept { return static_cast<kind>(value_.index()); }
  bool is_nil() const noexcept { return type() == kind::nil; }
  bool is_integer() const noexcept { return type() == kind::integer; }
  bool is_error() const noexcept { return type() == kind::error; }
  bool is_array() const noexcept { return type() == kind::array; }
  // A simple or bulk string.
  bool is_string() const noexcept {
    return type() == kind::simple_string || type() == kind::bulk_string;
  }
  // True for the simple string "OK".
  bool is_ok() const noexcept;

  // Value accessors. On an error reply they throw reply_error (so a caller that expects a value
  // sees the server's error); on a reply of another kind, protocol_error.
  long long integer() const;
  // The text of a simple or bulk string.
  const std::string& str() const;
  const std::vector<reply>& elements() const;
  std::vector<reply>& elements();
  // Moves the string out, leaving this reply's string empty.
  std::string take_str();
  // The message of an error reply ("WRONGTYPE Operation against a key ..."); empty otherwise.
  const std::string& error_message() const noexcept;

  // Throws reply_error when this is an error reply; returns *this otherwise.
  const reply& throw_if_error() const;

  // A short human-readable rendering for logs and test failure messages.
  std::string to_debug_string() const;

  friend bool operator==(const reply& a, const reply& b) { return a.value_ == b.value_; }
  friend bool operator!=(const reply& a, const reply& b) { return !(a == b); }

 private:
  // One alternative per kind, in the order of the enum, so the index is the kind. A reply holds
  // one value at a time: 40 bytes per array element instead of the 72 of separate members, which
  // matters when a reply has millions of elements.
  template <kind K>
  struct text {
    std::string value;
    friend bool operator==(const text& a, const text& b) { return a.value == b.value; }
  };
  using storage = std::variant<std::monostate, long long, text<kind::simple_string>,
                               text<kind::bulk_string>, text<kind::error>, std::vector<reply>>;

  const std::string* text_or_null() const noexcept;
  storage value_;
};

REDISCACHE_API const char* to_string(reply::kind k) noexcept;

}  // namespace rediscache
