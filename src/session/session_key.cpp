#include <rediscache/error.hpp>
#include <rediscache/session/session_key.hpp>

#include <openssl/rand.h>

#include <array>

namespace rediscache {

static_assert(session_key_alphabet.size() == 36, "Django's VALID_KEY_CHARS");

std::string new_session_key() {
  // Bytes of 252 or more are rejected so every character is equally likely (252 = 7 * 36).
  constexpr unsigned limit = 256 - 256 % session_key_alphabet.size();
  std::string key;
  key.reserve(session_key_length);
  std::array<unsigned char, 48> pool{};
  while (key.size() < session_key_length) {
    if (RAND_bytes(pool.data(), static_cast<int>(pool.size())) != 1) {
      throw session_error("the CSPRNG (OpenSSL RAND_bytes) failed to make a session key");
    }
    for (unsigned char b : pool) {
      if (b >= limit) continue;
      key += session_key_alphabet[b % session_key_alphabet.size()];
      if (key.size() == session_key_length) break;
    }
  }
  return key;
}

bool is_valid_session_key(std::string_view key) noexcept {
  if (key.size() < session_key_min_length || key.size() > session_key_max_length) return false;
  for (char c : key) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) return false;
  }
  return true;
}

}  // namespace rediscache
