// The decompression cap is the real peak: a legitimate value costs about its own size, and a
// bomb is refused without ever holding more than the cap.
#include "alloc/counting_new.hpp"

#include <rediscache/compressor.hpp>

#include <gtest/gtest.h>

#include <string>

namespace rediscache {
namespace {

constexpr compressor_kind all_kinds[] = {compressor_kind::zlib, compressor_kind::lz4,
                                         compressor_kind::zstd};
constexpr std::size_t mib = 1u << 20;

compressor make(compressor_kind kind, std::size_t cap) {
  compression_options o;
  o.kind = kind;
  o.max_decompressed_bytes = cap;
  return compressor(o);
}

// Compressible but not trivially: a repeating pattern of printable bytes.
std::string sample(std::size_t size) {
  std::string out(size, '\0');
  for (std::size_t i = 0; i < size; ++i) out[i] = static_cast<char>('a' + (i * 7 + i / 13) % 26);
  return out;
}

TEST(DecompressMemory, AValueCostsAboutItsOwnSize) {
  const std::string value = sample(24 * mib);
  for (const auto kind : all_kinds) {
    const std::string packed = make(kind, 64 * mib).compress(value);
    std::string out;
    test::reset_peak();
    ASSERT_EQ(make(kind, 64 * mib).decompress(packed, out), compressor::outcome::decompressed);
    const std::size_t peak = test::peak_since_reset();
    EXPECT_EQ(out, value);
    // The output itself plus a small fixed overhead (the measuring window), never a doubling.
    EXPECT_LE(peak, value.size() + mib) << to_string(kind) << " peak " << peak;
  }
}

TEST(DecompressMemory, ABombNeverHoldsMoreThanTheCap) {
  const std::string zeros(256 * mib, '\0');
  for (const auto kind : all_kinds) {
    const std::string bomb = make(kind, 512 * mib).compress(zeros);
    ASSERT_LT(bomb.size(), 2 * mib) << to_string(kind);
    std::string out;
    test::reset_peak();
    EXPECT_EQ(make(kind, 16 * mib).decompress(bomb, out), compressor::outcome::too_large)
        << to_string(kind);
    EXPECT_LE(test::peak_since_reset(), 16 * mib) << to_string(kind);
    EXPECT_TRUE(out.empty());
  }
}

}  // namespace
}  // namespace rediscache
