#include "codec/frames.hpp"
#include "django/signing_detail.hpp"
#include "quote.hpp"

#include <rediscache/django/signing.hpp>
#include <rediscache/error.hpp>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <zlib.h>
#include <nlohmann/json.hpp>

#include <climits>

namespace rediscache::django {
namespace {

constexpr char base62_alphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
constexpr char base64_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string b64_encode(std::string_view in) {
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    const unsigned v = static_cast<unsigned char>(in[i]) << 16 |
                       static_cast<unsigned char>(in[i + 1]) << 8 |
                       static_cast<unsigned char>(in[i + 2]);
    for (int k = 18; k >= 0; k -= 6) out += base64_alphabet[(v >> k) & 63];
  }
  if (i < in.size()) {
    unsigned v = static_cast<unsigned char>(in[i]) << 16;
    if (i + 1 < in.size()) v |= static_cast<unsigned char>(in[i + 1]) << 8;
    out += base64_alphabet[(v >> 18) & 63];
    out += base64_alphabet[(v >> 12) & 63];
    if (i + 1 < in.size()) out += base64_alphabet[(v >> 6) & 63];
  }
  return out;
}

int b64_value(char c, bool urlsafe) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == (urlsafe ? '-' : '+')) return 62;
  if (c == (urlsafe ? '_' : '/')) return 63;
  return -1;
}

}  // namespace

namespace detail {

// Base64 with or without '=' padding; false on any other character or a dangling sextet.
bool b64_decode(std::string_view in, bool urlsafe, std::string& out) {
  while (!in.empty() && in.back() == '=') in.remove_suffix(1);
  out.clear();
  unsigned acc = 0;
  int bits = 0;
  for (const char c : in) {
    const int v = b64_value(c, urlsafe);
    if (v < 0) return false;
    acc = (acc << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xff);
    }
  }
  return bits < 6;
}

// salted_hmac(key_salt, value, secret, algorithm).digest()
std::string salted_hmac(std::string_view key_salt, std::string_view value, std::string_view secret,
                        hash_algorithm algorithm) {
  const EVP_MD* md = algorithm == hash_algorithm::sha256 ? EVP_sha256() : EVP_sha1();
  unsigned char key[EVP_MAX_MD_SIZE];
  unsigned key_len = 0;
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  bool ok = ctx != nullptr && EVP_DigestInit_ex(ctx, md, nullptr) == 1 &&
            EVP_DigestUpdate(ctx, key_salt.data(), key_salt.size()) == 1 &&
            EVP_DigestUpdate(ctx, secret.data(), secret.size()) == 1 &&
            EVP_DigestFinal_ex(ctx, key, &key_len) == 1;
  EVP_MD_CTX_free(ctx);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned mac_len = 0;
  ok = ok && HMAC(md, key, static_cast<int>(key_len),
                  reinterpret_cast<const unsigned char*>(value.data()), value.size(), mac,
                  &mac_len) != nullptr;
  if (!ok) throw error(errc::bad_signature, "OpenSSL could not compute an HMAC");
  return std::string(reinterpret_cast<const char*>(mac), mac_len);
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace detail

std::string base62_encode(long long n) {
  if (n == 0) return "0";
  const bool negative = n < 0;
  unsigned long long u =
      negative ? 0ULL - static_cast<unsigned long long>(n) : static_cast<unsigned long long>(n);
  std::string out;
  while (u > 0) {
    out.insert(out.begin(), base62_alphabet[u % 62]);
    u /= 62;
  }
  if (negative) out.insert(out.begin(), '-');
  return out;
}

long long base62_decode(std::string_view text) {
  const bool negative = !text.empty() && text.front() == '-';
  if (negative) text.remove_prefix(1);
  if (text.empty() || text.size() > 11) {
    throw bad_signature_error("timestamp " + rediscache::detail::quote_for_message(text) +
                              " is not base62");
  }
  long long n = 0;
  for (const char c : text) {
    const char* at = std::char_traits<char>::find(base62_alphabet, 62, c);
    if (at == nullptr) {
      throw bad_signature_error("timestamp " + rediscache::detail::quote_for_message(text) +
                                " is not base62");
    }
    n = n * 62 + (at - base62_alphabet);  // 11 digits stay below 2^63
  }
  return negative ? -n : n;
}

timestamp_signer::timestamp_signer(signer_options options) : options_(std::move(options)) {}

std::string timestamp_signer::signature(std::string_view value) const {
  return b64_encode(detail::salted_hmac(options_.salt + "signer", value, options_.secret_key,
                                        options_.algorithm));
}

bool timestamp_signer::verifies(std::string_view value, std::string_view sig) const {
  if (detail::constant_time_equal(sig, signature(value))) return true;
  if (!options_.accept_legacy_sha1 || options_.algorithm == hash_algorithm::sha1) return false;
  const std::string legacy = b64_encode(detail::salted_hmac(
      options_.salt + "signer", value, options_.secret_key, hash_algorithm::sha1));
  return detail::constant_time_equal(sig, legacy);
}

std::string timestamp_signer::sign(std::string_view value, signing_clock::time_point at) const {
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(at.time_since_epoch());
  std::string stamped = std::string(value) + ":" + base62_encode(seconds.count());
  const std::string sig = signature(stamped);
  return stamped + ":" + sig;
}

std::string timestamp_signer::unsign(std::string_view signed_value,
                                     std::optional<std::chrono::seconds> max_age,
                                     signing_clock::time_point now) const {
  const auto sep = signed_value.rfind(':');
  if (sep == std::string_view::npos) throw bad_signature_error("no ':' found in the signed value");
  const auto stamped = signed_value.substr(0, sep);
  if (!verifies(stamped, signed_value.substr(sep + 1))) {
    throw bad_signature_error(
        "the signature does not match (another SECRET_KEY or salt, or the "
        "value was changed)");
  }
  const auto ts_sep = stamped.rfind(':');
  if (ts_sep == std::string_view::npos)
    throw bad_signature_error("the signed value has no timestamp");
  const long long ts = base62_decode(stamped.substr(ts_sep + 1));
  if (max_age) {
    const auto age =
        std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count() - ts;
    if (age > max_age->count()) {
      throw signature_expired_error("signature age " + std::to_string(age) + " > " +
                                    std::to_string(max_age->count()) + " seconds");
    }
  }
  return std::string(stamped.substr(0, ts_sep));
}

signing_clock::time_point timestamp_signer::timestamp_of(std::string_view signed_value) {
  auto stamped = signed_value.substr(0, signed_value.rfind(':'));
  const auto ts_sep = stamped.rfind(':');
  if (ts_sep == std::string_view::npos)
    throw bad_signature_error("the signed value has no timestamp");
  return signing_clock::time_point(std::chrono::seconds(base62_decode(stamped.substr(ts_sep + 1))));
}

std::string timestamp_signer::sign_object(const nlohmann::json& obj, bool compress,
                                          signing_clock::time_point at) const {
  std::string data;
  try {
    // json.dumps(obj, separators=(',', ':')) with ensure_ascii: Django reads it back as latin-1.
    data = obj.dump(-1, ' ', true, nlohmann::json::error_handler_t::strict);
  } catch (const nlohmann::json::exception& e) {
    throw codec_error(std::string("value cannot be signed as json: ") + e.what());
  }
  bool compressed = false;
  if (compress) {
    uLongf size = compressBound(static_cast<uLong>(data.size()));
    std::string z(size, '\0');
    if (compress2(reinterpret_cast<Bytef*>(&z[0]), &size,
                  reinterpret_cast<const Bytef*>(data.data()), static_cast<uLong>(data.size()),
                  Z_DEFAULT_COMPRESSION) == Z_OK &&
        size + 1 < data.size()) {
      z.resize(size);
      data = std::move(z);
      compressed = true;
    }
  }
  return sign((compressed ? "." : "") + b64_encode(data), at);
}

nlohmann::json timestamp_signer::unsign_object(std::string_view signed_value,
                                               std::optional<std::chrono::seconds> max_age,
                                               signing_clock::time_point now) const {
  std::string payload = unsign(signed_value, max_age, now);
  const bool compressed = !payload.empty() && payload.front() == '.';
  std::string data;
  if (!detail::b64_decode(std::string_view(payload).substr(compressed ? 1 : 0), true, data)) {
    throw codec_error("a signed value's payload is not urlsafe base64");
  }
  if (compressed) {
    std::string plain;
    switch (rediscache::detail::decode_frame(rediscache::detail::frame_format::zlib, data,
                                             options_.max_decompressed_bytes, plain)) {
      case rediscache::detail::frame_result::decoded:
        break;
      case rediscache::detail::frame_result::too_large:
        throw codec_error("a signed value expands past max_decompressed_bytes");
      case rediscache::detail::frame_result::corrupt:
        throw codec_error("a signed value's payload is not valid zlib data");
    }
    data = std::move(plain);
  }
  // JSONSerializer.loads decodes latin-1: each byte is one code point.
  std::string text;
  for (const char c : data) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x80) {
      text += c;
    } else {
      text += static_cast<char>(0xc0 | (u >> 6));
      text += static_cast<char>(0x80 | (u & 0x3f));
    }
  }
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception&) {
    throw codec_error("a signed value's payload is not json");
  }
}

namespace {

timestamp_signer signer_for(std::string_view secret_key, std::string_view salt) {
  signer_options o;
  o.secret_key = std::string(secret_key);
  o.salt = std::string(salt);
  return timestamp_signer(std::move(o));
}

}  // namespace

std::string dumps(const nlohmann::json& obj, std::string_view secret_key, std::string_view salt,
                  bool compress) {
  return signer_for(secret_key, salt).sign_object(obj, compress);
}

nlohmann::json loads(std::string_view signed_value, std::string_view secret_key,
                     std::string_view salt, std::optional<std::chrono::seconds> max_age) {
  return signer_for(secret_key, salt).unsign_object(signed_value, max_age);
}

}  // namespace rediscache::django
