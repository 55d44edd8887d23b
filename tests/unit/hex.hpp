#pragma once

#include <string>

namespace rediscache::test {

// "8004" -> the two bytes 0x80 0x04, for byte-exact interop samples.
inline std::string unhex(const std::string& hex) {
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    out += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
  }
  return out;
}

// Bytes as lower-case hex, so a failing comparison prints readably.
inline std::string hex(const std::string& data) {
  static const char digits[] = "0123456789abcdef";
  std::string out;
  for (const char c : data) {
    const auto b = static_cast<unsigned char>(c);
    out += digits[b >> 4];
    out += digits[b & 15];
  }
  return out;
}

}  // namespace rediscache::test
