#pragma once

#include <rediscache/connection_options.hpp>
#include <rediscache/reply.hpp>

#include <cstddef>
#include <exception>
#include <string>

struct redisReader;

namespace rediscache::detail {

// Incremental RESP2 parser: hiredis' redisReader building our reply type directly through its
// object callbacks. Bytes may arrive in any fragmentation. Does no I/O. Every reply is held to
// reply_limits, including a total memory budget, checked before the memory is taken. After any
// exception (a protocol error, or one such as std::bad_alloc thrown while building a reply) the
// reader is unusable, as is the connection it served.
class reader {
 public:
  explicit reader(const reply_limits& limits);
  ~reader();
  reader(const reader&) = delete;
  reader& operator=(const reader&) = delete;

  // Throws protocol_error when the buffered bytes break the protocol or the limits.
  void feed(const char* data, std::size_t size);
  // Moves the next complete reply into out and returns true, or returns false when more bytes are
  // needed. Throws protocol_error, or rethrows what building the reply threw.
  bool next(reply& out);

  // What one string of this length costs beyond its reply: the heap block, if it needs one.
  static std::size_t string_cost(std::size_t length) noexcept;

 private:
  friend struct reader_callbacks;
  [[noreturn]] void fail(const std::string& why);
  void check_pending_item();
  // Whether cost more fits the reply under construction; sets refusal_ when not.
  bool fits(std::size_t cost, const char* what);
  // Charges cost to the reply under construction, if it fits.
  bool charge(std::size_t cost, const char* what);

  redisReader* parser_;
  reply_limits limits_;
  // The reply under construction (hiredis points at it) and the memory charged to it so far.
  reply root_;
  std::size_t reply_bytes_ = 0;
  // Why a callback refused an object, or what it threw: next() reports it.
  std::string refusal_;
  std::exception_ptr callback_failure_;
  bool failed_ = false;
};

}  // namespace rediscache::detail
