#include <rediscache/error.hpp>
#include <rediscache/url.hpp>

#include "config/validate.hpp"
#include "url_parts.hpp"

#include <algorithm>
#include <chrono>
#include <climits>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>

namespace rediscache {
namespace {

using namespace detail::url;
using detail::max_wait;
using detail::quote_for_message;

// The message names the part but never shows it: it may be the password.
std::string decode(std::string_view text, const std::string& part) {
  auto decoded = percent_decode(text);
  if (!decoded) fail(part + " has a malformed percent-escape (expected '%' and two hex digits)");
  return std::move(*decoded);
}

void reject_nul(const std::string& text, const std::string& part) {
  if (text.find('\0') != std::string::npos) fail(part + " contains a NUL byte (%00)");
}

// Only [digits][.digits] passes: strtol and strtod would also take spaces, signs, exponents, hex
// and "inf", and follow the locale's decimal point.
void check_decimal(std::string_view text, const std::string& what, bool fraction_allowed) {
  if (text.empty()) fail(what + " is empty");
  const bool negative = text.front() == '-';
  const std::string_view body = negative ? text.substr(1) : text;
  const auto dot = fraction_allowed ? body.find('.') : npos;
  const std::string_view whole = body.substr(0, dot);
  const std::string_view fraction = dot == npos ? std::string_view{} : body.substr(dot + 1);
  if (!all_digits(whole) || !all_digits(fraction) || whole.size() + fraction.size() == 0)
    fail(what + " " + quote_for_message(text) +
         (fraction_allowed ? " is not a number of seconds" : " is not a whole number"));
  if (negative) fail(what + " " + quote_for_message(text) + " is negative");
}

// Reads checked digits; nullopt once the value exceeds max, so that no length of input overflows.
std::optional<std::uint64_t> read_digits(std::string_view digits, std::uint64_t max) {
  std::uint64_t value = 0;
  for (const char c : digits) {
    value = value * 10 + static_cast<std::uint64_t>(c - '0');
    if (value > max) return std::nullopt;
  }
  return value;
}

int parse_integer(std::string_view text, const std::string& what, int min, int max) {
  check_decimal(text, what, false);
  const auto value = read_digits(text, static_cast<std::uint64_t>(max));
  if (!value)
    fail(what + " " + quote_for_message(text) + " is too large (at most " + std::to_string(max) +
         ")");
  if (*value < static_cast<std::uint64_t>(min))
    fail(what + " " + quote_for_message(text) + " must be at least " + std::to_string(min));
  return static_cast<int>(*value);
}

constexpr auto max_seconds =
    static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::seconds>(max_wait).count());

enum class zero { allowed, rejected };

// Seconds, as redis-py takes them, to milliseconds rounded up: a timeout is never shorter than
// asked, and 0.0001 does not become 0, which means "off" or "do not wait".
std::chrono::milliseconds parse_seconds(std::string_view text, const std::string& what,
                                        zero policy) {
  check_decimal(text, what, true);
  const auto dot = text.find('.');
  const std::string_view fraction = dot == npos ? std::string_view{} : text.substr(dot + 1);
  const std::string too_large = what + " " + quote_for_message(text) + " is too large (at most " +
                                std::to_string(max_seconds) + " seconds)";
  const auto whole = read_digits(text.substr(0, dot), max_seconds);
  if (!whole) fail(too_large);
  std::uint64_t millis = *whole * 1000;
  std::uint64_t scale = 100;
  for (std::size_t i = 0; i < fraction.size() && i < 3; ++i, scale /= 10)
    millis += static_cast<std::uint64_t>(fraction[i] - '0') * scale;
  if (fraction.size() > 3 && fraction.find_first_not_of('0', 3) != npos) ++millis;
  if (millis > max_seconds * 1000) fail(too_large);
  if (millis == 0 && policy == zero::rejected)
    fail(what + " " + quote_for_message(text) + " must be greater than 0");
  return std::chrono::milliseconds(static_cast<std::chrono::milliseconds::rep>(millis));
}

bool parse_bool(std::string_view text, const std::string& what) {
  const std::string lower = lowercase(text);
  if (lower == "true" || lower == "yes" || lower == "1") return true;
  if (lower == "false" || lower == "no" || lower == "0") return false;
  fail(what + " " + quote_for_message(text) +
       " is not a boolean (expected true, false, yes, no, 1 or 0)");
}

// Python documents CERT_OPTIONAL as meaning CERT_REQUIRED for a client (a server always presents a
// certificate), so "optional" verifies as much as "required" does.
tls_verify parse_cert_reqs(std::string_view text) {
  const std::string lower = lowercase(text);
  if (lower == "none") return tls_verify::none;
  if (lower == "optional" || lower == "required") return tls_verify::full;
  fail("option ssl_cert_reqs " + quote_for_message(text) + " must be none, optional or required");
}

// CLIENT SETNAME takes only '!'..'~', keeping CLIENT LIST splittable on spaces. Checking here
// names the URL option instead of failing every connection's handshake later.
std::string checked_client_name(std::string name) {
  if (!std::all_of(name.begin(), name.end(), [](char c) { return c >= '!' && c <= '~'; }))
    fail("option client_name " + quote_for_message(name) +
         " may contain only printable ASCII characters other than space");
  return name;
}

void apply_userinfo(std::string_view userinfo, connection_options& connection) {
  // A URL naming only the user keeps a password given elsewhere (django-redis documents
  // "redis://django@host" with OPTIONS PASSWORD); a URL with a password replaces both.
  const auto colon = userinfo.find(':');
  connection.user = decode(userinfo.substr(0, colon), "the user name");
  if (colon != npos) connection.password = decode(userinfo.substr(colon + 1), "the password");
}

struct host_and_port {
  std::string host;  // decoded, without brackets; empty keeps the default
  std::optional<std::string_view> port;
};

host_and_port split_bracketed(std::string_view text) {
  const auto close = text.find(']');
  if (close == npos) fail("IPv6 address " + quote_for_message(text) + " lacks its closing ']'");
  host_and_port result{std::string(text.substr(1, close - 1)), std::nullopt};
  const bool ipv6 = is_ipv6_literal(result.host) &&
                    std::all_of(result.host.begin(), result.host.end(), [](char c) {
                      return hex_digit_value(c) >= 0 || c == ':' || c == '.';
                    });
  if (!ipv6) fail(quote_for_message(text.substr(0, close + 1)) + " is not an IPv6 address");
  const std::string_view after = text.substr(close + 1);
  if (!after.empty() && after.front() != ':')
    fail("unexpected " + quote_for_message(after) + " after the IPv6 address (expected :port)");
  if (!after.empty()) result.port = after.substr(1);
  return result;
}

host_and_port split_plain(std::string_view text) {
  const auto colon = text.find(':');
  host_and_port result{decode(text.substr(0, colon), "the host"), std::nullopt};
  if (colon != npos) result.port = text.substr(colon + 1);
  if (result.port && result.port->find(':') != npos)
    fail(quote_for_message(text) +
         " has more than one ':' (write an IPv6 address in brackets: [::1]:6379)");
  const bool valid = std::all_of(result.host.begin(), result.host.end(), [](char c) {
    return is_alnum(c) || c == '-' || c == '.' || c == '_';
  });
  if (!valid)
    fail("host " + quote_for_message(result.host) +
         " may contain only letters, digits, '-', '.' and '_'");
  return result;
}

void apply_host_port(std::string_view text, connection_options& connection) {
  const bool bracketed = !text.empty() && text.front() == '[';
  const host_and_port parsed = bracketed ? split_bracketed(text) : split_plain(text);
  if (!parsed.host.empty()) connection.host = parsed.host;
  if (parsed.port)
    connection.port = static_cast<std::uint16_t>(parse_integer(*parsed.port, "port", 1, 65535));
}

void apply_db_path(std::string_view path, connection_options& connection) {
  if (path.size() <= 1) return;  // "" or "/"
  connection.db = parse_integer(decode(path.substr(1), "the db path"), "db", 0, INT_MAX);
}

void apply_socket_path(const url_parts& parts, connection_options& connection) {
  // The host part is not quoted: with a raw '/' in the password it holds the password's start.
  if (!parts.host_port.empty())
    fail("a unix:// URL names no host: write unix:///path/to/redis.sock (three slashes) or "
         "unix://user:password@/path/to/redis.sock");
  std::string path = decode(parts.path, "the socket path");
  if (path.empty()) fail("the socket path is missing (expected unix:///path/to/redis.sock)");
  reject_nul(path, "the socket path");
  connection.unix_socket = std::move(path);
}

// Read to the end before use: the two combine whatever their order.
struct tls_settings {
  std::optional<tls_verify> cert_reqs;
  std::optional<bool> check_hostname;
};

tls_verify resolve_verify(tls_verify current, const tls_settings& tls) {
  const tls_verify verify = tls.cert_reqs.value_or(current);
  if (!tls.check_hostname) return verify;
  if (!*tls.check_hostname) return verify == tls_verify::full ? tls_verify::peer_only : verify;
  if (verify == tls_verify::none)
    fail("option ssl_check_hostname=true needs certificate verification, which "
         "ssl_cert_reqs=none turns off");
  return tls_verify::full;
}

bool is_tls_option(std::string_view name) {
  return name == "ssl_cert_reqs" || name == "ssl_check_hostname" || name == "ssl_ca_certs" ||
         name == "ssl_ca_path" || name == "ssl_certfile" || name == "ssl_keyfile";
}

std::string file_option(std::string value, const std::string& what) {
  reject_nul(value, what);
  return value;
}

void apply_option(const std::string& name, const std::string& value, client_options& options,
                  tls_settings& tls) {
  const std::string what = "option " + name;
  connection_options& connection = options.connection;
  pool_options& pool = options.pool;
  if (name == "db") {
    connection.db = parse_integer(value, what, 0, INT_MAX);
  } else if (name == "socket_timeout") {
    connection.socket_timeout = parse_seconds(value, what, zero::rejected);
  } else if (name == "socket_connect_timeout") {
    connection.connect_timeout = parse_seconds(value, what, zero::rejected);
  } else if (name == "max_connections") {
    pool.max_connections = static_cast<std::size_t>(parse_integer(value, what, 1, INT_MAX));
  } else if (name == "pool_timeout") {
    pool.pool_timeout = parse_seconds(value, what, zero::allowed);  // 0: fail at once when busy
  } else if (name == "health_check_interval") {
    pool.health_check_interval = parse_seconds(value, what, zero::allowed);  // 0: never
  } else if (name == "client_name") {
    connection.client_name = checked_client_name(value);
  } else if (name == "executor") {
    if (value == "pooled") options.executor = executor_kind::pooled;
    else if (value == "multiplexed") options.executor = executor_kind::multiplexed;
    else fail(what + " must be pooled or multiplexed, not " + quote_for_message(value));
  } else if (name == "ssl_cert_reqs") {
    tls.cert_reqs = parse_cert_reqs(value);
  } else if (name == "ssl_check_hostname") {
    tls.check_hostname = parse_bool(value, what);
  } else if (name == "ssl_ca_certs") {
    connection.tls.ca_file = file_option(value, what);
  } else if (name == "ssl_ca_path") {
    connection.tls.ca_dir = file_option(value, what);
  } else if (name == "ssl_certfile") {
    connection.tls.cert_file = file_option(value, what);
  } else if (name == "ssl_keyfile") {
    connection.tls.key_file = file_option(value, what);
  } else {
    fail("unknown option " + quote_for_message(name));
  }
}

void apply_query(std::string_view query, bool tls_url, client_options& options) {
  tls_settings tls;
  std::set<std::string> seen;
  // "redis://h?" states no option; any other empty pair, such as a trailing '&', is a mistake.
  for (std::size_t start = 0; !query.empty() && start <= query.size();) {
    const auto end = std::min(query.find('&', start), query.size());
    const std::string_view pair = query.substr(start, end - start);
    start = end + 1;
    const auto equals = pair.find('=');
    if (pair.empty() || equals == 0) fail("an option has an empty name");
    if (equals == npos)
      fail("option " + quote_for_message(pair) + " has no value (expected name=value)");
    const std::string name = decode(pair.substr(0, equals), "an option name");
    const std::string value = decode(pair.substr(equals + 1), "option " + quote_for_message(name));
    if (!seen.insert(name).second)
      fail("option " + quote_for_message(name) + " is given more than once");
    if (value.empty()) fail("option " + quote_for_message(name) + " has an empty value");
    if (is_tls_option(name) && !tls_url) fail("option " + name + " needs a rediss:// URL");
    apply_option(name, value, options, tls);
  }
  options.connection.tls.verify = resolve_verify(options.connection.tls.verify, tls);
}

client_options apply_url(const url_parts& parts, client_options options) {
  connection_options& connection = options.connection;
  // The scheme alone picks the transport: a URL never inherits TLS or a socket path from defaults.
  connection.tls.enabled = parts.kind == scheme::rediss;
  if (parts.userinfo) apply_userinfo(*parts.userinfo, connection);
  if (parts.kind == scheme::unix_socket) {
    apply_socket_path(parts, connection);
  } else {
    connection.unix_socket.clear();
    apply_host_port(parts.host_port, connection);
    apply_db_path(parts.path, connection);
  }
  apply_query(parts.query, parts.kind == scheme::rediss, options);
  return options;
}

}  // namespace

client_options parse_url(std::string_view url) { return parse_url(url, client_options{}); }

client_options parse_url(std::string_view url, const client_options& defaults) {
  const url_parts parts = split_url(url);
  client_options options;
  try {
    options = apply_url(parts, defaults);
  } catch (const config_error&) {
    if (parts.stray_at)
      fail("an '@' follows the host, so the part at fault may be a piece of a password and is "
           "not shown; percent-encode '/', '?' and '@' in user names and passwords as %2F, %3F "
           "and %40");
    throw;
  }
  // What the URL left alone comes from defaults, which may be out of range themselves.
  detail::validate(options);
  return options;
}

}  // namespace rediscache
