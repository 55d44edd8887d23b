#pragma once

#include <rediscache/django/signing.hpp>
#include <rediscache/export.hpp>
#include <rediscache/pickle/value.hpp>

#include <nlohmann/json_fwd.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace rediscache {
class cache;
}

/// \file
/// Django 3.2 sessions stored outside the cache engine (which rediscache::session_store covers):
/// the signed_cookies engine's cookie, the db and cached_db engines' session_data column, and
/// the session dicts the cached_db engine keeps in the cache. SESSION_SERIALIZER must be the
/// default JSONSerializer (Django's PickleSerializer for sessions is not supported).
namespace rediscache::django {

/// SESSION_COOKIE_AGE's default: two weeks.
inline constexpr std::chrono::seconds default_session_cookie_age{1209600};

/// The signed_cookies engine: the session dict is the cookie value.
REDISCACHE_API std::string signed_cookie_session(
    const nlohmann::json& session, std::string_view secret_key,
    signing_clock::time_point at = signing_clock::now());
/// Reads a signed_cookies session cookie; bad_signature_error or signature_expired_error (Django
/// then starts an empty session) when it does not verify or is older than max_age.
REDISCACHE_API nlohmann::json load_signed_cookie_session(
    std::string_view cookie, std::string_view secret_key,
    std::chrono::seconds max_age = default_session_cookie_age,
    signing_clock::time_point now = signing_clock::now());

/// SessionBase.encode(): session_data as the db and cached_db engines store it.
REDISCACHE_API std::string encode_session_data(const nlohmann::json& session,
                                               std::string_view secret_key,
                                               signing_clock::time_point at = signing_clock::now());
/// SessionBase.decode(): also the pre-3.1 format (base64 of "<sha1 hex hmac>:<json>") that
/// Django 3.2 still reads. bad_signature_error where Django logs "Session data corrupted" and
/// reads an empty session.
REDISCACHE_API nlohmann::json decode_session_data(std::string_view session_data,
                                                  std::string_view secret_key);

/// The cached_db engine's cache key for a session key: "django.contrib.sessions.cached_db" + key,
/// to which the cache adds its own prefix and version (":1:" by default).
REDISCACHE_API std::string cached_db_session_key(std::string_view session_key);
/// The session dict Django cached for session_key, read through a cache alias configured as
/// Django's CACHES entry (pickle serializer by default); nullopt when it is not cached (Django
/// then reads the database row).
REDISCACHE_API std::optional<pickle::value> load_cached_db_session(cache& c,
                                                                   std::string_view session_key);

}  // namespace rediscache::django
