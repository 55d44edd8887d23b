#pragma once

#include <rediscache/export.hpp>

#include <cstdint>
#include <string_view>

namespace rediscache {

/// Where a command's keys are among its arguments, in Redis 7's own key-specification terms
/// (COMMAND DOCS "key specifications"): a search for where the keys begin, then how to find them
/// from there. Indexes count the command name as argument 0.
struct key_spec {
  /// How the keys' beginning is found.
  enum class begin : std::uint8_t {
    index,    ///< keys begin at argument `start`
    /// keys begin after `keyword`, searched from argument `start` (negative: from the end)
    keyword,
  };
  /// How the keys are found from their beginning.
  enum class find : std::uint8_t {
    range,   ///< a: last key relative to the begin (negative: from the end); b: step;
             ///< c: with a = -1, only the first 1/c of the remaining arguments (0: all)
    keynum,  ///< a: the argument holding the key count, relative to the begin; b: step;
             ///< c: the first key, relative to the begin
  };
  begin how = begin::index;  ///< begin::index or begin::keyword
  std::int16_t start = 0;  ///< the argument index the search starts at
  const char* keyword = nullptr;  ///< the keyword, for begin::keyword
  find what = find::range;  ///< find::range or find::keynum
  std::int16_t a = 0;  ///< see find
  std::int16_t b = 1;  ///< see find
  std::int16_t c = 0;  ///< see find
};

/// What routers, retries and the multiplexer need to know about one command (or subcommand,
/// named "parent|sub" as Redis does). The table comes from redis-server's COMMAND reply.
struct command_info {
  /// Flags of a command, combined in command_info::flags.
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
  std::uint16_t flags;  ///< the flag values, or'ed
  std::uint8_t spec_count;  ///< how many of specs are used
  key_spec specs[2];  ///< where the keys are: the first spec_count of these

  /// Whether the flag is set.
  bool has(flag f) const noexcept { return (flags & f) != 0; }
};

/// The entry for a command name (any case), or for "name|subcommand" when the command has
/// subcommands and a second argument names one. nullptr for a command Redis 7.0 does not have.
REDISCACHE_API const command_info* find_command_info(std::string_view name,
                                                     std::string_view subcommand = {}) noexcept;

}  // namespace rediscache
