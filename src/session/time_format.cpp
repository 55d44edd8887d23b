#include "session/time_format.hpp"

#include <cstdint>
#include <cstdio>

namespace rediscache::detail {
namespace {

using std::chrono::system_clock;

struct civil_date {
  std::int64_t year;
  unsigned month;  // 1..12
  unsigned day;    // 1..31
};

// Howard Hinnant's days_from_civil / civil_from_days (proleptic Gregorian, days since 1970-01-01).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

civil_date civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2), m, d};
}

unsigned days_in_month(std::int64_t y, unsigned m) {
  static constexpr unsigned lengths[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : lengths[m - 1];
}

struct split_time {
  civil_date date;
  int hour, minute, second;
  std::int64_t microseconds;
};

split_time split(system_clock::time_point when) {
  using namespace std::chrono;
  const auto us = floor<microseconds>(when).time_since_epoch().count();
  constexpr std::int64_t per_day = 86400LL * 1000000;
  std::int64_t days = us / per_day;
  std::int64_t rest = us % per_day;
  if (rest < 0) {
    rest += per_day;
    --days;
  }
  const std::int64_t secs = rest / 1000000;
  return {civil_from_days(days), static_cast<int>(secs / 3600), static_cast<int>(secs / 60 % 60),
          static_cast<int>(secs % 60), rest % 1000000};
}

// Reads exactly n digits at pos.
bool digits(std::string_view s, std::size_t& pos, std::size_t n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const char c = s[pos + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  pos += n;
  out = v;
  return true;
}

// ".ffffff" (1 to 9 digits) as microseconds; nothing at pos is zero.
bool fraction(std::string_view s, std::size_t& pos, std::int64_t& us) {
  us = 0;
  if (pos >= s.size() || (s[pos] != '.' && s[pos] != ',')) return true;
  ++pos;
  std::size_t n = 0;
  std::int64_t scale = 100000;
  while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9' && n < 9) {
    us += (s[pos] - '0') * scale;
    scale /= 10;
    ++pos;
    ++n;
  }
  return n > 0;
}

// HH:MM[:SS[.f]] (colons optional only in the offset form HHMM).
bool clock(std::string_view s, std::size_t& pos, bool offset, int& h, int& m, int& sec,
           std::int64_t& us) {
  sec = 0;
  us = 0;
  if (!digits(s, pos, 2, h)) return false;
  const bool colon = pos < s.size() && s[pos] == ':';
  if (colon) ++pos;
  else if (!offset) return false;
  if (!digits(s, pos, 2, m)) return false;
  if (colon && pos < s.size() && s[pos] == ':') {
    ++pos;
    if (!digits(s, pos, 2, sec) || !fraction(s, pos, us)) return false;
  }
  return h < 24 && m < 60 && sec < 60;
}

}  // namespace

std::string iso_utc(system_clock::time_point when) {
  const split_time t = split(when);
  char text[64];
  int n = std::snprintf(text, sizeof text, "%04lld-%02u-%02uT%02d:%02d:%02d",
                        static_cast<long long>(t.date.year), t.date.month, t.date.day, t.hour,
                        t.minute, t.second);
  if (t.microseconds != 0) {
    n += std::snprintf(text + n, sizeof text - static_cast<std::size_t>(n), ".%06lld",
                       static_cast<long long>(t.microseconds));
  }
  return std::string(text, static_cast<std::size_t>(n)) + "+00:00";
}

std::optional<system_clock::time_point> parse_iso(std::string_view s) {
  std::size_t pos = 0;
  int year = 0, month = 0, day = 0;
  if (!digits(s, pos, 4, year) || pos >= s.size() || s[pos++] != '-' ||
      !digits(s, pos, 2, month) || pos >= s.size() || s[pos++] != '-' || !digits(s, pos, 2, day)) {
    return std::nullopt;
  }
  if (year < 1 || month < 1 || month > 12 || day < 1 ||
      static_cast<unsigned>(day) > days_in_month(year, static_cast<unsigned>(month))) {
    return std::nullopt;
  }
  int hour = 0, minute = 0, second = 0;
  std::int64_t us = 0, offset_seconds = 0;
  if (pos < s.size()) {
    if (s[pos] != 'T' && s[pos] != ' ') return std::nullopt;
    ++pos;
    if (!clock(s, pos, false, hour, minute, second, us)) return std::nullopt;
    if (pos < s.size() && s[pos] == 'Z') {
      ++pos;
    } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
      const int sign = s[pos++] == '-' ? -1 : 1;
      int oh = 0, om = 0, os = 0;
      std::int64_t ous = 0;
      if (!clock(s, pos, true, oh, om, os, ous)) return std::nullopt;
      offset_seconds = sign * (oh * 3600LL + om * 60LL + os);
    }
    if (pos != s.size()) return std::nullopt;
  }
  const std::int64_t seconds = days_from_civil(year, static_cast<unsigned>(month),
                                               static_cast<unsigned>(day)) * 86400 +
                               hour * 3600LL + minute * 60LL + second - offset_seconds;
  using namespace std::chrono;
  const auto limit = duration_cast<std::chrono::seconds>(system_clock::duration::max()).count() - 1;
  if (seconds > limit || seconds < -limit) return std::nullopt;
  return system_clock::time_point(duration_cast<system_clock::duration>(
      std::chrono::seconds(seconds) + microseconds(us)));
}

std::string imf_fixdate(system_clock::time_point when) {
  static constexpr const char* weekdays[] = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};
  static constexpr const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const split_time t = split(when);
  const std::int64_t days = days_from_civil(t.date.year, t.date.month, t.date.day);
  const auto weekday = static_cast<std::size_t>(((days % 7) + 7) % 7);  // 1970-01-01 was a Thursday
  char text[40];
  const int n = std::snprintf(text, sizeof text, "%s, %02u %s %04lld %02d:%02d:%02d GMT",
                              weekdays[weekday], t.date.day, months[t.date.month - 1],
                              static_cast<long long>(t.date.year), t.hour, t.minute, t.second);
  return std::string(text, static_cast<std::size_t>(n));
}

}  // namespace rediscache::detail
