#pragma once

// Python ints past 64 bits: pickle stores them as little-endian two's complement (LONG1, LONG4),
// value.hpp keeps them as decimal text. Both conversions are quadratic, so callers bound the size.

#include <string>
#include <string_view>

namespace rediscache::pickle::detail {

// Little-endian two's complement to "-123..." (no leading zeros; "0" for empty input).
std::string twos_complement_to_decimal(std::string_view octets);
// The shortest little-endian two's complement of a decimal ("-"? digits), as CPython's encode_long.
std::string decimal_to_twos_complement(std::string_view decimal);
// Whether text is "-"? digits with no leading zero (other than "0" itself), as str(int) writes.
bool is_canonical_decimal(std::string_view text) noexcept;

}  // namespace rediscache::pickle::detail
