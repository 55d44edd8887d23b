// Cookie parsing and formatting. parse_cookie_header never throws and gives only names and values
// that cannot split a header. format_set_cookie either refuses with cookie_error or writes one
// line whose cookie parse_cookie_header reads back; http_date formats any moment.
#include "fuzz_support.hpp"

#include <rediscache/session/cookie.hpp>

#include <chrono>
#include <string>

namespace {

using rediscache::fuzz::require;

bool has_control(std::string_view s) {
  for (unsigned char c : s) {
    if (c < 0x20 || c == 0x7f) return true;
  }
  return false;
}

std::string_view unquoted(std::string_view v) {
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') return v.substr(1, v.size() - 2);
  return v;
}

void check_parse(std::string_view header) {
  const rediscache::cookie_map cookies = rediscache::parse_cookie_header(header);
  for (const auto& [name, value] : cookies) {
    require(!name.empty(), "a parsed cookie has a name", header);
    require(!has_control(name) && name.find_first_of(" ;=") == std::string::npos,
            "a parsed cookie name holds no control character, space, ';' or '='", name);
    require(!has_control(value) && value.find(';') == std::string::npos,
            "a parsed cookie value holds no control character or ';'", value);
  }
}

void check_format(rediscache::fuzz::input& in) {
  rediscache::set_cookie c;
  c.name = std::string(in.bytes(in.byte() % 24));
  c.value = std::string(in.bytes(in.byte() % 48));
  c.domain = std::string(in.bytes(in.byte() % 24));
  c.path = std::string(in.bytes(in.byte() % 24));
  const std::uint8_t flags = in.byte();
  c.secure = (flags & 1) != 0;
  c.http_only = (flags & 2) != 0;
  if (flags & 4) c.same_site = static_cast<rediscache::same_site_policy>((flags >> 3) % 3);
  if (flags & 32)
    c.max_age = std::chrono::seconds(rediscache::fuzz::from_bits<long long>(in.bytes(8)));
  if (flags & 64) {
    c.expires = std::chrono::system_clock::time_point(
        std::chrono::system_clock::duration(rediscache::fuzz::from_bits<long long>(in.bytes(8))));
  }
  std::string header;
  try {
    header = rediscache::format_set_cookie(c);
  } catch (const rediscache::cookie_error& e) {
    rediscache::fuzz::require_clean_message(e);
    return;
  }
  require(!has_control(header), "a Set-Cookie header holds no control character", header);
  require(header.rfind(c.name + "=" + c.value, 0) == 0, "a Set-Cookie header starts name=value",
          header);
  const rediscache::cookie_map back = rediscache::parse_cookie_header(c.name + "=" + c.value);
  const auto found = back.find(c.name);
  require(found != back.end() && found->second == unquoted(c.value),
          "a formatted cookie parses back to its value", header);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view whole(reinterpret_cast<const char*>(data), size);
  check_parse(whole);
  const std::string date = rediscache::http_date(std::chrono::system_clock::time_point(
      std::chrono::system_clock::duration(rediscache::fuzz::from_bits<long long>(whole))));
  require(!has_control(date) && date.size() < 40, "http_date gives one short line", date);
  rediscache::fuzz::input in(data, size);
  check_format(in);
  check_parse(in.rest());
  return 0;
}
