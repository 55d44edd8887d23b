#pragma once

// Renders user and server bytes (keys, URL parts, settings values, server error texts) for
// exception messages: a message must stay one printable line of bounded length, whatever the
// bytes were, so that logs cannot be split or flooded by what a caller or a server sent.

#include <cstddef>
#include <string>
#include <string_view>

namespace rediscache::detail {

// How much of a server's error text a message shows. Redis' own texts, Lua script errors
// included, stay far below it.
inline constexpr std::size_t max_server_text_bytes = 512;

// text with \r, \n, \t, \\ and \xNN for every other byte outside printable ASCII; when text is
// longer than max_bytes, its first max_bytes followed by "...(N bytes)" with N its whole length.
std::string escape_for_message(std::string_view text, std::size_t max_bytes = 64);

// escape_for_message() in single quotes, the truncation note after the closing quote:
// 'abc'...(1048576 bytes).
std::string quote_for_message(std::string_view text, std::size_t max_bytes = 64);

}  // namespace rediscache::detail
