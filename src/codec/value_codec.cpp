#include <rediscache/value_codec.hpp>

namespace rediscache {

std::string value_codec::pack(std::string serialized, bool plain_integer) const {
  if (plain_integer || is_plain_integer_text(serialized)) return serialized;
  return compressor_.compress(std::move(serialized));
}

std::string value_codec::unpack(std::string stored) const {
  std::string plain;
  switch (compressor_.decompress(stored, plain)) {
    case compressor::outcome::plain:
      return stored;
    case compressor::outcome::decompressed:
      return plain;
    case compressor::outcome::too_large:
      throw codec_error("the value expands past compression_options::max_decompressed_bytes");
    case compressor::outcome::corrupt:
      break;
  }
  throw codec_error("the value is compressed but corrupt or truncated");
}

}  // namespace rediscache
