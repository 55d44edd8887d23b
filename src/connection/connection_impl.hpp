#pragma once

#include "resp/reader.hpp"
#include "transport/transport.hpp"

#include <rediscache/connection.hpp>

#include <memory>
#include <string>

namespace rediscache {

struct connection::impl {
  impl(const connection_options& opts, std::unique_ptr<detail::transport> stream)
      : options(opts), io(std::move(stream)), parser(opts.limits) {}

  // The buffer to encode the next commands into, emptied: a command whose encoding threw half
  // way (std::bad_alloc) left bytes there that must never be sent.
  std::string& start_commands() {
    ensure_open();
    out.clear();
    return out;
  }
  // Writes out and reads count replies into results; breaks the connection on any failure.
  // block_time: how long a blocking command may keep the server busy beyond socket_timeout.
  void round_trip(std::size_t count, std::vector<reply>& results,
                  std::chrono::milliseconds block_time = {});
  reply round_trip_one(std::chrono::milliseconds block_time = {});
  void run_handshake();
  template <class ReadReplies>
  void exchange(ReadReplies&& read_replies, std::chrono::milliseconds block_time = {});
  void read_reply(reply& result, detail::clock::time_point deadline);
  [[noreturn]] void fail_closed() const;
  void ensure_open() const {
    if (broken) fail_closed();
  }
  void mark_broken() noexcept;
  // Breaks the connection after an exchange failed, whatever the failure was.
  void abandon_exchange(std::size_t written, const char* why) noexcept;

  connection_options options;
  std::unique_ptr<detail::transport> io;
  detail::reader parser;
  std::string out;  // reused for every write, so steady-state sends allocate nothing
  bool broken = false;
  bool sent_before_failure = false;
  detail::clock::time_point last_used = detail::clock::now();
  char in[16 * 1024];
};

namespace detail {

// The transport under an open connection, for the pool, which watches its idle connections' sockets
// all at once.
struct connection_socket {
  static transport& of(connection& c) { return *c.impl_->io; }
};

}  // namespace detail

// Throws the exception an error reply stands for: auth_error for NOAUTH, NOPERM and WRONGPASS,
// naming the user; reply_error otherwise.
[[noreturn]] void throw_reply(const reply& r, const connection_options& options);

}  // namespace rediscache
