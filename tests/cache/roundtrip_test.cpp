// Every value round-trips byte for byte under every serializer x compressor configuration: random
// values, with extra weight on bytes that begin like a zlib, lz4 or zstd frame, which once came
// back decompressed (or refused) on aliases that never compressed them.
#include "cache/cache_fixture.hpp"

#include <rediscache/error.hpp>

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdint>
#include <iterator>
#include <limits>
#include <random>
#include <string>
#include <vector>

using namespace rediscache;
using rediscache::test::cache_test;
using nlohmann::json;

namespace {

struct configuration {
  serializer_kind serializer;
  compressor_kind compressor;
  std::size_t min_bytes;
};

std::vector<configuration> every_configuration() {
  std::vector<configuration> all;
  for (auto s : {serializer_kind::json, serializer_kind::msgpack, serializer_kind::raw}) {
    for (auto c : {compressor_kind::none, compressor_kind::zlib, compressor_kind::lz4,
                   compressor_kind::zstd}) {
      for (std::size_t min_bytes : {std::size_t{15}, std::size_t{0}, std::size_t{4096}}) {
        if (c == compressor_kind::none && min_bytes != 15) continue;
        all.push_back({s, c, min_bytes});
      }
    }
  }
  return all;
}

std::string describe(const configuration& c) {
  return std::string(to_string(c.serializer)) + "+" + std::string(to_string(c.compressor)) +
         " min_bytes=" + std::to_string(c.min_bytes);
}

cache_options options_for(const configuration& c) {
  cache_options o;
  o.serializer = c.serializer;
  o.compression.kind = c.compressor;
  o.compression.min_bytes = c.min_bytes;
  return o;
}

std::string frame_of(compressor_kind kind, const std::string& data) {
  compression_options o;
  o.kind = kind;
  o.min_bytes = 0;
  return compressor(o).compress(data);
}

// Random bytes, a third of them behind a frame's magic bytes, some whole frames (alone or with
// more after them), some truncated ones.
class byte_source {
 public:
  explicit byte_source(unsigned seed) : gen_(seed) {}

  std::string next() {
    static const std::string magics[] = {
        "\x78\x01", "\x78\x5e", "\x78\x9c", "\x78\xda", "x^",
        std::string("\x04\x22\x4d\x18", 4), std::string("\x28\xb5\x2f\xfd", 4)};
    const std::size_t size = pick(4) == 0 ? pick(5000) : pick(40);
    switch (pick(6)) {
      case 0:
      case 1:
        return random(size);
      case 2:
        return magics[pick(std::size(magics))] + random(size);
      case 3:
        return frame_of(kind(), random(size));
      case 4:
        return frame_of(kind(), random(size)) + random(1 + pick(5));
      default: {
        const std::string frame = frame_of(kind(), random(size + 20));
        return frame.substr(0, 2 + pick(frame.size() - 2));
      }
    }
  }

  // Valid UTF-8 (what a JSON string can hold), from ASCII, control bytes and multi-byte code
  // points, sometimes starting with 'x' to look like a zlib header.
  std::string next_text() {
    static const char* const pieces[] = {"x", "^", "\x01", "\n", "\"", "\\", "a", "7", " ",
                                         "\xc3\xa9", "\xe4\xb8\xad", "\xf0\x9f\x98\x80", "\x7f"};
    std::string out = pick(3) == 0 ? "x^" : "";
    for (std::size_t n = pick(60); n > 0; --n) out += pieces[pick(std::size(pieces))];
    return out;
  }

  json next_json(int depth = 0) {
    switch (pick(depth > 2 ? 5 : 7)) {
      case 0: return json(nullptr);
      case 1: return json(pick(2) == 0);
      case 2: return json(next_integer());
      case 3: return json(std::ldexp(static_cast<double>(pick(1u << 20)) - 5e5, static_cast<int>(pick(80)) - 40));
      case 4: return json(next_text());
      case 5: {
        json a = json::array();
        for (std::size_t n = pick(5); n > 0; --n) a.push_back(next_json(depth + 1));
        return a;
      }
      default: {
        json o = json::object();
        for (std::size_t n = pick(5); n > 0; --n) o[next_text()] = next_json(depth + 1);
        return o;
      }
    }
  }

  std::int64_t next_integer() {
    constexpr auto lo = std::numeric_limits<std::int64_t>::min();
    constexpr auto hi = std::numeric_limits<std::int64_t>::max();
    const std::int64_t extremes[] = {lo, lo + 1, hi, hi - 1, 0, -1, 1, (1LL << 53) + 1};
    if (pick(3) == 0) return extremes[pick(std::size(extremes))];
    return static_cast<std::int64_t>(gen_());
  }

 private:
  std::size_t pick(std::size_t n) { return n == 0 ? 0 : gen_() % n; }
  compressor_kind kind() {
    static const compressor_kind kinds[] = {compressor_kind::zlib, compressor_kind::lz4,
                                            compressor_kind::zstd};
    return kinds[pick(3)];
  }
  std::string random(std::size_t size) {
    std::string out(size, '\0');
    for (auto& c : out) c = static_cast<char>(gen_() & 0xff);
    return out;
  }
  std::mt19937_64 gen_;
};

bytes to_bytes(const std::string& s) {
  const auto* first = reinterpret_cast<const std::byte*>(s.data());
  return bytes(first, first + s.size());
}

constexpr int values_per_configuration = 60;

TEST_P(cache_test, BytesRoundTripUnderEveryConfiguration) {
  for (const auto& config : every_configuration()) {
    auto c = make_cache(options_for(config));
    byte_source source(1);
    for (int i = 0; i < values_per_configuration; ++i) {
      const bytes value = to_bytes(source.next());
      ASSERT_TRUE(c.set("b", value)) << describe(config);
      EXPECT_EQ(c.get<bytes>("b"), value) << describe(config) << " value #" << i;
    }
  }
}

TEST_P(cache_test, StringsRoundTripUnderEveryConfiguration) {
  for (const auto& config : every_configuration()) {
    auto c = make_cache(options_for(config));
    byte_source source(2);
    for (int i = 0; i < values_per_configuration; ++i) {
      // raw keeps any bytes; json and msgpack hold text (what Python's str can be).
      const std::string value =
          config.serializer == serializer_kind::raw ? source.next() : source.next_text();
      ASSERT_TRUE(c.set("s", value)) << describe(config);
      EXPECT_EQ(c.get<std::string>("s"), value) << describe(config) << " value #" << i;
    }
  }
}

// A json value is stored, or refused with codec_error (the raw serializer holds only strings that
// do not read as integers); once stored it reads back equal.
TEST_P(cache_test, JsonValuesRoundTripOrAreRefusedUnderEveryConfiguration) {
  for (const auto& config : every_configuration()) {
    auto c = make_cache(options_for(config));
    byte_source source(3);
    int stored = 0;
    for (int i = 0; i < values_per_configuration; ++i) {
      const json value = source.next_json();
      try {
        ASSERT_TRUE(c.set("j", value)) << describe(config);
      } catch (const codec_error&) {
        EXPECT_EQ(config.serializer, serializer_kind::raw) << describe(config) << value.dump();
        continue;
      }
      ++stored;
      EXPECT_EQ(c.get<json>("j"), value) << describe(config) << " " << value.dump();
    }
    EXPECT_GT(stored, 0) << describe(config);
  }
}

TEST_P(cache_test, IntegersRoundTripOverTheWholeRangeUnderEveryConfiguration) {
  for (const auto& config : every_configuration()) {
    auto c = make_cache(options_for(config));
    byte_source source(4);
    for (int i = 0; i < values_per_configuration; ++i) {
      const std::int64_t value = source.next_integer();
      ASSERT_TRUE(c.set("i", value)) << describe(config);
      EXPECT_EQ(c.get<std::int64_t>("i"), value) << describe(config);
    }
  }
}

// The witnesses of the defect: one valid zlib stream held as bytes under the default alias, and a
// raw string that begins "x^", came back decompressed or refused.
TEST_P(cache_test, FrameLikeValuesOnAnAliasWithoutACompressorAreNeverReinterpreted) {
  auto c = make_cache();
  const std::string stream = frame_of(compressor_kind::zlib, "twenty-two bytes here!");
  ASSERT_EQ(stream.size(), 30u);
  c.set("zlib", to_bytes(stream));
  EXPECT_EQ(c.get<bytes>("zlib"), to_bytes(stream));
  c.set("zlib+", to_bytes(stream + "more"));
  EXPECT_EQ(c.get<bytes>("zlib+"), to_bytes(stream + "more"));

  cache_options raw;
  raw.serializer = serializer_kind::raw;
  auto r = make_cache(raw);
  r.set("caret", std::string("x^ marks the spot"));
  EXPECT_EQ(r.get<std::string>("caret"), "x^ marks the spot");
}

// Changing the compressor keeps old values readable; switching compression off does not (an
// alias without a compressor never decompresses), which docs/cache.md says.
TEST_P(cache_test, ValuesWrittenUnderOneCompressorReadUnderAnother) {
  const std::string text(3000, 'q');
  for (auto writer : {compressor_kind::zlib, compressor_kind::lz4, compressor_kind::zstd}) {
    cache_options w;
    w.compression.kind = writer;
    make_cache(w).set("k", text);
    for (auto reader : {compressor_kind::zlib, compressor_kind::lz4, compressor_kind::zstd}) {
      cache_options r;
      r.compression.kind = reader;
      EXPECT_EQ(make_cache(r).get<std::string>("k"), text)
          << to_string(writer) << " read by " << to_string(reader);
    }
    EXPECT_THROW(make_cache().get<std::string>("k"), codec_error) << to_string(writer);
  }
}

TEST_P(cache_test, CorruptAndOversizedFramesAreTypedErrors) {
  cache_options o;
  o.compression.kind = compressor_kind::zlib;
  o.compression.max_decompressed_bytes = 1000;
  auto c = make_cache(o);
  const std::string big = frame_of(compressor_kind::zlib, "\"" + std::string(5000, 'a') + "\"");
  storage()->set(c.make_key("big"), big, std::nullopt, set_mode::always);
  try {
    c.get<std::string>("big");
    FAIL() << "an oversized frame was read";
  } catch (const codec_error& e) {
    EXPECT_NE(std::string(e.what()).find("max_decompressed_bytes"), std::string::npos) << e.what();
  }
  storage()->set(c.make_key("cut"), big.substr(0, big.size() / 2), std::nullopt,
                 set_mode::always);
  try {
    c.get<std::string>("cut");
    FAIL() << "a truncated frame was read";
  } catch (const codec_error& e) {
    EXPECT_NE(std::string(e.what()).find("corrupt or truncated"), std::string::npos) << e.what();
  }
}

}  // namespace
