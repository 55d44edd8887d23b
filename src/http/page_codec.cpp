#include "http/page_codec.hpp"

#include <cstdint>

namespace rediscache::http::detail {
namespace {

constexpr std::string_view magic = "RCPAGE1";
constexpr char plain_flag = 'p';
constexpr char zlib_flag = 'z';

void put_u64(std::string& out, std::uint64_t n) {
  for (int i = 0; i < 8; ++i) out += static_cast<char>((n >> (8 * i)) & 0xff);
}

void put_text(std::string& out, std::string_view text) {
  put_u64(out, text.size());
  out += text;
}

struct reader {
  std::string_view rest;
  bool ok = true;

  std::uint64_t u64() {
    if (rest.size() < 8) {
      ok = false;
      return 0;
    }
    std::uint64_t n = 0;
    for (int i = 0; i < 8; ++i) n |= std::uint64_t{static_cast<unsigned char>(rest[i])} << (8 * i);
    rest.remove_prefix(8);
    return n;
  }
  std::string text() {
    std::uint64_t size = u64();
    if (!ok || size > rest.size()) {
      ok = false;
      return {};
    }
    std::string t(rest.substr(0, size));
    rest.remove_prefix(size);
    return t;
  }
};

}  // namespace

std::string encode_page(const response& page, std::chrono::system_clock::time_point stored_at,
                        const compressor* zlib, std::size_t compress_above) {
  std::string payload;
  payload.reserve(page.body.size() + 256);
  put_u64(payload, static_cast<std::uint64_t>(
                       std::chrono::duration_cast<std::chrono::seconds>(stored_at.time_since_epoch())
                           .count()));
  put_u64(payload, static_cast<std::uint64_t>(page.status));
  put_u64(payload, page.headers.fields().size());
  for (const auto& [name, value] : page.headers.fields()) {
    put_text(payload, name);
    put_text(payload, value);
  }
  put_text(payload, page.body);

  std::string out(magic);
  if (zlib != nullptr && payload.size() > compress_above) {
    out += zlib_flag;
    out += zlib->compress(std::move(payload));
  } else {
    out += plain_flag;
    out += payload;
  }
  return out;
}

std::optional<stored_page> decode_page(std::string_view data, const compressor& zlib) {
  if (data.size() <= magic.size() || data.substr(0, magic.size()) != magic) return std::nullopt;
  char flag = data[magic.size()];
  data.remove_prefix(magic.size() + 1);
  std::string inflated;
  if (flag == zlib_flag) {
    if (zlib.decompress(data, inflated) != compressor::outcome::decompressed) return std::nullopt;
    data = inflated;
  } else if (flag != plain_flag) {
    return std::nullopt;
  }
  reader in{data};
  stored_page stored;
  stored.stored_at = std::chrono::system_clock::time_point(
      std::chrono::seconds(static_cast<std::int64_t>(in.u64())));
  stored.page.status = static_cast<int>(in.u64());
  std::uint64_t count = in.u64();
  for (std::uint64_t i = 0; in.ok && i < count; ++i) {
    std::string name = in.text();
    std::string value = in.text();
    stored.page.headers.add(name, std::move(value));
  }
  stored.page.body = in.text();
  if (!in.ok || !in.rest.empty()) return std::nullopt;
  return stored;
}

}  // namespace rediscache::http::detail
