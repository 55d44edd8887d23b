#pragma once

// Shared by every fuzz target: the libFuzzer entry point, the properties a target checks beyond
// "does not crash", and reading selector bytes from the front of an input.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace rediscache::fuzz {

// Bytes as C-style escapes, cut at 200 characters: safe to print whatever the input held.
inline std::string printable(std::string_view bytes) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < bytes.size() && out.size() < 200; ++i) {
    const auto c = static_cast<unsigned char>(bytes[i]);
    if (c >= 0x20 && c < 0x7f && c != '\\') {
      out += static_cast<char>(c);
    } else {
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  if (out.size() >= 200) out += "...";
  return out;
}

// A broken property aborts, which libFuzzer reports as a crash (keeping the input) and the replay
// driver as a failed test.
[[noreturn]] inline void violated(const char* property, std::string_view detail = {}) {
  std::fprintf(stderr, "fuzz property violated: %s\n  %s\n", property, printable(detail).c_str());
  std::fflush(stderr);
  std::abort();
}

inline void require(bool holds, const char* property, std::string_view detail = {}) {
  if (!holds) violated(property, detail);
}

// What every typed error the library throws on bad input must look like: one line without
// control characters (input bytes are escaped, so a message cannot forge log lines or split a
// header), and bounded however long the input was.
inline void require_clean_message(const std::exception& e) {
  const std::string_view message = e.what();
  bool clean = message.size() <= 2000;
  for (const char c : message) {
    const auto u = static_cast<unsigned char>(c);
    clean = clean && u >= 0x20 && u != 0x7f;
  }
  require(clean, "error messages are one bounded line without control characters", message);
}

// A value of type T whose bytes are the first bytes of bits (zero where bits runs out).
template <class T>
T from_bits(std::string_view bits) {
  T value{};
  std::memcpy(&value, bits.data(), std::min(sizeof value, bits.size()));
  return value;
}

// An input read front to back: selector bytes first, then payload.
class input {
 public:
  input(const std::uint8_t* data, std::size_t size)
      : rest_(reinterpret_cast<const char*>(data), size) {}

  // The next byte, or 0 once the input is used up.
  std::uint8_t byte() {
    if (rest_.empty()) return 0;
    const auto b = static_cast<std::uint8_t>(rest_.front());
    rest_.remove_prefix(1);
    return b;
  }
  // Up to n bytes.
  std::string_view bytes(std::size_t n) {
    std::string_view taken = rest_.substr(0, n);
    rest_.remove_prefix(taken.size());
    return taken;
  }
  std::string_view rest() const noexcept { return rest_; }

 private:
  std::string_view rest_;
};

}  // namespace rediscache::fuzz
