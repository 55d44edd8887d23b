#pragma once

#include <rediscache/export.hpp>

#include <nlohmann/json_fwd.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

/// \file
/// Django's django.core.signing, as Django 3.2 writes and reads it: what signed cookies, session
/// data and password-reset style tokens are made of. A C++ service holding the project's
/// SECRET_KEY signs values Django accepts and verifies values Django signed.
///
///   value:timestamp:signature    timestamp: base62 Unix seconds; signature: unpadded urlsafe
///                                base64 of HMAC(key = H(salt + "signer" + SECRET_KEY), message)
///
/// Failures are typed: bad_signature_error (malformed, or the HMAC does not match),
/// signature_expired_error (older than max_age; also a bad_signature_error).
namespace rediscache::django {

/// The hash of the HMAC (and of the key derivation).
enum class hash_algorithm {
  sha256,  ///< DEFAULT_HASHING_ALGORITHM's default in Django 3.1+, and the only one in 4.0+
  sha1,    ///< DEFAULT_HASHING_ALGORITHM = "sha1", the pre-3.1 legacy
};

/// What a timestamp_signer signs with.
struct signer_options {
  std::string secret_key;                             ///< settings.SECRET_KEY
  std::string salt = "django.core.signing";           ///< signing.dumps' default salt
  hash_algorithm algorithm = hash_algorithm::sha256;  ///< the algorithm signatures are made with
  /// Also accept signatures made with SHA1, as Django 3.2's Signer.unsign does (legacy_algorithm);
  /// Django 4.0+ no longer does.
  bool accept_legacy_sha1 = true;
  /// Decompressed payloads ('.'-prefixed, zlib) larger than this are refused.
  std::size_t max_decompressed_bytes = 64u * 1024 * 1024;
};

/// The clock of the timestamps (Unix seconds).
using signing_clock = std::chrono::system_clock;

/// django.core.signing.TimestampSigner. Immutable; safe to share across threads.
class REDISCACHE_API timestamp_signer {
 public:
  /// Signs and verifies with options.
  explicit timestamp_signer(signer_options options);

  /// value + ":" + timestamp + ":" + signature. value must not hold ':' parts Django would split
  /// differently; anything is accepted, as in Django (it splits from the right).
  std::string sign(std::string_view value,
                   signing_clock::time_point at = signing_clock::now()) const;
  /// The value, once the signature matches (compared in constant time) and, with max_age, the
  /// timestamp is no older than max_age at now.
  std::string unsign(std::string_view signed_value,
                     std::optional<std::chrono::seconds> max_age = std::nullopt,
                     signing_clock::time_point now = signing_clock::now()) const;
  /// When a signed value was signed (it is not verified here; unsign() first).
  static signing_clock::time_point timestamp_of(std::string_view signed_value);

  /// signing.dumps(obj, compress=...): compact ASCII-only JSON, zlib-compressed with a '.' prefix
  /// when that is shorter, urlsafe base64, then sign().
  std::string sign_object(const nlohmann::json& obj, bool compress = false,
                          signing_clock::time_point at = signing_clock::now()) const;
  /// signing.loads(s, max_age=...). A payload that verifies but is not base64, zlib or JSON is a
  /// codec_error (only a holder of the secret key could have written it).
  nlohmann::json unsign_object(std::string_view signed_value,
                               std::optional<std::chrono::seconds> max_age = std::nullopt,
                               signing_clock::time_point now = signing_clock::now()) const;

  /// Signer.signature(value): the unpadded urlsafe base64 HMAC alone.
  std::string signature(std::string_view value) const;

 private:
  bool verifies(std::string_view value, std::string_view sig) const;
  signer_options options_;
};

///@{
/// signing.dumps / signing.loads with the default JSONSerializer.
REDISCACHE_API std::string dumps(const nlohmann::json& obj, std::string_view secret_key,
                                 std::string_view salt = "django.core.signing",
                                 bool compress = false);
REDISCACHE_API nlohmann::json loads(std::string_view signed_value, std::string_view secret_key,
                                    std::string_view salt = "django.core.signing",
                                    std::optional<std::chrono::seconds> max_age = std::nullopt);
///@}

///@{
/// django.utils.baseconv.base62, as the timestamps use it; base62_decode throws
/// bad_signature_error if text is malformed.
REDISCACHE_API std::string base62_encode(long long n);
REDISCACHE_API long long base62_decode(std::string_view text);
///@}

}  // namespace rediscache::django

/// \namespace rediscache::django
/// Django interoperability beyond the cache: django.core.signing (TimestampSigner, dumps and
/// loads) and Django 3.2 sessions stored outside the cache engine.
