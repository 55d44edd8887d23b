#pragma once

#include <rediscache/export.hpp>

#include <string>
#include <string_view>

namespace rediscache {

/// Redis' glob matching (stringmatchlen, case-sensitive) byte for byte, so memory_backend filters
/// SCAN the way a server does: `*`, `?`, `[abc]`, `[^abc]`, `[a-z]` (reversed ranges too, bytes
/// compared as signed chars like Redis on x86-64), and `\` escaping the next byte inside and
/// outside brackets. Binary-safe; O(pattern * text) whatever the pattern.
///
/// Redis quirks kept on purpose: an empty text matches only an empty pattern (SCAN and KEYS
/// special-case the exact pattern "*" before calling this), an unterminated `[` runs to the end of
/// the pattern, and a match that needs more than 1000 nested `*` fails.
REDISCACHE_API bool glob_match(std::string_view pattern, std::string_view text);

/// Escapes `*`, `?`, `[`, `]` and `\` so the result matches exactly `literal`; used to put a key
/// prefix that may contain glob characters in front of a user's pattern.
REDISCACHE_API std::string glob_escape(std::string_view literal);

}  // namespace rediscache
