#include "http/cache_control.hpp"

#include <rediscache/memoize.hpp>
#include <rediscache/session/cookie.hpp>

#include <cctype>
#include <string>

namespace rediscache::http::detail {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// max-age's value, or nothing when absent or not a number (Django's get_max_age).
std::optional<std::chrono::seconds> max_age(const response& r) {
  for (const auto& directive : split_list(r.headers.joined("Cache-Control"))) {
    std::string d = lower(directive);
    if (d.rfind("max-age=", 0) != 0) continue;
    std::string value = d.substr(8);
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = value.substr(1, value.size() - 2);
    }
    if (value.empty() || value.size() > 10 ||
        value.find_first_not_of("0123456789") != std::string::npos) {
      return std::nullopt;
    }
    return std::chrono::seconds(std::stoll(value));
  }
  return std::nullopt;
}

bool has_directive(const response& r, std::string_view name) {
  for (const auto& directive : split_list(r.headers.joined("Cache-Control"))) {
    std::string d = lower(directive);
    if (d == name || d.rfind(std::string(name) + "=", 0) == 0) return true;
  }
  return false;
}

}  // namespace

cache_policy storage_policy(const response& r, std::chrono::seconds fallback) {
  if (r.status != 200 || r.headers.contains("Set-Cookie")) return {};
  for (const char* refusing : {"private", "no-store", "no-cache"}) {
    if (has_directive(r, refusing)) return {};
  }
  for (const auto& name : split_list(r.headers.joined("Vary"))) {
    if (name == "*") return {};
  }
  std::chrono::seconds timeout = max_age(r).value_or(fallback);
  if (timeout.count() <= 0) return {};
  return {true, timeout};
}

void add_freshness_headers(response& r, std::chrono::seconds timeout,
                           std::chrono::system_clock::time_point now) {
  if (!r.headers.contains("Expires")) r.headers.set("Expires", http_date(now + timeout));
  if (!max_age(r)) {
    std::string control = r.headers.joined("Cache-Control");
    control += (control.empty() ? "" : ", ") + std::string("max-age=") +
               std::to_string(timeout.count());
    r.headers.set("Cache-Control", control);
  }
  if (!r.headers.contains("ETag")) {
    r.headers.set("ETag", "\"" + rediscache::detail::stable_hash(r.body) + "\"");
  }
  if (!r.headers.contains("Last-Modified")) r.headers.set("Last-Modified", http_date(now));
}

}  // namespace rediscache::http::detail
