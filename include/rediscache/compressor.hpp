#pragma once

#include <rediscache/export.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace rediscache {

// The compressors django-redis offers that a C++ reader can share; each writes the byte format of
// the Python library django-redis calls, so either side reads what the other wrote.
enum class compressor_kind : unsigned char {
  none,  // values stored as serialized
  zlib,  // RFC 1950 zlib stream, as Python zlib.compress (level 6 starts 78 9c)
  lz4,   // LZ4 frame with the content size, as Python lz4.frame.compress
  zstd,  // zstd frame, as pyzstd.compress
};

struct compression_options {
  compressor_kind kind = compressor_kind::none;
  // Values of at most this many bytes are stored uncompressed, as django-redis does (min_length).
  std::size_t min_bytes = 15;
  // 0 is the library default: zlib 6, lz4 0 (fast), zstd 3. Otherwise zlib 1..9, lz4 up to 12
  // (3 and above is LZ4-HC, negative is faster), zstd its min..max (19, or 22 for --ultra).
  int level = 0;
  // Decompressed output larger than this is refused as corrupt, so a small value cannot expand
  // into gigabytes (a zip bomb). Redis itself stores at most 512 MiB per value.
  std::size_t max_decompressed_bytes = 512u * 1024 * 1024;
};

// Compresses on write with the configured kind, and on read recognizes all three formats by their
// magic bytes, so values written under an earlier setting still read after the setting changes.
// Immutable, so safe to share across threads.
class REDISCACHE_API compressor {
 public:
  // Throws config_error for a level the chosen library does not have.
  explicit compressor(compression_options o = {});

  const compression_options& options() const noexcept { return options_; }

  // Returns data unchanged when kind is none or data.size() <= min_bytes. Throws codec_error only
  // if the library fails, which in practice means out of memory.
  std::string compress(std::string data) const;

  enum class outcome {
    plain,         // no magic bytes: data is not compressed; out is untouched
    decompressed,  // out holds the decompressed bytes
    corrupt,       // magic bytes, but a bad, truncated or oversized frame; out is untouched
  };
  // Never throws on bad input and never allocates much more than max_decompressed_bytes.
  // django-redis treats a value that fails to decompress as plain; a caller wanting the same can
  // try the bytes as plain on corrupt (a raw string starting "x^" looks like a zlib header).
  outcome decompress(std::string_view data, std::string& out) const;

 private:
  compression_options options_;
};

// "none", "zlib", "lz4" or "zstd".
REDISCACHE_API std::string_view to_string(compressor_kind k) noexcept;

// Accepts the names to_string() gives and django-redis' COMPRESSOR paths
// ("django_redis.compressors.zlib.ZlibCompressor", ...identity.IdentityCompressor,
// ...lz4.Lz4Compressor, ...zstd.ZStdCompressor). Anything else, lzma and gzip included, throws
// config_error.
REDISCACHE_API compressor_kind parse_compressor_kind(std::string_view name);

}  // namespace rediscache
