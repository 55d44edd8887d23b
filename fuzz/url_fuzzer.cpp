// parse_url on arbitrary text: only config_error may come out and its message never shows the
// password; a parsed URL renders (to_string) without its password and reads back the same.
#include "fuzz_support.hpp"

#include <rediscache/error.hpp>
#include <rediscache/url.hpp>

#include <string>
#include <string_view>

namespace {

using rediscache::client_options;
using rediscache::connection_options;
using rediscache::fuzz::require;

// The password as the URL spells it (still percent-encoded), when the URL has the shape
// scheme://user:password@..., and it is long enough that finding it elsewhere is no accident.
std::string_view spelled_password(std::string_view url) {
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return {};
  std::string_view rest = url.substr(scheme_end + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  const auto at = rest.rfind('@');
  if (at == std::string_view::npos) return {};
  const std::string_view userinfo = rest.substr(0, at);
  const auto colon = userinfo.find(':');
  if (colon == std::string_view::npos) return {};
  const std::string_view password = userinfo.substr(colon + 1);
  if (password.size() < 6 || url.find(password) != url.rfind(password)) return {};
  return password;
}

void check_rendering(const client_options& parsed, std::string_view url) {
  const connection_options& c = parsed.connection;
  const std::string rendered = rediscache::to_string(c);
  connection_options other = c;
  other.password = c.password.empty() ? std::string() : std::string("another password");
  require(rediscache::to_string(other) == rendered, "to_string does not depend on the password",
          url);

  client_options back;
  try {
    back = rediscache::parse_url(rendered);
  } catch (const rediscache::config_error& e) {
    rediscache::fuzz::violated("to_string gives a URL parse_url reads",
                               rendered + " | " + e.what());
  }
  const connection_options& b = back.connection;
  // A socket path makes host and port irrelevant, and to_string leaves them out.
  const bool same_place = c.unix_socket.empty()
                              ? b.unix_socket.empty() && b.host == c.host && b.port == c.port
                              : b.unix_socket == c.unix_socket;
  require(same_place && b.user == c.user && b.db == c.db && b.client_name == c.client_name &&
              b.tls.enabled == c.tls.enabled,
          "to_string then parse_url gives the same connection", url);
}

client_options parse_with(std::string_view url, const client_options* defaults) {
  return defaults == nullptr ? rediscache::parse_url(url) : rediscache::parse_url(url, *defaults);
}

// The message parse_url refuses url with, or nothing when it parses.
std::string refusal(std::string_view url, const client_options* defaults) {
  try {
    parse_with(url, defaults);
  } catch (const rediscache::config_error& e) {
    return e.what();
  }
  return {};
}

// A message shows the password when it holds the password's text and stops holding it once the
// URL's password is replaced; text that is part of the message anyway ("digits, '-'") is no leak.
bool shows_password(const std::string& message, std::string_view url, std::string_view password,
                    const client_options* defaults) {
  if (password.empty() || message.find(password) == std::string::npos) return false;
  std::string other(url);
  other.replace(url.find(password), password.size(), std::string(password.size(), 'Q'));
  return refusal(other, defaults).find(password) == std::string::npos;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view url(reinterpret_cast<const char*>(data), size);
  const std::string_view password = spelled_password(url);

  static const client_options defaults = [] {
    client_options o;
    o.connection.host = "defaults.example";
    o.connection.db = 3;
    o.connection.password = "default-secret";
    o.pool.max_connections = 5;
    return o;
  }();
  const client_options* const no_defaults = nullptr;

  for (const client_options* base : {no_defaults, &defaults}) {
    try {
      check_rendering(parse_with(url, base), url);
    } catch (const rediscache::config_error& e) {
      rediscache::fuzz::require_clean_message(e);
      const std::string message = e.what();
      require(!shows_password(message, url, password, base),
              "config_error messages never show the password", message);
      require(url.find("default-secret") != std::string_view::npos ||
                  message.find("default-secret") == std::string::npos,
              "config_error messages never show the default password", message);
    }
  }
  return 0;
}
