#include "session/time_format.hpp"

#include <rediscache/session/cookie.hpp>

#include <cstring>

namespace rediscache {
namespace {

bool is_ctl(unsigned char c) { return c < 0x20 || c == 0x7f; }

// RFC 6265 cookie-name: an RFC 2616 token.
bool is_token(std::string_view s) {
  if (s.empty()) return false;
  for (unsigned char c : s) {
    if (c <= 0x20 || c >= 0x7f || std::strchr("()<>@,;:\\\"/[]?={}", c) != nullptr) return false;
  }
  return true;
}

bool is_cookie_octet(unsigned char c) {
  return c == 0x21 || (c >= 0x23 && c <= 0x2b) || (c >= 0x2d && c <= 0x3a) ||
         (c >= 0x3c && c <= 0x5b) || (c >= 0x5d && c <= 0x7e);
}

// RFC 6265 cookie-value: *cookie-octet, or the same inside one pair of double quotes.
bool is_cookie_value(std::string_view s) {
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"') s = s.substr(1, s.size() - 2);
  for (unsigned char c : s) {
    if (!is_cookie_octet(c)) return false;
  }
  return true;
}

// A host name or IPv4 address, optionally with the leading '.' old servers write.
bool is_domain(std::string_view s) {
  if (!s.empty() && s.front() == '.') s.remove_prefix(1);
  if (s.empty() || s.size() > 253) return false;
  std::size_t label = 0;
  for (std::size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == '.') {
      if (label == 0 || label > 63) return false;
      label = 0;
      continue;
    }
    const char c = s[i];
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-')) {
      return false;
    }
    ++label;
  }
  return true;
}

// RFC 6265 path-value (any CHAR except CTLs and ';'), starting with '/' as browsers require.
bool is_path(std::string_view s) {
  if (s.empty() || s.front() != '/') return false;
  for (unsigned char c : s) {
    if (is_ctl(c) || c >= 0x80 || c == ';') return false;
  }
  return true;
}

bool starts_with_nocase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    char a = s[i];
    if (a >= 'A' && a <= 'Z') a = static_cast<char>(a - 'A' + 'a');
    char b = prefix[i];
    if (b >= 'A' && b <= 'Z') b = static_cast<char>(b - 'A' + 'a');
    if (a != b) return false;
  }
  return true;
}

void validate(const set_cookie& c) {
  if (!is_token(c.name)) throw cookie_error("the name is not an RFC 6265 token");
  if (!is_cookie_value(c.value)) {
    throw cookie_error("the value of '" + c.name +
                       "' holds characters RFC 6265 does not allow (space, '\"', ',', ';', '\\' "
                       "or a control character)");
  }
  if (!c.domain.empty() && !is_domain(c.domain)) {
    throw cookie_error("the Domain of '" + c.name + "' is not a host name");
  }
  if (!c.path.empty() && !is_path(c.path)) {
    throw cookie_error("the Path of '" + c.name +
                       "' must start with '/' and hold no ';' or control characters");
  }
  if (c.same_site == same_site_policy::none && !c.secure) {
    throw cookie_error("SameSite=None needs Secure on '" + c.name + "'; browsers drop it otherwise");
  }
  if (starts_with_nocase(c.name, "__Secure-") && !c.secure) {
    throw cookie_error("a __Secure- cookie needs Secure");
  }
  if (starts_with_nocase(c.name, "__Host-") && (!c.secure || !c.domain.empty() || c.path != "/")) {
    throw cookie_error("a __Host- cookie needs Secure, Path=/ and no Domain");
  }
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string http_date(std::chrono::system_clock::time_point when) {
  return detail::imf_fixdate(when);
}

std::string format_set_cookie(const set_cookie& c) {
  validate(c);
  std::string out = c.name + "=" + c.value;
  if (c.expires) out += "; Expires=" + detail::imf_fixdate(*c.expires);
  if (c.max_age) out += "; Max-Age=" + std::to_string(c.max_age->count());
  if (!c.domain.empty()) out += "; Domain=" + c.domain;
  if (!c.path.empty()) out += "; Path=" + c.path;
  if (c.secure) out += "; Secure";
  if (c.http_only) out += "; HttpOnly";
  if (c.same_site) {
    switch (*c.same_site) {
      case same_site_policy::lax: out += "; SameSite=Lax"; break;
      case same_site_policy::strict: out += "; SameSite=Strict"; break;
      case same_site_policy::none: out += "; SameSite=None"; break;
    }
  }
  return out;
}

cookie_map parse_cookie_header(std::string_view header) {
  cookie_map cookies;
  while (!header.empty()) {
    const std::size_t end = header.find(';');
    std::string_view piece = header.substr(0, end);
    header = end == std::string_view::npos ? std::string_view() : header.substr(end + 1);
    const std::size_t eq = piece.find('=');
    if (eq == std::string_view::npos) continue;
    const std::string_view name = trim(piece.substr(0, eq));
    std::string_view value = trim(piece.substr(eq + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = value.substr(1, value.size() - 2);
    }
    bool usable = !name.empty();
    for (unsigned char c : name) usable = usable && !is_ctl(c) && c != ' ';
    for (unsigned char c : value) usable = usable && !is_ctl(c);
    if (usable) cookies.emplace(std::string(name), std::string(value));  // the first one wins
  }
  return cookies;
}

}  // namespace rediscache
