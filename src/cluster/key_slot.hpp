#pragma once

#include <cstdint>
#include <string_view>

namespace rediscache::detail {

// Redis Cluster's 16384 hash slots.
constexpr int cluster_slots = 16384;

// The slot Redis Cluster places key in: CRC16 (XMODEM) of the key, or of its hash tag, modulo
// 16384. The hash tag is what lies between the first '{' and the first '}' after it, when that
// is not empty; "{user1}:a" and "{user1}:b" share a slot.
int key_slot(std::string_view key) noexcept;

// CRC16-CCITT (XMODEM): polynomial 0x1021, initial value 0.
std::uint16_t crc16_xmodem(std::string_view data) noexcept;

}  // namespace rediscache::detail
