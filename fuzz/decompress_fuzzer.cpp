// compressor::decompress on arbitrary bytes, under every compressor kind and a range of caps:
// it never throws, never gives more than the cap, and leaves the output alone unless it
// decompressed. Compressing the input with each kind and decompressing gives the input back.
#include "fuzz_support.hpp"

#include <rediscache/compressor.hpp>

#include <array>
#include <string>

namespace {

using rediscache::compression_options;
using rediscache::compressor;
using rediscache::compressor_kind;
using rediscache::fuzz::require;

constexpr std::array<compressor_kind, 4> kinds = {compressor_kind::none, compressor_kind::zlib,
                                                  compressor_kind::lz4, compressor_kind::zstd};
constexpr std::array<std::size_t, 6> caps = {0, 1, 15, 1000, 65536, 1 << 20};

// Levels each library accepts, fastest to strongest; 0 is the library default.
int level_for(compressor_kind k, std::uint8_t selector) {
  switch (k) {
    case compressor_kind::zlib:
      return selector % 10;
    case compressor_kind::lz4:
      return selector % 13;
    case compressor_kind::zstd:
      return selector % 20;
    case compressor_kind::none:
      break;
  }
  return 0;
}

void decompress_capped(std::string_view data, std::size_t cap) {
  for (compressor_kind k : kinds) {
    compression_options o;
    o.kind = k;
    o.max_decompressed_bytes = cap;
    const compressor c(o);
    const std::string untouched = "output before decompress";
    std::string out = untouched;
    if (c.decompress(data, out) == compressor::outcome::decompressed) {
      require(out.size() <= cap, "decompressed output stays within the cap",
              std::to_string(out.size()) + " > " + std::to_string(cap));
    } else {
      require(out == untouched, "a refused value leaves the output untouched", data);
    }
  }
}

void round_trip(std::string_view payload, std::uint8_t level_selector) {
  for (compressor_kind k : kinds) {
    if (k == compressor_kind::none) continue;
    for (int level : {0, level_for(k, level_selector)}) {
      compression_options o;
      o.kind = k;
      o.min_bytes = 0;
      o.level = level;
      const compressor c(o);
      const std::string packed = c.compress(std::string(payload));
      std::string back;
      const auto outcome = c.decompress(packed, back);
      if (payload.empty()) {
        require(packed.empty(), "nothing compresses to nothing");
        continue;
      }
      require(outcome == compressor::outcome::decompressed && back == payload,
              "compressed data decompresses to the original", payload);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  rediscache::fuzz::input in(data, size);
  const std::size_t cap = caps[in.byte() % caps.size()];
  const std::uint8_t level_selector = in.byte();
  decompress_capped(in.rest(), cap);
  round_trip(in.rest(), level_selector);
  return 0;
}
