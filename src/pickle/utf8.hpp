#pragma once

#include <string>
#include <string_view>

namespace rediscache::pickle::detail {

// Strict UTF-8: no overlong forms, no surrogates, nothing past U+10FFFF.
bool is_valid_utf8(std::string_view s) noexcept;
// Each code point of valid UTF-8 as one byte; false if one is past U+00FF (str.encode("latin1")).
bool utf8_to_latin1(std::string_view s, std::string& out);
// Each byte as the code point of the same number (bytes.decode("latin1")).
std::string latin1_to_utf8(std::string_view s);

}  // namespace rediscache::pickle::detail
