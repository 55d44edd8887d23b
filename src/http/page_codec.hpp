#pragma once

#include <rediscache/compressor.hpp>
#include <rediscache/http/response.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace rediscache::http::detail {

struct stored_page {
  response page;
  std::chrono::system_clock::time_point stored_at;
};

// A page as the bytes kept in Redis: a magic, a flags byte, then status, headers and body with
// length prefixes, zlib-compressed when longer than compress_above (unless that is null).
std::string encode_page(const response& page, std::chrono::system_clock::time_point stored_at,
                        const compressor* zlib, std::size_t compress_above);

// Nothing for bytes that are not a page this version wrote, truncated or corrupt: the caller
// takes that as a miss and overwrites the entry.
std::optional<stored_page> decode_page(std::string_view data, const compressor& zlib);

}  // namespace rediscache::http::detail
