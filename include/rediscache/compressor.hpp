#pragma once

#include <rediscache/export.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace rediscache {

/// The compressors django-redis offers that a C++ reader can share; each writes the byte format of
/// the Python library django-redis calls, so either side reads what the other wrote.
enum class compressor_kind : unsigned char {
  none,  ///< values stored as serialized
  zlib,  ///< RFC 1950 zlib stream, as Python zlib.compress (level 6 starts 78 9c)
  lz4,   ///< LZ4 frame with the content size, as Python lz4.frame.compress
  zstd,  ///< zstd frame, as pyzstd.compress
};

/// How a cache alias compresses values.
struct compression_options {
  compressor_kind kind = compressor_kind::none;  ///< none, zlib, lz4 or zstd
  /// Values of at most this many bytes are stored uncompressed, as django-redis does (min_length).
  std::size_t min_bytes = 15;
  /// 0 is the library default: zlib 6, lz4 0 (fast), zstd 3. Otherwise zlib 1..9, lz4 up to 12
  /// (3 and above is LZ4-HC, negative is faster), zstd its min..max (19, or 22 for --ultra).
  int level = 0;
  /// Decompressed output larger than this is refused (outcome::too_large), so a small value cannot
  /// expand into gigabytes (a zip bomb). Redis itself stores at most 512 MiB per value.
  std::size_t max_decompressed_bytes = 512u * 1024 * 1024;
};

/// Compresses values on write and undoes it on read, without ever guessing where that would be
/// ambiguous, so every stored value reads back byte for byte:
/// - kind none never decompresses: a value is read exactly as stored, whatever its first bytes.
/// - Any other kind compresses every value longer than min_bytes, and also every shorter value
///   that begins with the magic bytes of a zlib, lz4 or zstd frame (looks_compressed). So every
///   value such an alias stores that begins like a frame is one, and reading decompresses exactly
///   those, in any of the three formats (changing the compressor keeps old values readable).
///   What django-redis writes fits the same rule: its uncompressed values are JSON, msgpack or
///   pickle, none of which begins with those bytes.
/// Immutable, so safe to share across threads.
class REDISCACHE_API compressor {
 public:
  /// Throws config_error for a level the chosen library does not have.
  explicit compressor(compression_options o = {});

  /// The options it was made with.
  const compression_options& options() const noexcept { return options_; }

  /// True when data begins with the magic bytes of a zlib stream (a 0x78 header with a valid
  /// check sum), an lz4 frame or a zstd frame.
  static bool looks_compressed(std::string_view data) noexcept;

  /// Returns data unchanged when kind is none, or when data.size() <= min_bytes and it does not
  /// look compressed. Throws codec_error only if the library fails (in practice, out of memory).
  std::string compress(std::string data) const;

  /// What decompress() found.
  enum class outcome {
    plain,         ///< kind is none, or no magic bytes: the value is stored as is; out untouched
    decompressed,  ///< out holds the decompressed bytes
    corrupt,       ///< magic bytes, but a bad, truncated or trailing-garbage frame; out untouched
    too_large,     ///< a valid frame that expands past max_decompressed_bytes; out untouched
  };
  /// Never throws on bad input. Memory use peaks at the decompressed size (never more than
  /// max_decompressed_bytes) plus a fixed few MiB; output past the cap is refused as soon as it is
  /// seen (at once when the frame header declares its size).
  outcome decompress(std::string_view data, std::string& out) const;

 private:
  compression_options options_;
};

/// "none", "zlib", "lz4" or "zstd".
REDISCACHE_API std::string_view to_string(compressor_kind k) noexcept;

/// Accepts the names to_string() gives and django-redis' COMPRESSOR paths
/// ("django_redis.compressors.zlib.ZlibCompressor", ...identity.IdentityCompressor,
/// ...lz4.Lz4Compressor, ...zstd.ZStdCompressor). Anything else, lzma and gzip included, throws
/// config_error.
REDISCACHE_API compressor_kind parse_compressor_kind(std::string_view name);

}  // namespace rediscache
