#pragma once

#include <rediscache/export.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace rediscache {

/// Django's VALID_KEY_CHARS: keys are lower case so they never depend on case-sensitivity.
inline constexpr std::string_view session_key_alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
/// Django's key length; 32 characters of 36 carry about 165 bits.
inline constexpr std::size_t session_key_length = 32;
/// Django's lower bound ("some minimal key security").
inline constexpr std::size_t session_key_min_length = 8;
/// Not in Django: a bound on what a cookie may make us look up.
inline constexpr std::size_t session_key_max_length = 256;

/// A new key of session_key_length characters from session_key_alphabet, drawn from the operating
/// system's CSPRNG (OpenSSL RAND_bytes) without modulo bias. Thread-safe. Throws session_error if
/// the CSPRNG fails.
REDISCACHE_API std::string new_session_key();

/// Whether key can name a session: session_key_min_length to session_key_max_length characters, all
/// from session_key_alphabet. Django checks only the length; anything else could not have been
/// issued by Django or by us, so it is rejected without asking the server.
REDISCACHE_API bool is_valid_session_key(std::string_view key) noexcept;

}  // namespace rediscache
