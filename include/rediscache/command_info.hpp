#pragma once

#include <rediscache/export.hpp>

#include <cstdint>
#include <string_view>

namespace rediscache {

/// Where a command's keys are among its arguments, in Redis 7's own key-specification terms
/// (COMMAND DOCS "key specifications"): a search for where the keys begin, then how to find them
/// from there. Indexes count the command name as argument 0.
struct key_spec {
  enum class begin : std::uint8_t {
    index,    ///< keys begin at argument `start`
    keyword,  ///< keys begin after `keyword`, searched from argument `start` (negative: from the end)
  };
  enum class find : std::uint8_t {
    range,   ///< a: last key relative to the begin (negative: from the end); b: step;
             ///< c: with a = -1, only the first 1/c of the remaining arguments (0: all)
    keynum,  ///< a: the argument holding the key count, relative to the begin; b: step;
             ///< c: the first key, relative to the begin
  };
  begin how = begin::index;
  std::int16_t start = 0;
  const char* keyword = nullptr;
  find what = find::range;
  std::int16_t a = 0;
  std::int16_t b = 1;
  std::int16_t c = 0;
};

/// What routers, retries and the multiplexer need to know about one command (or subcommand,
/// named "parent|sub" as Redis does). The table comes from redis-server's COMMAND reply.
struct command_info {
  enum flag : std::uint16_t {
    read_only = 1,         ///< reads only: may go to a replica
    write = 2,             ///< changes data: goes to a primary
    blocking = 4,          ///< may wait on the server (BLPOP, XREAD BLOCK): not retried
    idempotent = 8,        ///< running it twice leaves the same state and reply: may be retried
    pinned = 16,           ///< changes or needs connection state (WATCH, MULTI, SELECT, SUBSCRIBE)
    keys_incomplete = 32,  ///< keys cannot all be found from the arguments (SORT ... STORE): ask
                           ///< the server (COMMAND GETKEYS)
  };
  std::string_view name;  ///< lower case
  std::int16_t arity;     ///< Redis' arity: n exactly, or -n for at least n arguments
  std::uint16_t flags;
  std::uint8_t spec_count;
  key_spec specs[2];

  bool has(flag f) const noexcept { return (flags & f) != 0; }
};

/// The entry for a command name (any case), or for "name|subcommand" when the command has
/// subcommands and a second argument names one. nullptr for a command Redis 7.0 does not have.
REDISCACHE_API const command_info* find_command_info(std::string_view name,
                                                     std::string_view subcommand = {}) noexcept;

}  // namespace rediscache
