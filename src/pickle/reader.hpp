#pragma once

// Reads pickles as a stack machine over an arena of nodes, then copies the result into values.
// Nodes are shared by index, as Python shares objects through the memo, so a list memoized while
// empty and filled later reads back filled; every opcode makes at most one node, so the arena
// stays proportional to the input, and only the final copy can grow, under load_limits.

#include "pickle/big_int.hpp"
#include "pickle/globals.hpp"
#include "pickle/utf8.hpp"

#include <rediscache/error.hpp>
#include <rediscache/pickle/pickle.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace rediscache::pickle::detail {

enum class tag : unsigned char { value, klass, tz, pending_uuid };

struct node {
  tag t = tag::value;
  kind k = kind::none;
  global cls = global::none;
  std::int64_t i = 0;
  double f = 0;
  std::string text;                   // str, bytes, big int decimal, Decimal, uuid octets
  std::vector<std::size_t> children;  // containers; a dict's keys and values alternate
  date_time when;
  time_delta delta;
  utc_offset offset;  // tag::tz
};

[[noreturn]] inline void fail(const std::string& why) {
  throw codec_error("pickle value cannot be read: " + why);
}

class reader {
 public:
  reader(std::string_view data, const load_limits& limits) : in_(data), limits_(limits) {}

  value run();

 private:
  // --- input ---
  char byte() {
    if (pos_ >= in_.size()) fail("truncated");
    return in_[pos_++];
  }
  std::string_view take(std::uint64_t n) {
    if (n > in_.size() - pos_) fail("truncated (a length of " + std::to_string(n) + " bytes)");
    const auto out = in_.substr(pos_, static_cast<std::size_t>(n));
    pos_ += static_cast<std::size_t>(n);
    return out;
  }
  std::uint64_t le(int n) {
    const auto b = take(static_cast<std::uint64_t>(n));
    std::uint64_t v = 0;
    for (int k = n - 1; k >= 0; --k)
      v = (v << 8) | static_cast<std::uint8_t>(b[static_cast<std::size_t>(k)]);
    return v;
  }
  std::string_view line() {
    const auto end = in_.find('\n', pos_);
    if (end == std::string_view::npos) fail("truncated");
    const auto out = in_.substr(pos_, end - pos_);
    pos_ = end + 1;
    return out;
  }

  // --- stack ---
  std::size_t make(node n) {
    nodes_.push_back(std::move(n));
    return nodes_.size() - 1;
  }
  void push_value(node n) { stack_.push_back(make(std::move(n))); }
  std::size_t pop() {
    if (stack_.size() <= floor()) fail("stack underflow");
    const auto top = stack_.back();
    stack_.pop_back();
    return top;
  }
  std::size_t top() {
    if (stack_.size() <= floor()) fail("stack underflow");
    return stack_.back();
  }
  std::size_t floor() const { return marks_.empty() ? 0 : marks_.back(); }
  std::vector<std::size_t> pop_mark() {
    if (marks_.empty()) fail("no MARK to pop to");
    const auto from = marks_.back();
    marks_.pop_back();
    std::vector<std::size_t> items(stack_.begin() + static_cast<std::ptrdiff_t>(from),
                                   stack_.end());
    stack_.resize(from);
    return items;
  }
  node& value_node(std::size_t idx, kind k, const char* what) {
    node& n = nodes_[idx];
    if (n.t != tag::value || n.k != k) fail(std::string(what) + " applied to " + describe(n));
    return n;
  }
  std::string describe(const node& n) const {
    if (n.t == tag::klass) return "the class " + std::string(name_of(n.cls));
    if (n.t == tag::tz) return "a datetime.timezone";
    if (n.t == tag::pending_uuid) return "an unfinished uuid.UUID";
    return std::string(to_string(n.k));
  }

  static node scalar(kind k) {
    node n;
    n.k = k;
    return n;
  }
  static node integer(std::int64_t v) {
    node n = scalar(kind::integer);
    n.i = v;
    return n;
  }
  static node text(kind k, std::string_view t) {
    node n = scalar(k);
    n.text = std::string(t);
    return n;
  }
  node str(std::string_view utf8) const {
    if (!detail::is_valid_utf8(utf8)) fail("a str that is not valid UTF-8 (or holds a surrogate)");
    return text(kind::str, utf8);
  }
  node big(std::string_view octets) const {
    if (octets.size() * 2.41 > static_cast<double>(limits_.max_int_digits) + 3) {
      fail("an int of " + std::to_string(octets.size()) + " bytes exceeds " +
           std::to_string(limits_.max_int_digits) + " digits");
    }
    const std::string decimal = detail::twos_complement_to_decimal(octets);
    const value v = value::integer(decimal);
    if (v.type() == kind::integer) return integer(v.as_int());
    return text(kind::big_integer, decimal);
  }

  void memo_put(std::uint64_t index) {
    if (stack_.size() <= floor()) fail("stack underflow");
    memo_[index] = stack_.back();
  }
  void memo_get(std::uint64_t index) {
    const auto it = memo_.find(index);
    if (it == memo_.end()) fail("memo entry " + std::to_string(index) + " is missing");
    stack_.push_back(it->second);
  }

  void step(std::uint8_t op);
  void container_op(std::uint8_t op);
  void reduce();
  void newobj();
  void build_state();

  // --- output ---
  struct cost {
    std::size_t values = 0;
    std::size_t bytes = 0;
    std::size_t height = 0;  // levels of containers below
  };
  cost measure(std::size_t idx, std::size_t depth);
  value build(std::size_t idx);

  std::string_view in_;
  std::size_t pos_ = 0;
  const load_limits& limits_;
  std::vector<node> nodes_;
  std::vector<std::size_t> stack_;
  std::vector<std::size_t> marks_;
  std::unordered_map<std::uint64_t, std::size_t> memo_;
  std::vector<bool> in_progress_;
  std::vector<bool> done_;
  std::vector<cost> costs_;
};

}  // namespace rediscache::pickle::detail
