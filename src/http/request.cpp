#include <rediscache/http/request.hpp>

namespace rediscache::http {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<std::string> find_param(std::string_view rest, std::string_view name) {
  while (!rest.empty()) {
    std::size_t amp = rest.find('&');
    std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
    std::size_t eq = pair.find('=');
    if (url_decode(pair.substr(0, eq)) != name) continue;
    return eq == std::string_view::npos ? std::string() : url_decode(pair.substr(eq + 1));
  }
  return std::nullopt;
}

}  // namespace

std::string url_decode(std::string_view text, bool form) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '+' && form) {
      out += ' ';
    } else if (c == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 &&
               hex_value(text[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

std::string request::full_url() const {
  std::string url = scheme + "://" + host + path;
  if (!query.empty()) url += "?" + query;
  return url;
}

cookie_map request::cookies() const {
  cookie_map all;
  for (const auto& [name, value] : headers.fields()) {
    if (!iequals(name, "Cookie")) continue;
    for (auto& [k, v] : parse_cookie_header(value)) all.emplace(k, v);
  }
  return all;
}

std::optional<std::string> request::query_param(std::string_view name) const {
  return find_param(query, name);
}

std::optional<std::string> request::form_param(std::string_view name) const {
  return find_param(body, name);
}

}  // namespace rediscache::http
