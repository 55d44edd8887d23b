#pragma once

#include <rediscache/export.hpp>

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <string_view>

namespace rediscache {

/// How a cache alias turns values into bytes. Each one reads and writes the same bytes as the
/// django-redis serializer of the same name, so C++ and Python can share keys.
enum class serializer_kind : unsigned char {
  json,     ///< compact JSON, ASCII-escaped (Python's json.loads reads it); cannot hold bytes
  msgpack,  ///< MessagePack: strings as the str family, bytes as bin, as Python msgpack 1.0 writes
  raw,      ///< strings and bytes stored verbatim, nothing else; for values other programs read
  pickle,   ///< Python pickle protocol 4 (django-redis' default); reads 2 to 5; see pickle/pickle.hpp
};

/// Serializes one value; a serializer is immutable, so one may be shared by any number of threads.
/// Every failure to dump or load throws codec_error. Loading rejects nesting deeper than
/// 1000 levels (deeper than Python's own recursion limit lets it write), so hostile input cannot
/// exhaust the stack.
class REDISCACHE_API serializer {
 public:
  /// A serializer of that kind.
  explicit serializer(serializer_kind k = serializer_kind::json) : kind_(k) {}

  /// Which serializer this is.
  serializer_kind kind() const noexcept { return kind_; }

  /// The bytes for \p v; codec_error when it cannot be written in this format.
  std::string dump(const nlohmann::json& v) const;
  /// The value in \p bytes; codec_error when they are not valid in this format.
  nlohmann::json load(std::string_view bytes) const;

 private:
  serializer_kind kind_;
};

/// "json", "msgpack", "raw" or "pickle".
REDISCACHE_API std::string_view to_string(serializer_kind k) noexcept;

/// Accepts the names to_string() gives and django-redis' SERIALIZER paths
/// ("django_redis.serializers.json.JSONSerializer", "...msgpack.MSGPackSerializer",
/// "...pickle.PickleSerializer"). Anything else throws config_error.
REDISCACHE_API serializer_kind parse_serializer_kind(std::string_view name);

}  // namespace rediscache
