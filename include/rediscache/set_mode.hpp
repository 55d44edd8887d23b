#pragma once

namespace rediscache {

/// When set() writes.
enum class set_mode : unsigned char {
  always,      ///< store unconditionally
  if_absent,   ///< only when the key does not exist (SET NX); add() uses this
  if_present,  ///< only when the key exists (SET XX)
};

}  // namespace rediscache
