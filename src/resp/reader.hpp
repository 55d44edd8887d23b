#pragma once

#include <rediscache/connection_options.hpp>
#include <rediscache/reply.hpp>

#include <cstddef>
#include <string>

struct redisReader;

namespace rediscache::detail {

// Incremental RESP2 parser: hiredis' redisReader building our reply type directly through its
// object callbacks. Bytes may arrive in any fragmentation. Does no I/O. After a protocol error the
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
  // needed. Throws protocol_error.
  bool next(reply& out);

 private:
  friend struct reader_callbacks;
  [[noreturn]] void fail(const std::string& why);
  void check_pending_item();

  redisReader* parser_;
  reply_limits limits_;
  reply root_;                 // the reply under construction; hiredis points at it
  std::string limit_violation_;  // why a callback refused an object, if it did
  bool failed_ = false;
};

}  // namespace rediscache::detail
