#include "django/signing_detail.hpp"

#include <rediscache/cache.hpp>
#include <rediscache/django/sessions.hpp>
#include <rediscache/error.hpp>
#include <rediscache/pickle/pickle.hpp>

#include <nlohmann/json.hpp>

namespace rediscache::django {
namespace {

constexpr std::string_view cookie_salt = "django.contrib.sessions.backends.signed_cookies";
// SessionBase.key_salt: "django.contrib.sessions." + the engine class' __qualname__, which is
// SessionStore for both db and cached_db.
constexpr std::string_view session_data_salt = "django.contrib.sessions.SessionStore";
// SessionBase._hash's salt for the pre-3.1 format: no dot before the class name.
constexpr std::string_view legacy_hash_salt = "django.contrib.sessionsSessionStore";
constexpr std::string_view cached_db_prefix = "django.contrib.sessions.cached_db";

timestamp_signer signer(std::string_view secret_key, std::string_view salt) {
  signer_options o;
  o.secret_key = std::string(secret_key);
  o.salt = std::string(salt);
  return timestamp_signer(std::move(o));
}

std::string hex(std::string_view bytes) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  for (const char c : bytes) {
    out += digits[static_cast<unsigned char>(c) >> 4];
    out += digits[static_cast<unsigned char>(c) & 15];
  }
  return out;
}

// SessionBase._legacy_decode: base64("<sha1 hex hmac>:<json>").
nlohmann::json legacy_decode(std::string_view session_data, std::string_view secret_key) {
  std::string decoded;
  if (!detail::b64_decode(session_data, false, decoded)) {
    throw bad_signature_error("session data is neither signed nor in the pre-Django 3.1 format");
  }
  const auto colon = decoded.find(':');
  if (colon == std::string::npos) throw bad_signature_error("session data corrupted");
  const std::string_view serialized = std::string_view(decoded).substr(colon + 1);
  const std::string expected =
      hex(detail::salted_hmac(legacy_hash_salt, serialized, secret_key, hash_algorithm::sha1));
  if (!detail::constant_time_equal(std::string_view(decoded).substr(0, colon), expected)) {
    throw bad_signature_error("session data corrupted (its hash does not match)");
  }
  try {
    return nlohmann::json::parse(serialized);
  } catch (const nlohmann::json::exception&) {
    throw codec_error("legacy session data is not json");
  }
}

}  // namespace

std::string signed_cookie_session(const nlohmann::json& session, std::string_view secret_key,
                                  signing_clock::time_point at) {
  return signer(secret_key, cookie_salt).sign_object(session, true, at);
}

nlohmann::json load_signed_cookie_session(std::string_view cookie, std::string_view secret_key,
                                          std::chrono::seconds max_age,
                                          signing_clock::time_point now) {
  return signer(secret_key, cookie_salt).unsign_object(cookie, max_age, now);
}

std::string encode_session_data(const nlohmann::json& session, std::string_view secret_key,
                                signing_clock::time_point at) {
  return signer(secret_key, session_data_salt).sign_object(session, true, at);
}

nlohmann::json decode_session_data(std::string_view session_data, std::string_view secret_key) {
  try {
    return signer(secret_key, session_data_salt).unsign_object(session_data);
  } catch (const bad_signature_error&) {
    return legacy_decode(session_data, secret_key);
  }
}

std::string cached_db_session_key(std::string_view session_key) {
  return std::string(cached_db_prefix) + std::string(session_key);
}

std::optional<pickle::value> load_cached_db_session(cache& c, std::string_view session_key) {
  return c.get<pickle::value>(cached_db_session_key(session_key));
}

}  // namespace rediscache::django
