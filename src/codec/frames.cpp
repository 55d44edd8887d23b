#include "codec/frames.hpp"

#define ZLIB_CONST
#include <lz4frame.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <climits>
#include <memory>
#include <optional>
#include <vector>

namespace rediscache::detail {
namespace {

constexpr std::string_view lz4_magic("\x04\x22\x4d\x18", 4);
constexpr std::string_view zstd_magic("\x28\xb5\x2f\xfd", 4);

// A first output buffer this large (or eight times the input) is tried before anything is
// measured: most values fit it and are decoded once.
constexpr std::size_t first_try_max = 4u << 20;
// Measuring decodes into this window over and over, so it stays in the CPU cache.
constexpr std::size_t window_size = 64u << 10;

// Where a decoder writes. A fixed sink is a buffer of known size: running out of room means the
// output is larger. A counting sink reuses a small window and only counts, up to a limit.
class sink {
 public:
  static sink fixed(std::string& buf) { return sink(&buf[0], buf.size(), SIZE_MAX); }
  static sink counting(std::vector<char>& window, std::size_t limit) {
    return sink(window.data(), window.size(), limit);
  }

  char* at() { return data_ + pos_; }
  std::size_t room() const { return size_ - pos_; }
  void commit(std::size_t n) {
    pos_ += n;
    produced_ += n;
  }
  // Frees room for more output; false when this sink takes no more.
  bool make_room() {
    if (limit_ == SIZE_MAX || produced_ > limit_) return false;
    pos_ = 0;
    return true;
  }
  std::size_t produced() const { return produced_; }

 private:
  sink(char* data, std::size_t size, std::size_t limit) : data_(data), size_(size), limit_(limit) {}
  char* data_;
  std::size_t size_;
  std::size_t limit_;  // SIZE_MAX: a fixed sink
  std::size_t pos_ = 0;
  std::size_t produced_ = 0;
};

enum class step { ended, overflow, invalid };

// Each decoder feeds the whole input and stops at the end of the frame (which must be the end of
// the input: anything after it is garbage, not a second value), at a sink that takes no more, or
// at bad or missing input.
step inflate_zlib(std::string_view in, sink& out) {
  z_stream zs{};
  if (inflateInit(&zs) != Z_OK) return step::invalid;
  const std::unique_ptr<z_stream, int (*)(z_stream*)> end(&zs, inflateEnd);
  std::size_t fed = 0;
  for (;;) {
    if (zs.avail_in == 0 && fed < in.size()) {
      const std::size_t n = std::min<std::size_t>(in.size() - fed, UINT_MAX);
      zs.next_in = reinterpret_cast<const Bytef*>(in.data() + fed);
      zs.avail_in = static_cast<uInt>(n);
      fed += n;
    }
    const auto room = static_cast<uInt>(std::min<std::size_t>(out.room(), UINT_MAX));
    zs.next_out = reinterpret_cast<Bytef*>(out.at());
    zs.avail_out = room;
    const int rc = inflate(&zs, Z_NO_FLUSH);
    out.commit(room - zs.avail_out);
    if (rc == Z_STREAM_END) return zs.avail_in == 0 && fed == in.size() ? step::ended : step::invalid;
    if (rc != Z_OK && rc != Z_BUF_ERROR) return step::invalid;
    if (zs.avail_out == 0) {
      if (!out.make_room()) return step::overflow;
    } else if (zs.avail_in == 0 && fed == in.size()) {
      return step::invalid;  // the input ended mid-stream
    }
  }
}

struct lz4_context_deleter {
  void operator()(LZ4F_dctx* c) const { LZ4F_freeDecompressionContext(c); }
};
using lz4_context = std::unique_ptr<LZ4F_dctx, lz4_context_deleter>;

lz4_context make_lz4_context() {
  LZ4F_dctx* raw = nullptr;
  if (LZ4F_isError(LZ4F_createDecompressionContext(&raw, LZ4F_VERSION))) return nullptr;
  return lz4_context(raw);
}

step decode_lz4(std::string_view in, sink& out) {
  const lz4_context ctx = make_lz4_context();
  if (!ctx) return step::invalid;
  std::size_t pos = 0;
  for (;;) {
    std::size_t produced = out.room();
    std::size_t consumed = in.size() - pos;
    const std::size_t hint =
        LZ4F_decompress(ctx.get(), out.at(), &produced, in.data() + pos, &consumed, nullptr);
    if (LZ4F_isError(hint)) return step::invalid;
    pos += consumed;
    out.commit(produced);
    if (hint == 0) return pos == in.size() ? step::ended : step::invalid;
    if (out.room() == 0) {
      if (!out.make_room()) return step::overflow;
    } else if (consumed == 0 && produced == 0) {
      return step::invalid;  // the input ended mid-frame
    }
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

step decode_zstd(std::string_view in, sink& out, std::size_t cap) {
  const std::unique_ptr<ZSTD_DCtx, zstd_context_deleter> ctx(ZSTD_createDCtx());
  if (!ctx || ZSTD_isError(ZSTD_DCtx_setParameter(ctx.get(), ZSTD_d_windowLogMax,
                                                  zstd_window_log_max(cap)))) {
    return step::invalid;
  }
  ZSTD_inBuffer src{in.data(), in.size(), 0};
  for (;;) {
    ZSTD_outBuffer dst{out.at(), out.room(), 0};
    const std::size_t consumed_before = src.pos;
    const std::size_t rc = ZSTD_decompressStream(ctx.get(), &dst, &src);
    if (ZSTD_isError(rc)) return step::invalid;
    out.commit(dst.pos);
    if (rc == 0) return src.pos == src.size ? step::ended : step::invalid;
    if (out.room() == 0) {
      if (!out.make_room()) return step::overflow;
    } else if (dst.pos == 0 && src.pos == consumed_before) {
      return step::invalid;  // the input ended mid-frame
    }
  }
}

step decode(frame_format format, std::string_view in, sink& out, std::size_t cap) {
  switch (format) {
    case frame_format::zlib: return inflate_zlib(in, out);
    case frame_format::lz4: return decode_lz4(in, out);
    case frame_format::zstd: return decode_zstd(in, out, cap);
    case frame_format::none: break;
  }
  return step::invalid;
}

// The decompressed size a frame header states, when it states one. Python's lz4.frame and
// pyzstd (and our own writers) always do; zlib streams never do.
std::optional<std::size_t> declared_size(frame_format format, std::string_view in) {
  if (format == frame_format::zstd) {
    const unsigned long long size = ZSTD_getFrameContentSize(in.data(), in.size());
    if (size == ZSTD_CONTENTSIZE_UNKNOWN || size == ZSTD_CONTENTSIZE_ERROR) return std::nullopt;
    if (size > SIZE_MAX) return SIZE_MAX;
    return static_cast<std::size_t>(size);
  }
  if (format == frame_format::lz4) {
    const lz4_context ctx = make_lz4_context();
    LZ4F_frameInfo_t info{};
    std::size_t header = in.size();
    if (!ctx || LZ4F_isError(LZ4F_getFrameInfo(ctx.get(), &info, in.data(), &header)) ||
        info.contentSize == 0) {
      return std::nullopt;
    }
    if (info.contentSize > SIZE_MAX) return SIZE_MAX;
    return static_cast<std::size_t>(info.contentSize);
  }
  return std::nullopt;
}

frame_result decode_exactly(frame_format format, std::string_view in, std::size_t size,
                            std::size_t cap, std::string& out) {
  std::string result(size, '\0');
  sink exact = sink::fixed(result);
  if (decode(format, in, exact, cap) != step::ended || exact.produced() != size) {
    return frame_result::corrupt;
  }
  out = std::move(result);
  return frame_result::decoded;
}

}  // namespace

frame_format detect_frame(std::string_view data) noexcept {
  if (data.size() >= 2) {
    // CMF 0x78 is deflate with a 32 KiB window, what every zlib writer uses; the header check
    // sum rejects most other values that start with 'x'.
    const auto b0 = static_cast<unsigned char>(data[0]);
    const auto b1 = static_cast<unsigned char>(data[1]);
    if (b0 == 0x78 && (b0 * 256 + b1) % 31 == 0) return frame_format::zlib;
  }
  if (data.substr(0, 4) == lz4_magic) return frame_format::lz4;
  if (data.substr(0, 4) == zstd_magic) return frame_format::zstd;
  return frame_format::none;
}

frame_result decode_frame(frame_format format, std::string_view data, std::size_t cap,
                          std::string& out) {
  if (const auto size = declared_size(format, data)) {
    if (*size > cap) return frame_result::too_large;
    return decode_exactly(format, data, *size, cap, out);
  }
  // Most values fit a first guess and are decoded once.
  {
    std::string guess(std::min({cap, first_try_max, data.size() * 8 + 4096}), '\0');
    sink first = sink::fixed(guess);
    switch (decode(format, data, first, cap)) {
      case step::ended:
        guess.resize(first.produced());
        out = std::move(guess);
        return frame_result::decoded;
      case step::invalid:
        return frame_result::corrupt;
      case step::overflow:
        if (guess.size() >= cap) return frame_result::too_large;
        break;
    }
  }
  // Larger output is measured before it is held, so memory never holds more than the output.
  std::vector<char> window(window_size);
  sink counter = sink::counting(window, cap);
  switch (decode(format, data, counter, cap)) {
    case step::ended:
      break;
    case step::overflow:
      return frame_result::too_large;
    case step::invalid:
      return frame_result::corrupt;
  }
  if (counter.produced() > cap) return frame_result::too_large;
  return decode_exactly(format, data, counter.produced(), cap, out);
}

}  // namespace rediscache::detail
