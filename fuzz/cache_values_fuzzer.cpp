// The cache facade over memory_backend, in each serializer x compressor configuration, for
// every value type. Arbitrary stored bytes either read as a value or throw codec_error; a value
// read that way holds what the bytes hold, and stores and reads back the same. Values made from
// the input (strings, bytes, numbers, JSON, containers) store and read back the same, or are
// refused with codec_error.
#include "fuzz_support.hpp"

#include <rediscache/cache.hpp>
#include <rediscache/error.hpp>
#include <rediscache/memory_backend.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

namespace {

using rediscache::bytes;
using rediscache::cache;
using rediscache::fuzz::require;
using json = nlohmann::json;

struct configured_cache {
  std::string name;
  cache store;
};

std::vector<configured_cache>& caches() {
  static std::vector<configured_cache> all = [] {
    std::vector<configured_cache> made;
    for (auto s : {rediscache::serializer_kind::json, rediscache::serializer_kind::msgpack,
                   rediscache::serializer_kind::raw}) {
      for (auto k : {rediscache::compressor_kind::none, rediscache::compressor_kind::zlib,
                     rediscache::compressor_kind::lz4, rediscache::compressor_kind::zstd}) {
        rediscache::cache_options o;
        o.serializer = s;
        o.compression.kind = k;
        o.compression.max_decompressed_bytes = 1 << 20;  // a fuzz input cannot ask for more
        o.default_timeout = rediscache::cache_timeout::forever();
        o.name = std::string(to_string(s)) + "+" + std::string(to_string(k));
        made.push_back({o.name, cache(std::make_shared<rediscache::memory_backend>(), o)});
      }
    }
    return made;
  }();
  return all;
}

std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

template <class T>
bool same(const T& a, const T& b) {
  if constexpr (std::is_floating_point_v<T>) {
    return a == b || (std::isnan(a) && std::isnan(b));
  } else if constexpr (std::is_same_v<T, json>) {
    return a == b || dump(a) == dump(b);
  } else {
    return a == b;
  }
}

// Stores value under a fresh key and reads it back: the same value, or codec_error from set().
template <class T>
void round_trip(configured_cache& c, const T& value, const char* type, std::string_view origin) {
  try {
    if (!c.store.set("copy", value)) rediscache::fuzz::violated("set stores a value", c.name);
  } catch (const rediscache::codec_error& e) {
    rediscache::fuzz::require_clean_message(e);
    return;  // refused at write time: nothing stored, nothing lost
  }
  std::optional<T> back;
  try {
    back = c.store.get<T>("copy");
  } catch (const rediscache::codec_error& e) {
    rediscache::fuzz::violated("a value the cache stored reads back",
                               c.name + " " + type + ": " + e.what() + " | " + std::string(origin));
  }
  require(back.has_value(), "a stored value is found", c.name);
  require(same(*back, value), "a value reads back as it was stored",
          c.name + " " + type + " | " + std::string(origin));
}

// A value read as a T holds what the stored bytes hold, when they read as JSON too: [1.5] or
// [true] read as a vector of integers, or 300000000000 as an int, is a codec_error, never a
// silently different number. Bytes, and strings under the raw serializer, are not JSON values.
template <class T>
void check_faithful(configured_cache& c, const T& value, const char* type,
                    std::string_view stored) {
  if constexpr (!std::is_same_v<T, bytes>) {
    if (std::is_same_v<T, std::string> && c.name.rfind("raw", 0) == 0) return;
    std::optional<json> as_json;
    try {
      as_json = c.store.get<json>("stored");
    } catch (const rediscache::codec_error&) {
      return;
    }
    require(same(json(value), *as_json), "a value read as a type holds what the stored bytes hold",
            c.name + " " + type + " | " + std::string(stored));
  }
}

// Arbitrary bytes put in the backend directly, read as a T.
template <class T>
void read_stored(configured_cache& c, std::string_view stored, const char* type) {
  c.store.storage().set(c.store.make_key("stored"), std::string(stored), std::nullopt,
                        rediscache::set_mode::always);
  std::optional<T> value;
  try {
    value = c.store.get<T>("stored");
  } catch (const rediscache::codec_error& e) {
    rediscache::fuzz::require_clean_message(e);
    return;
  }
  require(value.has_value(), "stored bytes are found", c.name);
  check_faithful(c, *value, type, stored);
  round_trip(c, *value, type, stored);
}

void read_every_type(configured_cache& c, std::string_view stored) {
  read_stored<std::string>(c, stored, "string");
  read_stored<bytes>(c, stored, "bytes");
  read_stored<json>(c, stored, "json");
  read_stored<long long>(c, stored, "long long");
  read_stored<int>(c, stored, "int");
  read_stored<double>(c, stored, "double");
  read_stored<std::vector<long long>>(c, stored, "vector<long long>");
  read_stored<std::map<std::string, std::string>>(c, stored, "map<string, string>");
}

void write_every_type(configured_cache& c, std::string_view payload) {
  const std::string text(payload);
  round_trip(c, text, "string", payload);
  const auto* first = reinterpret_cast<const std::byte*>(payload.data());
  round_trip(c, bytes(first, first + payload.size()), "bytes", payload);
  round_trip(c, rediscache::fuzz::from_bits<long long>(payload), "long long", payload);
  round_trip(c, rediscache::fuzz::from_bits<int>(payload), "int", payload);
  round_trip(c, rediscache::fuzz::from_bits<double>(payload), "double", payload);
  const json parsed = json::parse(payload, nullptr, false);
  if (!parsed.is_discarded()) round_trip(c, parsed, "json", payload);
  round_trip(c, json(text), "json string", payload);

  std::vector<long long> numbers;
  std::map<std::string, std::string> pairs;
  for (std::size_t at = 0; at < payload.size(); at += 8) {
    const std::string_view piece = payload.substr(at, 8);
    numbers.push_back(rediscache::fuzz::from_bits<long long>(piece));
    const std::size_t split = std::min<std::size_t>(3, piece.size());
    pairs.emplace(std::string(piece.substr(0, split)), std::string(piece.substr(split)));
  }
  round_trip(c, numbers, "vector<long long>", payload);
  round_trip(c, pairs, "map<string, string>", payload);
}

}  // namespace

// The first byte picks the configuration (one per input keeps each run fast); the rest is the
// stored bytes, and the material for values.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  rediscache::fuzz::input in(data, size);
  configured_cache& c = caches()[in.byte() % caches().size()];
  read_every_type(c, in.rest());
  write_every_type(c, in.rest());
  return 0;
}
