#include "pickle/big_int.hpp"
#include "quote.hpp"

#include <rediscache/error.hpp>
#include <rediscache/pickle/value.hpp>

#include <charconv>
#include <cmath>
#include <cstdlib>

namespace rediscache::pickle {
namespace {

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

void check_date(int y, int m, int d) {
  if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) {
    throw codec_error("date " + std::to_string(y) + "-" + std::to_string(m) + "-" +
                      std::to_string(d) + " is out of Python's range");
  }
}

void check_time(const date_time& t) {
  if (t.hour < 0 || t.hour > 23 || t.minute < 0 || t.minute > 59 || t.second < 0 || t.second > 59 ||
      t.microsecond < 0 || t.microsecond > 999999) {
    throw codec_error("time " + std::to_string(t.hour) + ":" + std::to_string(t.minute) + ":" +
                      std::to_string(t.second) + "." + std::to_string(t.microsecond) +
                      " is out of Python's range");
  }
  if (t.tz && (t.tz->seconds <= -86400 || t.tz->seconds >= 86400)) {
    throw codec_error("a UTC offset must be strictly between -24 and 24 hours");
  }
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool equal_ci(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const char x = a[i] >= 'A' && a[i] <= 'Z' ? static_cast<char>(a[i] + 32) : a[i];
    if (x != b[i]) return false;
  }
  return true;
}

bool all_digits(std::string_view s) {
  for (const char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// Python's Decimal() grammar, without surrounding whitespace or underscores.
bool is_decimal_literal(std::string_view s) {
  if (!s.empty() && (s.front() == '+' || s.front() == '-')) s.remove_prefix(1);
  if (equal_ci(s, "inf") || equal_ci(s, "infinity")) return true;
  if (s.size() >= 3 && equal_ci(s.substr(0, 3), "nan")) return all_digits(s.substr(3));
  if (s.size() >= 4 && equal_ci(s.substr(0, 4), "snan")) return all_digits(s.substr(4));
  const auto e = s.find_first_of("eE");
  std::string_view mantissa = s.substr(0, e);
  if (e != std::string_view::npos) {
    std::string_view exponent = s.substr(e + 1);
    if (!exponent.empty() && (exponent.front() == '+' || exponent.front() == '-')) {
      exponent.remove_prefix(1);
    }
    if (exponent.empty() || !all_digits(exponent)) return false;
  }
  const auto dot = mantissa.find('.');
  const auto whole = mantissa.substr(0, dot);
  const auto frac = dot == std::string_view::npos ? std::string_view() : mantissa.substr(dot + 1);
  return (!whole.empty() || !frac.empty()) && all_digits(whole) && all_digits(frac);
}

}  // namespace

value value::with_text(kind k, std::string text) {
  value v;
  v.kind_ = k;
  v.text_ = std::move(text);
  return v;
}

value value::with_items(kind k, std::vector<value> items) {
  value v;
  v.kind_ = k;
  v.items_ = std::move(items);
  return v;
}

value value::integer(std::string_view decimal) {
  std::string_view digits = decimal;
  const bool negative = !digits.empty() && digits.front() == '-';
  if (negative) digits.remove_prefix(1);
  if (digits.empty() || !all_digits(digits)) {
    throw codec_error("not a decimal integer: " + rediscache::detail::quote_for_message(decimal));
  }
  while (digits.size() > 1 && digits.front() == '0') digits.remove_prefix(1);
  std::string text = (negative && digits != "0" ? "-" : "") + std::string(digits);
  std::int64_t small = 0;
  const auto r = std::from_chars(text.data(), text.data() + text.size(), small);
  if (r.ec == std::errc() && r.ptr == text.data() + text.size())
    return value(static_cast<long long>(small));
  return with_text(kind::big_integer, std::move(text));
}

value value::decimal(std::string_view text) {
  if (!is_decimal_literal(text)) {
    throw codec_error("not a Python Decimal literal: " +
                      rediscache::detail::quote_for_message(text));
  }
  return with_text(kind::decimal, std::string(text));
}

value value::uuid(const std::array<std::uint8_t, 16>& octets) {
  return with_text(kind::uuid, std::string(octets.begin(), octets.end()));
}

value value::uuid(std::string_view text) {
  std::string octets;
  int high = -1;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '-' && (i == 8 || i == 13 || i == 18 || i == 23) && text.size() == 36) continue;
    const int d = hex_digit(text[i]);
    if (d < 0) break;
    if (high < 0) {
      high = d;
    } else {
      octets += static_cast<char>(high * 16 + d);
      high = -1;
    }
  }
  if (octets.size() != 16 || high >= 0 || (text.size() != 36 && text.size() != 32)) {
    throw codec_error("not a UUID: " + rediscache::detail::quote_for_message(text));
  }
  return with_text(kind::uuid, std::move(octets));
}

value value::dict(std::vector<dict_item> items) {
  value v;
  v.kind_ = kind::dict;
  v.dict_ = std::move(items);
  return v;
}

value value::datetime(const date_time& t) {
  check_date(t.year, t.month, t.day);
  check_time(t);
  value v;
  v.kind_ = kind::datetime;
  v.when_ = t;
  return v;
}

value value::date(int year, int month, int day) {
  check_date(year, month, day);
  value v;
  v.kind_ = kind::date;
  v.when_.year = year;
  v.when_.month = month;
  v.when_.day = day;
  return v;
}

value value::time(const date_time& t) {
  check_time(t);
  value v;
  v.kind_ = kind::time;
  v.when_ = t;
  v.when_.year = 1;
  v.when_.month = 1;
  v.when_.day = 1;
  return v;
}

value value::timedelta(std::int64_t days, std::int64_t seconds, std::int64_t microseconds) {
  // Floor division as Python normalizes; the inputs stay far from overflow within its range.
  constexpr std::int64_t max_days = 999999999;
  if (std::llabs(days) > max_days || std::llabs(seconds) > max_days * 86400 ||
      std::llabs(microseconds) > max_days * 1000000) {
    throw codec_error("timedelta is out of Python's range");
  }
  auto floor_div = [](std::int64_t a, std::int64_t b, std::int64_t& rem) {
    std::int64_t q = a / b;
    rem = a % b;
    if (rem < 0) {
      rem += b;
      --q;
    }
    return q;
  };
  std::int64_t us = 0;
  seconds += floor_div(microseconds, 1000000, us);
  std::int64_t s = 0;
  days += floor_div(seconds, 86400, s);
  if (std::llabs(days) > max_days) throw codec_error("timedelta is out of Python's range");
  value v;
  v.kind_ = kind::timedelta;
  v.delta_ = {days, static_cast<std::int32_t>(s), static_cast<std::int32_t>(us)};
  return v;
}

void value::expect(kind k, const char* wanted) const {
  if (kind_ != k) {
    throw codec_error("the pickled value is " + std::string(type_name()) + ", not " + wanted);
  }
}

bool value::as_bool() const {
  expect(kind::boolean, "bool");
  return int_ != 0;
}

std::int64_t value::as_int() const {
  if (kind_ == kind::big_integer) {
    throw codec_error("the pickled int " + rediscache::detail::escape_for_message(text_) +
                      " does not fit in 64 bits");
  }
  expect(kind::integer, "int");
  return int_;
}

std::string value::integer_text() const {
  if (kind_ == kind::big_integer) return text_;
  expect(kind::integer, "int");
  return std::to_string(int_);
}

double value::as_double() const {
  if (kind_ == kind::integer) {
    const auto d = static_cast<double>(int_);
    if (d < 9223372036854775808.0 && static_cast<std::int64_t>(d) == int_) return d;
    throw codec_error("the pickled int " + std::to_string(int_) + " is not exact as a double");
  }
  expect(kind::floating, "float");
  return float_;
}

const std::string& value::as_str() const {
  expect(kind::str, "str");
  return text_;
}

const std::string& value::as_bytes() const {
  if (kind_ != kind::bytearray) expect(kind::bytes, "bytes");
  return text_;
}

const std::string& value::decimal_text() const {
  expect(kind::decimal, "decimal.Decimal");
  return text_;
}

std::array<std::uint8_t, 16> value::uuid_octets() const {
  expect(kind::uuid, "uuid.UUID");
  std::array<std::uint8_t, 16> out{};
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = static_cast<std::uint8_t>(text_[i]);
  return out;
}

std::string value::uuid_text() const {
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  const auto o = uuid_octets();
  for (std::size_t i = 0; i < o.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += hex[o[i] >> 4];
    out += hex[o[i] & 15];
  }
  return out;
}

const std::vector<value>& value::items() const {
  if (kind_ != kind::list && kind_ != kind::tuple && kind_ != kind::set &&
      kind_ != kind::frozenset) {
    expect(kind::list, "a list, tuple, set or frozenset");
  }
  return items_;
}

std::vector<value>& value::items() {
  return const_cast<std::vector<value>&>(static_cast<const value&>(*this).items());
}

const std::vector<dict_item>& value::dict_items() const {
  expect(kind::dict, "dict");
  return dict_;
}

std::vector<dict_item>& value::dict_items() {
  expect(kind::dict, "dict");
  return dict_;
}

const value* value::find(std::string_view str_key) const {
  for (const auto& item : dict_items()) {
    if (item.key.kind_ == kind::str && item.key.text_ == str_key) return &item.val;
  }
  return nullptr;
}

const date_time& value::as_date_time() const {
  if (kind_ != kind::date && kind_ != kind::time) expect(kind::datetime, "datetime.datetime");
  return when_;
}

const time_delta& value::as_timedelta() const {
  expect(kind::timedelta, "datetime.timedelta");
  return delta_;
}

std::string_view value::type_name() const noexcept { return to_string(kind_); }

bool operator==(const value& a, const value& b) {
  if (a.kind_ != b.kind_) return false;
  switch (a.kind_) {
    case kind::none:
      return true;
    case kind::boolean:
    case kind::integer:
      return a.int_ == b.int_;
    case kind::floating:
      return a.float_ == b.float_ || (std::isnan(a.float_) && std::isnan(b.float_));
    case kind::list:
    case kind::tuple:
    case kind::set:
    case kind::frozenset:
      return a.items_ == b.items_;
    case kind::dict:
      if (a.dict_.size() != b.dict_.size()) return false;
      for (std::size_t i = 0; i < a.dict_.size(); ++i) {
        if (a.dict_[i].key != b.dict_[i].key || a.dict_[i].val != b.dict_[i].val) return false;
      }
      return true;
    case kind::datetime:
    case kind::date:
    case kind::time: {
      const auto& x = a.when_;
      const auto& y = b.when_;
      const bool tz_equal = x.tz.has_value() == y.tz.has_value() &&
                            (!x.tz || (x.tz->seconds == y.tz->seconds && x.tz->name == y.tz->name));
      return x.year == y.year && x.month == y.month && x.day == y.day && x.hour == y.hour &&
             x.minute == y.minute && x.second == y.second && x.microsecond == y.microsecond &&
             x.fold == y.fold && tz_equal;
    }
    case kind::timedelta:
      return a.delta_.days == b.delta_.days && a.delta_.seconds == b.delta_.seconds &&
             a.delta_.microseconds == b.delta_.microseconds;
    default:
      return a.text_ == b.text_;
  }
}

std::string_view to_string(kind k) noexcept {
  switch (k) {
    case kind::none:
      return "NoneType";
    case kind::boolean:
      return "bool";
    case kind::integer:
    case kind::big_integer:
      return "int";
    case kind::floating:
      return "float";
    case kind::str:
      return "str";
    case kind::bytes:
      return "bytes";
    case kind::bytearray:
      return "bytearray";
    case kind::list:
      return "list";
    case kind::tuple:
      return "tuple";
    case kind::dict:
      return "dict";
    case kind::set:
      return "set";
    case kind::frozenset:
      return "frozenset";
    case kind::datetime:
      return "datetime.datetime";
    case kind::date:
      return "datetime.date";
    case kind::time:
      return "datetime.time";
    case kind::timedelta:
      return "datetime.timedelta";
    case kind::decimal:
      return "decimal.Decimal";
    case kind::uuid:
      return "uuid.UUID";
  }
  return "unknown";
}

}  // namespace rediscache::pickle
