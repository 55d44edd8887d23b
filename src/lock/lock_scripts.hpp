#pragma once

#include <rediscache/script.hpp>

namespace rediscache::detail {

// redis-py's LUA_RELEASE_SCRIPT, byte for byte (SHA-1 c3f8721c...): KEYS[1] = name,
// ARGV[1] = token; 1 when deleted, 0 when the key does not hold the token.
const script& release_script();
// The same check and DEL, plus PUBLISH ARGV[2] KEYS[1] in the same script, so a waiter can never
// see the key gone without the notification having been sent, nor the reverse. The PUBLISH is
// best effort (pcall): an ACL user without channel rights still releases, and waiters poll.
const script& release_and_notify_script();
// redis-py's LUA_EXTEND_SCRIPT (a4e87838...): ARGV = token, ms, "0" add / "1" replace.
const script& extend_script();
// redis-py's LUA_REACQUIRE_SCRIPT (1cac5148...): ARGV = token, ms.
const script& reacquire_script();
// SET KEYS[1] ARGV[1] NX [PX ARGV[2]] and, when set, INCR KEYS[2]: the integer 0 when the lock is
// held, else the new count as a bulk string (GET after INCR), because an integer returned from Lua
// passes through a double and loses precision past 2^53. When INCR fails (the counter is at
// INT64_MAX, or not an integer) the SET is undone and INCR's error is the reply. ARGV[2] empty
// means no expiry.
const script& acquire_fenced_script();

}  // namespace rediscache::detail
