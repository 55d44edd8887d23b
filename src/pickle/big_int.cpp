#include "pickle/big_int.hpp"

#include <cstdint>
#include <vector>

namespace rediscache::pickle::detail {

std::string twos_complement_to_decimal(std::string_view octets) {
  if (octets.empty()) return "0";
  std::vector<std::uint8_t> mag(octets.begin(), octets.end());
  const bool negative = (mag.back() & 0x80) != 0;
  if (negative) {  // magnitude = ~x + 1
    unsigned carry = 1;
    for (auto& b : mag) {
      const unsigned v = static_cast<std::uint8_t>(~b) + carry;
      b = static_cast<std::uint8_t>(v);
      carry = v >> 8;
    }
  }
  // Repeated division by 10^9 of the big-endian magnitude.
  std::vector<std::uint8_t> be(mag.rbegin(), mag.rend());
  std::vector<std::uint32_t> chunks;
  while (!be.empty()) {
    std::uint64_t rem = 0;
    std::vector<std::uint8_t> next;
    next.reserve(be.size());
    for (const auto b : be) {
      const std::uint64_t cur = (rem << 8) | b;
      const auto q = static_cast<std::uint8_t>(cur / 1000000000u);
      rem = cur % 1000000000u;
      if (!next.empty() || q != 0) next.push_back(q);
    }
    chunks.push_back(static_cast<std::uint32_t>(rem));
    be.swap(next);
  }
  while (chunks.size() > 1 && chunks.back() == 0) chunks.pop_back();
  std::string out = std::to_string(chunks.empty() ? 0 : chunks.back());
  for (std::size_t i = chunks.size() - 1; i-- > 0;) {
    const std::string part = std::to_string(chunks[i]);
    out.append(9 - part.size(), '0');
    out += part;
  }
  if (negative && out != "0") out.insert(out.begin(), '-');
  return out;
}

std::string decimal_to_twos_complement(std::string_view decimal) {
  const bool negative = !decimal.empty() && decimal.front() == '-';
  if (negative) decimal.remove_prefix(1);
  std::vector<std::uint8_t> mag;  // little-endian magnitude
  for (const char c : decimal) {
    unsigned carry = static_cast<unsigned>(c - '0');
    for (auto& b : mag) {
      const unsigned v = b * 10u + carry;
      b = static_cast<std::uint8_t>(v);
      carry = v >> 8;
    }
    while (carry != 0) {
      mag.push_back(static_cast<std::uint8_t>(carry));
      carry >>= 8;
    }
  }
  while (!mag.empty() && mag.back() == 0) mag.pop_back();
  if (mag.empty()) return {};
  if (negative) {
    unsigned carry = 1;
    for (auto& b : mag) {
      const unsigned v = static_cast<std::uint8_t>(~b) + carry;
      b = static_cast<std::uint8_t>(v);
      carry = v >> 8;
    }
    // -128 is 0x80 alone; -129 needs 0x7f 0xff, so a sign byte is added when bit 7 is clear.
    if ((mag.back() & 0x80) == 0) mag.push_back(0xff);
  } else if ((mag.back() & 0x80) != 0) {
    mag.push_back(0);
  }
  return std::string(mag.begin(), mag.end());
}

bool is_canonical_decimal(std::string_view text) noexcept {
  if (!text.empty() && text.front() == '-') text.remove_prefix(1);
  if (text.empty() || (text.size() > 1 && text.front() == '0')) return false;
  for (const char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace rediscache::pickle::detail
