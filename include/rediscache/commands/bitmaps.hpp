#pragma once

#include <rediscache/commands/builder.hpp>

#include <string_view>

/// \file
/// Bitmaps: a string's bits, addressed from the first byte's most significant bit (offset 0).
namespace rediscache::cmd {

/// A bit's value.
enum class bit {
  zero,  ///< 0
  one    ///< 1
};

/// Whether BITCOUNT's start and end count bytes or bits.
enum class bit_unit {
  byte,  ///< positions count bytes (BYTE)
  bit    ///< positions count bits (BIT)
};

/// Positions start..end inclusive; negative ones count from the end.
struct bit_range {
  long long start = 0;  ///< the first position
  long long end = -1;  ///< the last position; -1 for the end
  bit_unit unit = bit_unit::byte;  ///< whether positions count bytes or bits
};

/// Sets the bit at offset; true when it was 1 before. Not retried: a repeat would report the new
/// bit as the old one.
inline typed_command<bool> setbit(std::string_view key, long long offset, bit value) {
  static const command_info& info = detail::info_of("setbit");
  command cmd = detail::start(info, "SETBIT");
  cmd.arg(key).arg(offset).arg(value == bit::one ? "1" : "0");
  return typed_command<bool>(std::move(cmd.mark(idempotency::unsafe)));
}

/// True when the bit at offset is 1 (bits past the end, and of a missing key, are 0).
inline typed_command<bool> getbit(std::string_view key, long long offset) {
  static const command_info& info = detail::info_of("getbit");
  return typed_command<bool>(detail::start(info, "GETBIT").arg(key).arg(offset));
}

/// The number of bits set to 1.
inline typed_command<long long> bitcount(std::string_view key) {
  static const command_info& info = detail::info_of("bitcount");
  return typed_command<long long>(detail::start(info, "BITCOUNT").arg(key));
}

/// The number of bits set to 1 within the range.
inline typed_command<long long> bitcount(std::string_view key, const bit_range& r) {
  static const command_info& info = detail::info_of("bitcount");
  command cmd = detail::start(info, "BITCOUNT");
  cmd.arg(key).arg(r.start).arg(r.end).arg(r.unit == bit_unit::byte ? "BYTE" : "BIT");
  return typed_command<long long>(std::move(cmd));
}

}  // namespace rediscache::cmd
