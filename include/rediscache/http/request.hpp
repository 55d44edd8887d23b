#pragma once

#include <rediscache/http/headers.hpp>
#include <rediscache/session/cookie.hpp>

#include <optional>
#include <string>

namespace rediscache {
class session;
}

namespace rediscache::http {

/// What an adapter knows about one request, framework-neutral. The middleware read it; the session
/// middleware also attaches the visitor's session for the handlers below it.
struct request {
  std::string method = "GET";   ///< GET, HEAD, POST, ...
  std::string scheme = "http";  ///< "http" or "https"
  std::string host;   ///< the Host header's value, port included when not the default
  std::string path = "/";  ///< the path part of the target, without the query
  std::string query;  ///< raw, without the '?'
  header_list headers;  ///< every header field as received
  std::string client_address;  ///< the peer's numeric IP address
  std::string body;  ///< the body bytes

  /// Set by session_middleware for the handlers it wraps; null without it.
  rediscache::session* session = nullptr;

  /// scheme://host/path?query, as Django's build_absolute_uri().
  std::string full_url() const;
  /// The Cookie header parsed; malformed pairs are skipped, as browsers send what they stored.
  cookie_map cookies() const;
  /// The first value of a query parameter, percent-decoded ('+' as space), or nothing.
  std::optional<std::string> query_param(std::string_view name) const;
  /// The same for a field of an application/x-www-form-urlencoded body (a submitted form).
  std::optional<std::string> form_param(std::string_view name) const;
};

/// Percent-decodes a URL component; '+' becomes a space when form is true. Invalid escapes stay.
std::string url_decode(std::string_view text, bool form = true);

}  // namespace rediscache::http
