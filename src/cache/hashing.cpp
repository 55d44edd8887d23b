#include <rediscache/fragment.hpp>
#include <rediscache/memoize.hpp>

#include <openssl/evp.h>

#include <stdexcept>

namespace rediscache {
namespace {

std::string hex_digest(const EVP_MD* algorithm, const std::vector<std::string_view>& pieces) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  bool ok = ctx != nullptr && EVP_DigestInit_ex(ctx, algorithm, nullptr) == 1;
  for (auto piece : pieces) ok = ok && EVP_DigestUpdate(ctx, piece.data(), piece.size()) == 1;
  ok = ok && EVP_DigestFinal_ex(ctx, digest, &length) == 1;
  EVP_MD_CTX_free(ctx);
  if (!ok) throw std::runtime_error("OpenSSL digest failed");
  static const char hex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < length; ++i) {
    out += hex[digest[i] >> 4];
    out += hex[digest[i] & 0x0f];
  }
  return out;
}

}  // namespace

std::string detail::stable_hash(std::string_view text) { return hex_digest(EVP_sha1(), {text}); }

std::string fragment_key(std::string_view fragment_name, const std::vector<std::string>& vary_on) {
  std::vector<std::string_view> pieces;
  for (const auto& part : vary_on) {
    pieces.push_back(part);
    pieces.push_back(":");
  }
  std::string key = "template.cache.";
  key.append(fragment_name);
  key += '.';
  key += hex_digest(EVP_md5(), pieces);
  return key;
}

}  // namespace rediscache
