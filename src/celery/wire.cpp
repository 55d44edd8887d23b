#include "celery/wire.hpp"

#include <rediscache/error.hpp>

#include <unistd.h>

#include <array>
#include <cstdio>
#include <ctime>
#include <limits>
#include <random>

namespace rediscache::celery::detail {
namespace {

template <class Json>
void dump_string(const std::string& text, std::string& out) {
  try {
    out += Json(text).dump(-1, ' ', true);
  } catch (const nlohmann::json::exception& e) {
    throw codec_error(std::string("Celery JSON: a string is not valid UTF-8: ") + e.what());
  }
}

// nlohmann's escaping with ensure_ascii equals Python's (\uXXXX in lower-case hex, surrogate
// pairs, DEL escaped); only the separators differ, so containers are written here.
template <class Json>
void dump(const Json& value, std::string& out) {
  switch (value.type()) {
    case nlohmann::json::value_t::object: {
      out += '{';
      bool first = true;
      for (auto it = value.begin(); it != value.end(); ++it) {
        if (!first) out += ", ";
        first = false;
        dump_string<Json>(it.key(), out);
        out += ": ";
        dump(it.value(), out);
      }
      out += '}';
      return;
    }
    case nlohmann::json::value_t::array: {
      out += '[';
      bool first = true;
      for (const auto& item : value) {
        if (!first) out += ", ";
        first = false;
        dump(item, out);
      }
      out += ']';
      return;
    }
    case nlohmann::json::value_t::string:
      dump_string<Json>(value.template get_ref<const std::string&>(), out);
      return;
    case nlohmann::json::value_t::number_float: {
      const double d = value.template get<double>();
      if (d != d) {
        out += "NaN";
      } else if (d == std::numeric_limits<double>::infinity()) {
        out += "Infinity";
      } else if (d == -std::numeric_limits<double>::infinity()) {
        out += "-Infinity";
      } else {
        out += value.dump();
      }
      return;
    }
    case nlohmann::json::value_t::binary:
      throw codec_error("Celery JSON: binary values have no JSON form");
    default:
      out += value.dump();
  }
}

// Celery's saferepr: text in single quotes with only the single quotes escaped, containers
// nested deeper than three levels as "[...]" / "{...}".
void repr_string(const std::string& s, std::string& out) {
  out += '\'';
  for (char c : s) {
    if (c == '\'') out += '\\';
    out += c;
  }
  out += '\'';
}

constexpr int max_repr_levels = 3;

void repr(const nlohmann::json& value, std::string& out, int level) {
  switch (value.type()) {
    case nlohmann::json::value_t::null: out += "None"; return;
    case nlohmann::json::value_t::boolean: out += value.get<bool>() ? "True" : "False"; return;
    case nlohmann::json::value_t::string: repr_string(value.get_ref<const std::string&>(), out); return;
    case nlohmann::json::value_t::array: {
      if (level >= max_repr_levels) {
        out += "[...]";
        return;
      }
      out += '[';
      bool first = true;
      for (const auto& item : value) {
        if (!first) out += ", ";
        first = false;
        repr(item, out, level + 1);
      }
      out += ']';
      return;
    }
    case nlohmann::json::value_t::object: {
      if (level >= max_repr_levels) {
        out += "{...}";
        return;
      }
      out += '{';
      bool first = true;
      for (auto it = value.begin(); it != value.end(); ++it) {
        if (!first) out += ", ";
        first = false;
        repr_string(it.key(), out);
        out += ": ";
        repr(it.value(), out, level + 1);
      }
      out += '}';
      return;
    }
    default: {
      std::string text;
      dump(value, text);
      out += text == "NaN" ? "nan" : text == "Infinity" ? "inf" : text == "-Infinity" ? "-inf" : text;
    }
  }
}

constexpr char base64_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int base64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

std::mt19937_64& thread_rng() {
  thread_local std::mt19937_64 rng = [] {
    std::random_device device;
    std::seed_seq seed{device(), device(), device(), device(), device(), device()};
    return std::mt19937_64(seed);
  }();
  return rng;
}

}  // namespace

std::string python_dumps(const nlohmann::json& value) {
  std::string out;
  dump(value, out);
  return out;
}

std::string python_dumps(const nlohmann::ordered_json& value) {
  std::string out;
  dump(value, out);
  return out;
}

std::string python_repr(const nlohmann::json& value) {
  std::string out;
  repr(value, out, 0);
  return out;
}

std::string python_args_repr(const nlohmann::json& args) {
  std::string out = "(";
  bool first = true;
  for (const auto& item : args) {
    if (!first) out += ", ";
    first = false;
    repr(item, out, 1);
  }
  if (args.size() == 1) out += ',';
  out += ')';
  return out;
}

std::string base64_encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) |
                       (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                       static_cast<unsigned char>(bytes[i + 2]);
    out += base64_alphabet[(v >> 18) & 63];
    out += base64_alphabet[(v >> 12) & 63];
    out += base64_alphabet[(v >> 6) & 63];
    out += base64_alphabet[v & 63];
  }
  if (i < bytes.size()) {
    unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) v |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    out += base64_alphabet[(v >> 18) & 63];
    out += base64_alphabet[(v >> 12) & 63];
    out += i + 1 < bytes.size() ? base64_alphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

std::string base64_decode(std::string_view text) {
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  std::size_t padding = 0;
  for (char c : text) {
    if (c == '\n' || c == '\r') continue;
    if (c == '=') {
      ++padding;
      continue;
    }
    const int v = base64_value(c);
    if (v < 0 || padding > 0) throw codec_error("Celery message body is not valid base64");
    buffer = (buffer << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xff);
    }
  }
  if (padding > 2) throw codec_error("Celery message body is not valid base64");
  return out;
}

std::string uuid4() {
  static constexpr char hex[] = "0123456789abcdef";
  auto& rng = thread_rng();
  std::array<unsigned char, 16> b{};
  const std::uint64_t hi = rng();
  const std::uint64_t lo = rng();
  for (int i = 0; i < 8; ++i) {
    b[static_cast<std::size_t>(i)] = static_cast<unsigned char>(hi >> (8 * i));
    b[static_cast<std::size_t>(i + 8)] = static_cast<unsigned char>(lo >> (8 * i));
  }
  b[6] = static_cast<unsigned char>((b[6] & 0x0f) | 0x40);
  b[8] = static_cast<unsigned char>((b[8] & 0x3f) | 0x80);
  std::string out;
  for (std::size_t i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += hex[b[i] >> 4];
    out += hex[b[i] & 15];
  }
  return out;
}

std::string iso_utc(std::chrono::system_clock::time_point when, bool with_offset) {
  using namespace std::chrono;
  const auto micros = duration_cast<microseconds>(when.time_since_epoch()).count();
  long long seconds = micros / 1000000;
  long long fraction = micros % 1000000;
  if (fraction < 0) {
    fraction += 1000000;
    --seconds;
  }
  const std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[64];
  // Python's isoformat() leaves the fraction out when it is zero.
  const int n = std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d", tm.tm_year + 1900,
                              tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
  std::string out(text, static_cast<std::size_t>(n));
  if (fraction != 0) {
    std::snprintf(text, sizeof text, ".%06lld", fraction);
    out += text;
  }
  if (with_offset) out += "+00:00";
  return out;
}

std::chrono::system_clock::time_point parse_iso(std::string_view text) {
  const auto fail = [&] {
    return codec_error("Celery: not an ISO-8601 time: \"" + std::string(text.substr(0, 64)) + "\"");
  };
  int year, month, day, hour, minute, second, consumed = 0;
  const std::string s(text);
  if (std::sscanf(s.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &year, &month, &day, &hour, &minute,
                  &second, &consumed) != 6 ||
      consumed != 19) {
    throw fail();
  }
  std::size_t pos = 19;
  long long micros = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    int digits = 0;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      if (digits < 6) micros = micros * 10 + (s[pos] - '0');
      ++digits;
      ++pos;
    }
    if (digits == 0) throw fail();
    for (int i = digits; i < 6; ++i) micros *= 10;
  }
  long long offset_seconds = 0;
  if (pos < s.size()) {
    if (s[pos] == 'Z' && pos + 1 == s.size()) {
      pos = s.size();
    } else if ((s[pos] == '+' || s[pos] == '-') && s.size() == pos + 6 && s[pos + 3] == ':') {
      int oh = 0, om = 0;
      if (std::sscanf(s.c_str() + pos + 1, "%2d:%2d", &oh, &om) != 2) throw fail();
      offset_seconds = (oh * 3600LL + om * 60LL) * (s[pos] == '-' ? -1 : 1);
      pos = s.size();
    } else {
      throw fail();
    }
  }
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  const long long epoch = static_cast<long long>(timegm(&tm)) - offset_seconds;
  return std::chrono::system_clock::time_point(
      std::chrono::duration_cast<std::chrono::system_clock::duration>(
          std::chrono::microseconds(epoch * 1000000 + micros)));
}

std::string default_origin() {
  char host[256] = {};
  if (::gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
  return "gen" + std::to_string(::getpid()) + "@" + host;
}

std::string priority_queue(std::string_view queue, int priority) {
  const int step = priority >= 9 ? 9 : priority >= 6 ? 6 : priority >= 3 ? 3 : 0;
  std::string key(queue);
  if (step != 0) {
    key += "\x06\x16";
    key += std::to_string(step);
  }
  return key;
}

}  // namespace rediscache::celery::detail
