#include <rediscache/http/conditional.hpp>

#include <ctime>

namespace rediscache::http {
namespace {

// RFC 9110 8.8.3.2: weak comparison ignores the W/ prefix.
std::string_view opaque_tag(std::string_view tag) {
  if (tag.size() >= 2 && tag[0] == 'W' && tag[1] == '/') tag.remove_prefix(2);
  return tag;
}

}  // namespace

std::optional<std::chrono::system_clock::time_point> parse_http_date(std::string_view text) {
  static constexpr std::string_view months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  // "Sun, 06 Nov 1994 08:49:37 GMT": fixed positions.
  if (text.size() != 29 || text.substr(3, 2) != ", " || text.substr(25) != " GMT") return {};
  auto number = [&](std::size_t at, std::size_t width) -> int {
    int n = 0;
    for (std::size_t i = at; i < at + width; ++i) {
      if (text[i] < '0' || text[i] > '9') return -1;
      n = n * 10 + (text[i] - '0');
    }
    return n;
  };
  std::tm tm{};
  tm.tm_mday = number(5, 2);
  tm.tm_mon = -1;
  for (int m = 0; m < 12; ++m) {
    if (text.substr(8, 3) == months[m]) tm.tm_mon = m;
  }
  tm.tm_year = number(12, 4) - 1900;
  tm.tm_hour = number(17, 2);
  tm.tm_min = number(20, 2);
  tm.tm_sec = number(23, 2);
  if (tm.tm_mon < 0 || tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_year < 70 || tm.tm_hour < 0 ||
      tm.tm_hour > 23 || tm.tm_min < 0 || tm.tm_min > 59 || tm.tm_sec < 0 || tm.tm_sec > 60 ||
      text[7] != ' ' || text[11] != ' ' || text[16] != ' ' || text[19] != ':' || text[22] != ':') {
    return {};
  }
  return std::chrono::system_clock::from_time_t(timegm(&tm));
}

bool not_modified(const request& req, const response& resp) {
  if (resp.status != 200 || (req.method != "GET" && req.method != "HEAD")) return false;
  if (auto if_none_match = req.headers.get("If-None-Match")) {
    auto etag = resp.headers.get("ETag");
    if (!etag) return false;
    for (const auto& tag : split_list(req.headers.joined("If-None-Match"))) {
      if (tag == "*" || opaque_tag(tag) == opaque_tag(*etag)) return true;
    }
    return false;  // If-Modified-Since is ignored when If-None-Match is present
  }
  auto since = req.headers.get("If-Modified-Since");
  auto modified = resp.headers.get("Last-Modified");
  if (!since || !modified) return false;
  auto since_time = parse_http_date(*since);
  auto modified_time = parse_http_date(*modified);
  return since_time && modified_time && *modified_time <= *since_time;
}

response not_modified_response(const response& resp) {
  response r;
  r.status = 304;
  for (const char* kept : {"Cache-Control", "Content-Location", "Date", "ETag", "Expires",
                           "Last-Modified", "Vary", "Age", "X-Cache"}) {
    for (const auto& [name, value] : resp.headers.fields()) {
      if (iequals(name, kept)) r.headers.add(name, value);
    }
  }
  return r;
}

}  // namespace rediscache::http
