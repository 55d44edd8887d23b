#include "codec/frames.hpp"
#include "quote.hpp"

#include <rediscache/compressor.hpp>
#include <rediscache/error.hpp>

#define ZLIB_CONST
#include <lz4frame.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>

namespace rediscache {
namespace {

constexpr int zlib_default_level = 6;  // django-redis' ZlibCompressor preset

std::string compress_zlib(const std::string& data, int level) {
  if (data.size() > ULONG_MAX / 2) throw codec_error("value too large for zlib");
  uLongf size = compressBound(static_cast<uLong>(data.size()));
  std::string out(size, '\0');
  const int rc = compress2(
      reinterpret_cast<Bytef*>(&out[0]), &size, reinterpret_cast<const Bytef*>(data.data()),
      static_cast<uLong>(data.size()), level == 0 ? zlib_default_level : level);
  if (rc != Z_OK) throw codec_error("zlib compression failed: " + std::string(zError(rc)));
  out.resize(size);
  return out;
}

std::string compress_lz4(const std::string& data, int level) {
  // The frame Python's lz4.frame.compress writes: 64 KiB independent blocks, content size, no
  // checksums (FLG 0x68, BD 0x40).
  LZ4F_preferences_t prefs{};
  prefs.frameInfo.blockSizeID = LZ4F_max64KB;
  prefs.frameInfo.blockMode = LZ4F_blockIndependent;
  prefs.frameInfo.contentSize = data.size();
  prefs.compressionLevel = level;
  std::string out(LZ4F_compressFrameBound(data.size(), &prefs), '\0');
  const std::size_t size =
      LZ4F_compressFrame(&out[0], out.size(), data.data(), data.size(), &prefs);
  if (LZ4F_isError(size)) {
    throw codec_error("lz4 compression failed: " + std::string(LZ4F_getErrorName(size)));
  }
  out.resize(size);
  return out;
}

std::string compress_zstd(const std::string& data, int level) {
  // ZSTD_compress records the content size in the frame header; level 0 is zstd's default (3).
  std::string out(ZSTD_compressBound(data.size()), '\0');
  const std::size_t size = ZSTD_compress(&out[0], out.size(), data.data(), data.size(), level);
  if (ZSTD_isError(size)) {
    throw codec_error("zstd compression failed: " + std::string(ZSTD_getErrorName(size)));
  }
  out.resize(size);
  return out;
}

void check_level(compressor_kind kind, int level) {
  bool ok = true;
  switch (kind) {
    case compressor_kind::none:
      break;
    case compressor_kind::zlib:
      ok = level >= 0 && level <= 9;
      break;
    case compressor_kind::lz4:
      ok = level <= LZ4F_compressionLevel_max();
      break;
    case compressor_kind::zstd:
      ok = level >= ZSTD_minCLevel() && level <= ZSTD_maxCLevel();
      break;
  }
  if (!ok) {
    throw config_error("compression level " + std::to_string(level) + " is out of range for " +
                       std::string(to_string(kind)));
  }
}

}  // namespace

compressor::compressor(compression_options o) : options_(o) {
  check_level(options_.kind, options_.level);
}

bool compressor::looks_compressed(std::string_view data) noexcept {
  return detail::detect_frame(data) != detail::frame_format::none;
}

std::string compressor::compress(std::string data) const {
  if (options_.kind == compressor_kind::none) return data;
  // A short value is compressed anyway when it looks compressed, so that reading never has to
  // guess whether a frame-like value is one.
  if (data.size() <= options_.min_bytes && !looks_compressed(data)) return data;
  switch (options_.kind) {
    case compressor_kind::none:
      return data;
    case compressor_kind::zlib:
      return compress_zlib(data, options_.level);
    case compressor_kind::lz4:
      return compress_lz4(data, options_.level);
    case compressor_kind::zstd:
      return compress_zstd(data, options_.level);
  }
  return data;
}

compressor::outcome compressor::decompress(std::string_view data, std::string& out) const {
  if (options_.kind == compressor_kind::none) return outcome::plain;
  const detail::frame_format format = detail::detect_frame(data);
  if (format == detail::frame_format::none) return outcome::plain;
  switch (detail::decode_frame(format, data, options_.max_decompressed_bytes, out)) {
    case detail::frame_result::decoded:
      return outcome::decompressed;
    case detail::frame_result::too_large:
      return outcome::too_large;
    case detail::frame_result::corrupt:
      break;
  }
  return outcome::corrupt;
}

std::string_view to_string(compressor_kind k) noexcept {
  switch (k) {
    case compressor_kind::none:
      return "none";
    case compressor_kind::zlib:
      return "zlib";
    case compressor_kind::lz4:
      return "lz4";
    case compressor_kind::zstd:
      return "zstd";
  }
  return "unknown";
}

compressor_kind parse_compressor_kind(std::string_view name) {
  constexpr std::string_view prefix = "django_redis.compressors.";
  if (name == "none" || name == "django_redis.compressors.identity.IdentityCompressor") {
    return compressor_kind::none;
  }
  if (name == "zlib" || name == "django_redis.compressors.zlib.ZlibCompressor") {
    return compressor_kind::zlib;
  }
  if (name == "lz4" || name == "django_redis.compressors.lz4.Lz4Compressor") {
    return compressor_kind::lz4;
  }
  if (name == "zstd" || name == "django_redis.compressors.zstd.ZStdCompressor") {
    return compressor_kind::zstd;
  }
  const bool django = name.substr(0, prefix.size()) == prefix;
  if (name == "lzma" || name == "gzip" || django) {
    throw config_error(
        "compressor " + detail::quote_for_message(name) +
        " is not supported; use zlib, lz4, zstd or none (the same on the Python side)");
  }
  throw config_error("unknown compressor " + detail::quote_for_message(name) +
                     ": expected none, zlib, lz4, zstd or a django-redis compressor path");
}

}  // namespace rediscache
