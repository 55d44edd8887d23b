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

// Decompressed output that grows in steps up to one byte past the cap: filling that last byte
// proves the data expands beyond the cap, without ever holding more than cap + 1 bytes.
class bounded_output {
 public:
  bounded_output(std::size_t cap, std::size_t input_size)
      : cap_(cap), limit_(cap == SIZE_MAX ? cap : cap + 1) {
    const std::size_t guess =
        input_size > limit_ / 4 ? limit_ : std::max<std::size_t>(input_size * 4, 4096);
    buf_.resize(std::min(limit_, guess));
  }

  char* free_begin() { return &buf_[0] + used_; }
  std::size_t free_size() const { return buf_.size() - used_; }
  void commit(std::size_t n) { used_ += n; }

  // Makes room for more output; false once the output has passed the cap.
  bool grow() {
    if (buf_.size() >= limit_) return false;
    buf_.resize(buf_.size() > limit_ / 2 ? limit_ : std::max<std::size_t>(buf_.size() * 2, 1));
    return true;
  }

  bool within_cap() const { return used_ <= cap_; }

  std::string take() {
    buf_.resize(used_);
    return std::move(buf_);
  }

 private:
  std::size_t cap_;
  std::size_t limit_;
  std::size_t used_ = 0;
  std::string buf_;
};

bool inflate_zlib(std::string_view in, bounded_output& out) {
  z_stream zs{};
  if (inflateInit(&zs) != Z_OK) return false;
  const std::unique_ptr<z_stream, int (*)(z_stream*)> end(&zs, inflateEnd);
  std::size_t fed = 0;
  for (;;) {
    if (zs.avail_in == 0 && fed < in.size()) {
      const std::size_t n = std::min<std::size_t>(in.size() - fed, UINT_MAX);
      zs.next_in = reinterpret_cast<const Bytef*>(in.data() + fed);
      zs.avail_in = static_cast<uInt>(n);
      fed += n;
    }
    if (out.free_size() == 0 && !out.grow()) return false;
    const auto room = static_cast<uInt>(std::min<std::size_t>(out.free_size(), UINT_MAX));
    zs.next_out = reinterpret_cast<Bytef*>(out.free_begin());
    zs.avail_out = room;
    const int rc = inflate(&zs, Z_NO_FLUSH);
    out.commit(room - zs.avail_out);
    // Anything after the end of the stream is trailing garbage, not a second value.
    if (rc == Z_STREAM_END) return zs.avail_in == 0 && fed == in.size();
    // Z_BUF_ERROR with room left means the input ended mid-stream.
    if (rc == Z_BUF_ERROR && zs.avail_out == 0) continue;
    if (rc != Z_OK) return false;
  }
}

struct lz4_context_deleter {
  void operator()(LZ4F_dctx* c) const { LZ4F_freeDecompressionContext(c); }
};

bool decode_lz4(std::string_view in, bounded_output& out) {
  LZ4F_dctx* raw = nullptr;
  if (LZ4F_isError(LZ4F_createDecompressionContext(&raw, LZ4F_VERSION))) return false;
  const std::unique_ptr<LZ4F_dctx, lz4_context_deleter> ctx(raw);
  std::size_t pos = 0;
  for (;;) {
    if (out.free_size() == 0 && !out.grow()) return false;
    std::size_t produced = out.free_size();
    std::size_t consumed = in.size() - pos;
    const std::size_t hint = LZ4F_decompress(ctx.get(), out.free_begin(), &produced,
                                             in.data() + pos, &consumed, nullptr);
    if (LZ4F_isError(hint)) return false;
    pos += consumed;
    out.commit(produced);
    if (hint == 0) return pos == in.size();
    if (consumed == 0 && produced == 0) return false;  // input ended mid-frame
  }
}

struct zstd_context_deleter {
  void operator()(ZSTD_DCtx* c) const { ZSTD_freeDCtx(c); }
};

// A frame of at most cap bytes never needs a window larger than that, so a header asking for more
// is refused before zstd allocates it. 27 is zstd's own default limit.
int zstd_window_log_max(std::size_t cap) {
  int log = 10;
  while (log < 27 && (std::size_t{1} << log) < cap) ++log;
  return log;
}

bool decode_zstd(std::string_view in, bounded_output& out, std::size_t cap) {
  const std::unique_ptr<ZSTD_DCtx, zstd_context_deleter> ctx(ZSTD_createDCtx());
  if (!ctx) return false;
  if (ZSTD_isError(
          ZSTD_DCtx_setParameter(ctx.get(), ZSTD_d_windowLogMax, zstd_window_log_max(cap)))) {
    return false;
  }
  ZSTD_inBuffer src{in.data(), in.size(), 0};
  for (;;) {
    if (out.free_size() == 0 && !out.grow()) return false;
    ZSTD_outBuffer dst{out.free_begin(), out.free_size(), 0};
    const std::size_t consumed_before = src.pos;
    const std::size_t rc = ZSTD_decompressStream(ctx.get(), &dst, &src);
    if (ZSTD_isError(rc)) return false;
    out.commit(dst.pos);
    if (rc == 0) return src.pos == src.size;
    if (dst.pos == 0 && src.pos == consumed_before) return false;  // input ended mid-frame
  }
}

bool starts_with(std::string_view data, std::string_view magic) {
  return data.size() >= magic.size() && data.substr(0, magic.size()) == magic;
}

// CMF 0x78 is deflate with a 32 KiB window, what every zlib writer uses; the header check sum
// rejects most plain values that merely start with 'x'.
bool is_zlib(std::string_view data) {
  if (data.size() < 2) return false;
  const auto b0 = static_cast<unsigned char>(data[0]);
  const auto b1 = static_cast<unsigned char>(data[1]);
  return b0 == 0x78 && (b0 * 256 + b1) % 31 == 0;
}

constexpr std::string_view lz4_magic("\x04\x22\x4d\x18", 4);
constexpr std::string_view zstd_magic("\x28\xb5\x2f\xfd", 4);

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

std::string compressor::compress(std::string data) const {
  if (data.size() <= options_.min_bytes) return data;
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
  const bool zlib = is_zlib(data);
  const bool lz4 = !zlib && starts_with(data, lz4_magic);
  const bool zstd = !zlib && !lz4 && starts_with(data, zstd_magic);
  if (!zlib && !lz4 && !zstd) return outcome::plain;

  const std::size_t cap = options_.max_decompressed_bytes;
  bounded_output result(cap, data.size());
  const bool ok = zlib  ? inflate_zlib(data, result)
                  : lz4 ? decode_lz4(data, result)
                        : decode_zstd(data, result, cap);
  if (!ok || !result.within_cap()) return outcome::corrupt;
  out = result.take();
  return outcome::decompressed;
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
        "compressor '" + std::string(name) +
        "' is not supported; use zlib, lz4, zstd or none (the same on the Python side)");
  }
  throw config_error("unknown compressor '" + std::string(name) +
                     "': expected none, zlib, lz4, zstd or a django-redis compressor path");
}

}  // namespace rediscache
