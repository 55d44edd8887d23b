#pragma once

#include <cstddef>
#include <string>
#include <string_view>

// Recognizing and decoding the compressed frames django-redis' compressors write.
namespace rediscache::detail {

enum class frame_format { none, zlib, lz4, zstd };

// By magic bytes only; says nothing about whether the rest is valid.
frame_format detect_frame(std::string_view data) noexcept;

enum class frame_result { decoded, corrupt, too_large };

// Decodes one whole frame of the given format into out. The output never grows past cap, and
// memory peaks at the output's final size plus a small fixed amount.
frame_result decode_frame(frame_format format, std::string_view data, std::size_t cap,
                          std::string& out);

}  // namespace rediscache::detail
