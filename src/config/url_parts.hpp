#pragma once

// URL syntax: percent coding and quoting, shared by the parser (url.cpp) and the renderer
// (options.cpp), and the parser's first step, cutting a URL into its parts.

#include <rediscache/error.hpp>

#include "quote.hpp"

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

// A namespace of its own: inline helpers with common names must not meet other modules' in
// rediscache::detail, where two different bodies would silently break the one-definition rule.
namespace rediscache::detail::url {

inline constexpr auto npos = std::string_view::npos;

inline int hex_digit_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Decodes %XX escapes; nullopt when a '%' is not followed by two hex digits. '+' stays '+': these
// are URI components, not HTML form data, and a '+' in a file name is likelier than a space in a
// Redis URL (CLIENT SETNAME rejects spaces anyway).
inline std::optional<std::string> percent_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    if (i + 2 >= text.size()) return std::nullopt;
    const int high = hex_digit_value(text[i + 1]);
    const int low = hex_digit_value(text[i + 2]);
    if (high < 0 || low < 0) return std::nullopt;
    out += static_cast<char>(high * 16 + low);
    i += 2;
  }
  return out;
}

// Escapes every byte outside RFC 3986's unreserved set and `keep`, so that parse_url() reads the
// text back unchanged.
inline std::string percent_encode(std::string_view text, std::string_view keep = {}) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    const bool unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                            (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
    if (unreserved || keep.find(c) != npos) {
      out += c;
    } else {
      out += '%';
      out += hex[byte >> 4];
      out += hex[byte & 0x0F];
    }
  }
  return out;
}

// Host names never contain ':', IPv6 literals always do; only the latter need brackets in a URL.
inline bool is_ipv6_literal(std::string_view host) noexcept {
  return host.find(':') != npos;
}

// Messages quote only the part at fault, never the whole URL, which may hold a password.
[[noreturn]] inline void fail(const std::string& why) {
  throw config_error("invalid Redis URL: " + why);
}

// ASCII only: <cctype> follows the global locale, a URL's syntax does not.
inline bool is_digit(char c) { return c >= '0' && c <= '9'; }
inline bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
inline bool is_alnum(char c) { return is_digit(c) || is_alpha(c); }
inline bool all_digits(std::string_view text) {
  return std::all_of(text.begin(), text.end(), is_digit);
}

inline std::string lowercase(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

enum class scheme { redis, rediss, unix_socket };

// The URL cut at its delimiters; nothing decoded or checked yet.
struct url_parts {
  scheme kind = scheme::redis;
  std::optional<std::string_view> userinfo;  // before the authority's last '@'
  std::string_view host_port;
  std::string_view path;   // empty, or starts with '/'
  std::string_view query;  // without the '?'
  // A raw '/' or '?' in a password ends the authority early and leaves the password's tail, and its
  // '@', after it. Suspected when an '@' comes where none can belong (in the db or an option
  // name), or anywhere after an authority without userinfo.
  bool stray_at = false;
};

inline scheme parse_scheme(std::string_view name) {
  const std::string lower = lowercase(name);
  if (lower == "redis") return scheme::redis;
  if (lower == "rediss") return scheme::rediss;
  if (lower == "unix") return scheme::unix_socket;
  // Only a well-formed scheme is echoed: in a mangled URL a password can precede the "://".
  const bool well_formed = !name.empty() && is_alpha(name.front()) &&
                           std::all_of(name.begin(), name.end(), [](char c) {
                             return is_alnum(c) || c == '+' || c == '-' || c == '.';
                           });
  if (well_formed)
    fail("unsupported scheme " + quote_for_message(name) + " (expected redis, rediss or unix)");
  fail("malformed scheme before \"://\" (expected redis, rediss or unix)");
}

inline url_parts split_url(std::string_view url) {
  // RFC 3986 (and redis-py) would silently cut the URL at a '#', which is usually part of a
  // password that should have been written %23.
  if (url.find('#') != npos)
    fail("'#' must be percent-encoded as %23 (fragments are not supported)");
  const auto separator = url.find("://");
  if (separator == npos) fail("it must start with redis://, rediss:// or unix://");
  url_parts parts;
  parts.kind = parse_scheme(url.substr(0, separator));

  const std::string_view rest = url.substr(separator + 3);
  const auto authority_end = std::min({rest.find('/'), rest.find('?'), rest.size()});
  std::string_view authority = rest.substr(0, authority_end);
  const std::string_view after = rest.substr(authority_end);
  // A socket path may contain '@', and errors about a unix:// authority never quote it.
  const bool at_before_value = after.substr(0, after.find('=')).find('@') != npos;
  const bool at_after_bare_host = authority.find('@') == npos && after.find('@') != npos;
  parts.stray_at = parts.kind != scheme::unix_socket && (at_before_value || at_after_bare_host);
  const auto question = after.find('?');
  parts.path = after.substr(0, question);
  if (question != npos) parts.query = after.substr(question + 1);

  const auto at = authority.rfind('@');
  if (at != npos) {
    parts.userinfo = authority.substr(0, at);
    authority.remove_prefix(at + 1);
  }
  parts.host_port = authority;
  return parts;
}

}  // namespace rediscache::detail::url
