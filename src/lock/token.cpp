#include "lock/token.hpp"

#include <rediscache/error.hpp>

#include <openssl/rand.h>

#include <sys/random.h>

#include <cerrno>
#include <cstddef>

namespace rediscache::detail {
namespace {

// The kernel's CSPRNG, for the rare case where OpenSSL's DRBG cannot be seeded.
bool fill_from_kernel(unsigned char* out, std::size_t size) {
  std::size_t filled = 0;
  while (filled < size) {
    ssize_t n = ::getrandom(out + filled, size - filled, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    filled += static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace

std::string new_lock_token() {
  unsigned char bytes[16];
  if (RAND_bytes(bytes, sizeof bytes) != 1 && !fill_from_kernel(bytes, sizeof bytes)) {
    throw error(errc::lock, "no random bytes available for a lock token");
  }
  static const char hex[] = "0123456789abcdef";
  std::string token;
  token.reserve(2 * sizeof bytes);
  for (unsigned char byte : bytes) {
    token += hex[byte >> 4];
    token += hex[byte & 0x0f];
  }
  return token;
}

}  // namespace rediscache::detail
