#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace rediscache::channels::detail {

// msgpack.packb(message, use_bin_type=True) byte for byte: the smallest int encoding, floats as
// float64, str as str, binary as bin. Throws config_error for a value msgpack cannot hold.
std::string pack(const nlohmann::json& value);
// msgpack.unpackb(raw=False); codec_error for bytes that are not msgpack or not a map with str
// keys.
nlohmann::json unpack(std::string_view bytes);

// channels 4.0's name rules; config_error naming what is wrong.
void check_channel_name(const std::string& name);
void check_group_name(const std::string& name);
// "specific.abc!def" -> "specific.abc!"; a plain name stays as it is.
std::string non_local_name(const std::string& channel);
// channels_redis' _consistent_hash: CRC32 & 0xFFF mapped onto ring_size hosts.
std::size_t consistent_hash(std::string_view value, std::size_t ring_size);
// fnmatch.fnmatchcase(name, pattern), as channels_redis' channel_capacity patterns match.
bool fnmatch(std::string_view pattern, std::string_view name);

// n random bytes / 32 random lower-case hex characters.
std::string random_bytes(std::size_t n);
std::string random_hex32();

}  // namespace rediscache::channels::detail
