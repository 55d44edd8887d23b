#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace rediscache::detail {

// "2024-01-02T03:04:05.678901+00:00": Python's datetime.isoformat() of an aware UTC datetime, the
// microseconds left out when zero, as Django >= 4.1 stores "_session_expiry".
std::string iso_utc(std::chrono::system_clock::time_point when);

// What Python's datetime.fromisoformat() reads from Django and from DjangoJSONEncoder:
// YYYY-MM-DD, optionally followed by 'T' or ' ' and HH:MM[:SS[.fraction]], optionally followed by
// 'Z' or an offset ±HH:MM[:SS[.ffffff]] (or ±HHMM). A time without an offset is taken as UTC.
// nullopt for anything else, for invalid fields, and for moments system_clock cannot hold.
std::optional<std::chrono::system_clock::time_point> parse_iso(std::string_view text);

// "Sun, 06 Nov 1994 08:49:37 GMT".
std::string imf_fixdate(std::chrono::system_clock::time_point when);

}  // namespace rediscache::detail
