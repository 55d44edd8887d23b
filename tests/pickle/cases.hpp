#pragma once

// Every type the pickle codec handles, as a C++ value and as the Python expression of the same
// value. exact: CPython's pickle.dumps writes the very bytes we write (false where CPython shares
// an interned object we cannot know about, or orders a set by hash).

#include <rediscache/pickle/value.hpp>

#include <limits>
#include <string>
#include <vector>

namespace rediscache::test {

struct pickle_case {
  std::string python;
  pickle::value cpp;
  bool exact = true;
};

inline pickle::date_time at(int y, int mo, int d, int h = 0, int mi = 0, int s = 0, int us = 0) {
  pickle::date_time t;
  t.year = y;
  t.month = mo;
  t.day = d;
  t.hour = h;
  t.minute = mi;
  t.second = s;
  t.microsecond = us;
  return t;
}

inline pickle::date_time with_tz(pickle::date_time t, int offset, std::string name = {}) {
  t.tz = pickle::utc_offset{offset, std::move(name)};
  return t;
}

inline std::vector<pickle_case> pickle_cases() {
  using pickle::value;
  std::vector<value> range;
  for (int i = 0; i < 2500; ++i) range.emplace_back(i);
  std::vector<pickle::dict_item> many;
  for (int i = 0; i < 1200; ++i) many.push_back({value(i), value(-i)});
  auto folded = at(2024, 11, 3, 1, 30);
  folded.fold = true;
  pickle::date_time noon;
  noon.hour = 12;
  noon.fold = true;
  const std::string long_text = std::string(300, 'x') + "\xc3\xa9";
  return {
      {"None", value()},
      {"True", value(true)},
      {"False", value(false)},
      {"0", value(0)},
      {"255", value(255)},
      {"256", value(256)},
      {"65535", value(65535)},
      {"65536", value(65536)},
      {"-1", value(-1)},
      {"2**31-1", value(2147483647)},
      {"-2**31", value(-2147483647 - 1)},
      {"2**31", value(2147483648LL)},
      {"-2**31-1", value(-2147483649LL)},
      {"2**63-1", value(9223372036854775807LL)},
      {"-2**63", value(-9223372036854775807LL - 1)},
      {"2**63", value::integer("9223372036854775808")},
      {"2**64", value::integer("18446744073709551616")},
      {"-2**64-1", value::integer("-18446744073709551617")},
      {"-128 * 2**64", value::integer("-2361183241434822606848")},
      {"10**100", value::integer("1" + std::string(100, '0'))},
      {"-(10**700)", value::integer("-1" + std::string(700, '0'))},
      {"3.5", value(3.5)},
      {"-0.0", value(-0.0)},
      {"1e308", value(1e308)},
      {"float('inf')", value(std::numeric_limits<double>::infinity())},
      {"float('nan')", value(std::numeric_limits<double>::quiet_NaN())},
      {"''", value("")},
      {"'h\\u00e9llo'", value("h\xc3\xa9llo")},
      {"'\\U0001F600 \\u6e05'", value("\xf0\x9f\x98\x80 \xe6\xb8\x85")},
      {"'x' * 300 + '\\u00e9'", value(long_text)},
      {"'y' * 70000", value(std::string(70000, 'y'))},
      {"b''", value::bytes("")},
      {"b'\\x00\\xff'", value::bytes(std::string("\x00\xff", 2))},
      {"b'z' * 300", value::bytes(std::string(300, 'z'))},
      {"b'w' * 70000", value::bytes(std::string(70000, 'w'))},
      {"bytearray()", value::bytearray("")},
      {"bytearray(b'ab\\x80')", value::bytearray("ab\x80")},
      {"[]", value::list()},
      {"[1]", value::list({1})},
      {"[1, 'a']", value::list({1, "a"})},
      {"[[[]]]", value::list({value::list({value::list()})})},
      {"list(range(2500))", value::list(range)},
      {"()", value::tuple()},
      {"(1,)", value::tuple({1})},
      {"(1, 2)", value::tuple({1, 2})},
      {"(1, 2, 3)", value::tuple({1, 2, 3})},
      {"(1, 2, 3, 4)", value::tuple({1, 2, 3, 4})},
      {"{}", value::dict()},
      {"{'a': 1}", value::dict({{"a", 1}})},
      {"{'a': 1, 'b': [1.5, None, True], 's': 'h\\u00e9llo'}",
       value::dict({{"a", 1}, {"b", value::list({1.5, nullptr, true})}, {"s", "h\xc3\xa9llo"}})},
      {"{1: 'x', (1, 2): None, None: 0}",
       value::dict({{1, "x"}, {value::tuple({1, 2}), nullptr}, {nullptr, 0}})},
      {"{i: -i for i in range(1200)}", value::dict(many)},
      {"set()", value::set()},
      {"{1}", value::set({1})},
      {"{1, 2, 3}", value::set({1, 2, 3})},
      {"frozenset()", value::frozenset()},
      // Python orders a set by hash: small ints ascending, wrapping at the table size (8 here).
      {"frozenset({7, 8})", value::frozenset({8, 7})},
      {"dt(2024, 1, 2, 3, 4, 5, 6)", value::datetime(at(2024, 1, 2, 3, 4, 5, 6))},
      {"dt(2024, 1, 2, 3, 4, 5, 678901, tzinfo=timezone.utc)",
       value::datetime(with_tz(at(2024, 1, 2, 3, 4, 5, 678901), 0))},
      {"dt(1, 1, 1, tzinfo=timezone(timedelta(hours=-5, minutes=-30)))",
       value::datetime(with_tz(at(1, 1, 1), -19800))},
      {"dt(9999, 12, 31, 23, 59, 59, 999999, tzinfo=timezone(timedelta(hours=2), 'CEST'))",
       value::datetime(with_tz(at(9999, 12, 31, 23, 59, 59, 999999), 7200, "CEST"))},
      {"dt(2024, 11, 3, 1, 30, fold=1)", value::datetime(folded)},
      {"[dt(2024, 1, 1), dt(2024, 1, 2)]",
       value::list({value::datetime(at(2024, 1, 1)), value::datetime(at(2024, 1, 2))})},
      {"date(2024, 2, 29)", value::date(2024, 2, 29)},
      {"time(1, 2, 3, 4)", value::time(at(1, 1, 1, 1, 2, 3, 4))},
      {"time(23, 0, tzinfo=timezone(timedelta(seconds=3600)))",
       value::time(with_tz(at(1, 1, 1, 23), 3600))},
      {"time(12, fold=1)", value::time(noon)},
      {"timedelta(1, 2, 3)", value::timedelta(1, 2, 3)},
      {"timedelta(seconds=-1)", value::timedelta(0, -1)},
      {"timedelta(days=999999999)", value::timedelta(999999999, 0)},
      {"Decimal('1.10')", value::decimal("1.10")},
      {"Decimal('-Infinity')", value::decimal("-Infinity")},
      {"Decimal('NaN')", value::decimal("NaN")},
      {"Decimal('1E+3')", value::decimal("1E+3")},
      {"UUID(int=5)", value::uuid("00000000-0000-0000-0000-000000000005")},
      {"UUID('12345678-1234-5678-1234-567812345678')",
       value::uuid("12345678-1234-5678-1234-567812345678")},
      {"UUID('ffffffff-ffff-ffff-ffff-ffffffffffff')",
       value::uuid("ffffffff-ffff-ffff-ffff-ffffffffffff")},
      {"UUID(int=0)", value::uuid("00000000000000000000000000000000")},
      {"{'_auth_user_id': '1', 'cart': [1, 2, 3], '_session_expiry': "
       "dt(2024, 5, 6, 7, 8, 9, tzinfo=timezone.utc), 'price': Decimal('4.50'), "
       "'id': UUID(int=2**100), 'tags': frozenset({'x'}), 'raw': bytearray(b'\\x01')}",
       value::dict({{"_auth_user_id", "1"},
                    {"cart", value::list({1, 2, 3})},
                    {"_session_expiry", value::datetime(with_tz(at(2024, 5, 6, 7, 8, 9), 0))},
                    {"price", value::decimal("4.50")},
                    {"id", value::uuid("00000010-0000-0000-0000-000000000000")},
                    {"tags", value::frozenset({"x"})},
                    {"raw", value::bytearray("\x01")}})},
  };
}

}  // namespace rediscache::test
