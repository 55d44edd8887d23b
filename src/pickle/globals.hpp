#pragma once

// The allow-list: the only classes and functions a pickle may name. Resolving any other name is
// a codec_error that names it; nothing is ever imported or called.

#include <string_view>

namespace rediscache::pickle::detail {

enum class global : unsigned char {
  none,
  set,
  frozenset,
  bytes,
  bytearray,
  codecs_encode,  // _codecs.encode(str, "latin1"): bytes in protocol 2
  datetime,
  date,
  time,
  timedelta,
  timezone,
  decimal,
  uuid,
  pytz_utc,  // pytz.utc, as Django before 4.0 pickles aware datetimes with pytz installed
};

// Throws codec_error for anything outside the allow-list.
global resolve_global(std::string_view module, std::string_view name);
// "datetime.datetime", "builtins.set", ...
std::string_view name_of(global g) noexcept;

}  // namespace rediscache::pickle::detail
