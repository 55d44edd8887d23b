#pragma once

#include <rediscache/codec.hpp>
#include <rediscache/compressor.hpp>
#include <rediscache/error.hpp>
#include <rediscache/export.hpp>
#include <rediscache/serializer.hpp>

#include <string>
#include <string_view>
#include <utility>

namespace rediscache {

/// A cache alias' way of turning values into stored bytes and back: codec<T> with the alias'
/// serializer, then its compressor (never for plain integers). The cache uses it, and so does the
/// raw client of an alias, so hset(client.encode(v)) and hget<T> store exactly what cache.set
/// and cache.get would. Immutable; safe to share across threads.
class REDISCACHE_API value_codec {
 public:
  /// The codec of an alias with this serializer and compression.
  explicit value_codec(serializer_kind kind = serializer_kind::json,
                       compression_options compression = {})
      : serializer_(kind), compressor_(compression) {}

  /// The serializer values go through.
  const serializer& value_serializer() const noexcept { return serializer_; }
  /// The compressor applied to serialized values.
  const compressor& value_compressor() const noexcept { return compressor_; }

  template <class T>
  /// The bytes cache.set would store for \p value.
  std::string encode(const T& value) const {
    return pack(codec<T>::encode(value, serializer_), stores_plain_integer<T>);
  }
  template <class T>
  /// A value read as cache.get<T> would; codec_error when the bytes are not a T.
  T decode(std::string stored) const {
    return codec<T>::decode(unpack(std::move(stored)), serializer_);
  }

  /// Compresses serialized bytes, unless they are plain integer text (INCR and Python's int()
  /// must read those) or the compressor leaves them alone.
  std::string pack(std::string serialized, bool plain_integer) const;
  /// Undoes pack(); codec_error for a corrupt or oversized compressed value.
  std::string unpack(std::string stored) const;

 private:
  serializer serializer_;
  compressor compressor_;
};

}  // namespace rediscache
