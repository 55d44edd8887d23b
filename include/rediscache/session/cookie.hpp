#pragma once

#include <rediscache/error.hpp>
#include <rediscache/export.hpp>

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace rediscache {

/// A cookie name, value or attribute that RFC 6265 (or the browsers' cookie-prefix and SameSite
/// rules) does not allow. A config_error, so "[rediscache.config]" starts the message; the message
/// names the field and never repeats the value, which may be a secret.
class REDISCACHE_API cookie_error : public config_error {
 public:
  /// \p detail follows "[rediscache.config] cookie: " in what().
  explicit cookie_error(const std::string& detail) : config_error("cookie: " + detail) {}
};

/// The SameSite attribute: Lax, Strict or None.
enum class same_site_policy : unsigned char {
  lax,     ///< SameSite=Lax
  strict,  ///< SameSite=Strict
  none     ///< SameSite=None
};

/// One Set-Cookie header. Empty strings and empty optionals leave an attribute out.
struct set_cookie {
  std::string name;   ///< an RFC 6265 token
  std::string value;  ///< cookie-octets, optionally inside one pair of double quotes
  std::optional<std::chrono::seconds> max_age;  ///< Max-Age; absent: a browser-session cookie
  std::optional<std::chrono::system_clock::time_point> expires;  ///< written as an IMF-fixdate
  std::string domain;  ///< a host name, optionally with a leading '.'; empty: this host only
  std::string path;    ///< starts with '/'
  bool secure = false;  ///< Secure: sent over HTTPS only
  bool http_only = false;  ///< HttpOnly: hidden from scripts
  std::optional<same_site_policy> same_site;  ///< none requires secure, as browsers do
};

/// The Set-Cookie header value: "name=value; Expires=Sun, 06 Nov 1994 08:49:37 GMT; Max-Age=60;
/// Domain=example.com; Path=/; Secure; HttpOnly; SameSite=Lax". Throws cookie_error for anything a
/// browser would reject or that could split the header: a name that is not a token, a value with
/// spaces, ';', ',', '"', '\\' or control characters, a malformed domain or path, SameSite=None
/// without Secure, a "__Secure-" name without Secure, a "__Host-" name without Secure, with a
/// Domain or with a Path other than "/".
REDISCACHE_API std::string format_set_cookie(const set_cookie& cookie);

/// "Sun, 06 Nov 1994 08:49:37 GMT" (RFC 9110 IMF-fixdate), the Expires format.
REDISCACHE_API std::string http_date(std::chrono::system_clock::time_point when);

/// Cookie names and their values, found by any string-like name.
using cookie_map = std::map<std::string, std::string, std::less<>>;

/// The pairs of a Cookie request header ("a=1; b=2"). Tolerant as servers are: spaces and tabs
/// around names and values are dropped, a value inside double quotes is unquoted, and pieces
/// without '=' or with an empty name are skipped. When a name repeats the first one wins, since
/// browsers send the cookie with the most specific path first. A pair whose name holds spaces or
/// a control character, or whose value holds a control character, is skipped, so nothing
/// parsed can split a header it is copied into.
REDISCACHE_API cookie_map parse_cookie_header(std::string_view header);

}  // namespace rediscache
