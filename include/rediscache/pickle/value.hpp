#pragma once

#include <rediscache/export.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rediscache::pickle {

/// The Python types a pickled cache value may hold; nothing else is ever read or written.
enum class kind : unsigned char {
  none,
  boolean,
  integer,      ///< fits std::int64_t
  big_integer,  ///< any other int, kept as decimal text ("-123456789012345678901234567890")
  floating,
  str,  ///< UTF-8
  bytes,
  bytearray,
  list,
  tuple,
  dict,  ///< insertion order kept; keys may be any value
  set,
  frozenset,
  datetime,
  date,
  time,
  timedelta,
  decimal,  ///< decimal.Decimal, kept as its str() ("1.10", "-Infinity", "1E+3")
  uuid,
};

/// A fixed UTC offset (datetime.timezone), the only tzinfo read and written: zoneinfo and pytz
/// zones other than UTC are refused, since what they resolve to depends on the reader's tz data.
struct utc_offset {
  std::int32_t seconds = 0;  ///< east of UTC; |seconds| < 86400
  std::string name;          ///< datetime.timezone's optional name, empty for none
};

/// The fields of datetime.date, datetime.time, datetime.datetime; only those of the value's kind
/// are meaningful. Ranges are Python's: year 1..9999, microsecond 0..999999, and so on.
struct date_time {
  ///@{
  /// The date: year, month (1..12), day of the month.
  int year = 1;
  int month = 1;
  int day = 1;
  ///@}
  ///@{
  /// The time of day.
  int hour = 0;
  int minute = 0;
  int second = 0;
  int microsecond = 0;
  ///@}
  bool fold = false;  ///< Python's fold: the second of two equal wall-clock times (PEP 495)
  std::optional<utc_offset> tz;  ///< naive without one
};

/// datetime.timedelta, normalized as Python keeps it: 0 <= seconds < 86400,
/// 0 <= microseconds < 1e6.
struct time_delta {
  std::int64_t days = 0;          ///< |days| <= 999999999
  std::int32_t seconds = 0;       ///< 0 <= seconds < 86400
  std::int32_t microseconds = 0;  ///< 0 <= microseconds < 1e6
};

struct dict_item;

/// One Python value. Containers own their children; a pickle's shared references are copied.
class REDISCACHE_API value {
 public:
  value() = default;                                        ///< None
  value(std::nullptr_t) {}                                  ///< None
  value(bool b) : kind_(kind::boolean), int_(b ? 1 : 0) {}  ///< bool
  ///@{
  /// int
  value(int i) : kind_(kind::integer), int_(i) {}
  value(long i) : kind_(kind::integer), int_(i) {}
  value(long long i) : kind_(kind::integer), int_(static_cast<std::int64_t>(i)) {}
  ///@}
  value(double d) : kind_(kind::floating), float_(d) {}  ///< float
  ///@{
  /// str (UTF-8)
  value(std::string s) : kind_(kind::str), text_(std::move(s)) {}
  value(const char* s) : kind_(kind::str), text_(s) {}
  ///@}

  /// An int of any size from decimal text ("-" and digits); a big_integer only past 64 bits.
  static value integer(std::string_view decimal);
  /// bytes
  static value bytes(std::string octets) { return with_text(kind::bytes, std::move(octets)); }
  /// bytearray
  static value bytearray(std::string octets) {
    return with_text(kind::bytearray, std::move(octets));
  }
  static value decimal(std::string_view text);  ///< must be what Python's Decimal() accepts
  static value uuid(const std::array<std::uint8_t, 16>& octets);  ///< uuid.UUID from its 16 bytes
  static value uuid(std::string_view text);  ///< "12345678-1234-5678-1234-567812345678"
  /// A list of the items.
  static value list(std::vector<value> items = {}) {
    return with_items(kind::list, std::move(items));
  }
  /// A tuple of the items.
  static value tuple(std::vector<value> items = {}) {
    return with_items(kind::tuple, std::move(items));
  }
  /// A set of the items.
  static value set(std::vector<value> items = {}) {
    return with_items(kind::set, std::move(items));
  }
  /// A frozenset of the items.
  static value frozenset(std::vector<value> items = {}) {
    return with_items(kind::frozenset, std::move(items));
  }
  /// A dict of the items, in their order.
  static value dict(std::vector<dict_item> items = {});
  static value datetime(const date_time& t);        ///< datetime.datetime
  static value date(int year, int month, int day);  ///< datetime.date
  static value time(const date_time& t);            ///< date fields ignored
  /// datetime.timedelta, normalized as Python does.
  static value timedelta(std::int64_t days, std::int64_t seconds, std::int64_t microseconds = 0);

  kind type() const noexcept { return kind_; }                   ///< The Python type.
  bool is_none() const noexcept { return kind_ == kind::none; }  ///< Whether it is None.

  /// \name Accessors
  /// Each accessor throws codec_error naming the actual type when the value is another kind.
  ///@{
  bool as_bool() const;                     ///< bool
  std::int64_t as_int() const;              ///< integer only; a big_integer is a codec_error
  std::string integer_text() const;         ///< integer or big_integer, in decimal
  double as_double() const;                 ///< floating, or an integer that converts exactly
  const std::string& as_str() const;        ///< str
  const std::string& as_bytes() const;      ///< bytes or bytearray
  const std::string& decimal_text() const;  ///< decimal, its str()
  std::array<std::uint8_t, 16> uuid_octets() const;   ///< uuid, its 16 bytes
  std::string uuid_text() const;                      ///< uuid, its canonical string
  const std::vector<value>& items() const;            ///< list, tuple, set, frozenset
  std::vector<value>& items();                        ///< list, tuple, set, frozenset
  const std::vector<dict_item>& dict_items() const;   ///< dict, in its order
  std::vector<dict_item>& dict_items();               ///< dict, in its order
  const value* find(std::string_view str_key) const;  ///< a dict's str key; nullptr if absent
  const date_time& as_date_time() const;              ///< datetime, date or time
  const time_delta& as_timedelta() const;             ///< timedelta
  ///@}

  /// Python's repr()-like type name: "int", "str", "datetime.datetime", ...
  std::string_view type_name() const noexcept;

  ///@{
  /// Same kind and equal contents, field by field: dict order, tz and fold count; NaN equals NaN.
  friend REDISCACHE_API bool operator==(const value& a, const value& b);
  friend bool operator!=(const value& a, const value& b) { return !(a == b); }
  ///@}

 private:
  static value with_text(kind k, std::string text);
  static value with_items(kind k, std::vector<value> items);
  void expect(kind k, const char* wanted) const;

  kind kind_ = kind::none;
  std::int64_t int_ = 0;
  double float_ = 0;
  std::string text_;
  std::vector<value> items_;
  std::vector<dict_item> dict_;
  date_time when_;
  time_delta delta_;
};

/// One key and its value in a dict.
struct dict_item {
  value key;  ///< any value; a str for dicts that map to JSON objects
  value val;  ///< the value
};

/// The kind's Python type name, as value::type_name.
REDISCACHE_API std::string_view to_string(kind k) noexcept;

}  // namespace rediscache::pickle

/// \namespace rediscache::pickle
/// Python pickles of cache values, as django-redis' default PickleSerializer stores them: the
/// Python value type, load and dump with limits for hostile input, and the nlohmann::json mapping.
