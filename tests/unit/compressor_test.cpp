#include <rediscache/compressor.hpp>
#include <rediscache/error.hpp>

#include "unit/hex.hpp"

#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace rediscache {
using rediscache::test::hex;
using rediscache::test::unhex;

namespace {

using outcome = compressor::outcome;

constexpr compressor_kind all_kinds[] = {compressor_kind::zlib, compressor_kind::lz4,
                                         compressor_kind::zstd};

compressor make(compressor_kind kind, std::size_t max_out = 512u * 1024 * 1024, int level = 0) {
  compression_options o;
  o.kind = kind;
  o.level = level;
  o.max_decompressed_bytes = max_out;
  return compressor(o);
}

// Text that compresses, but not to nothing: words drawn from a fixed-seed generator.
std::string sample_text(std::size_t size, unsigned seed = 1) {
  static const char* const words[] = {"cache ", "redis ", "value ", "key ", "django ", "ttl "};
  std::mt19937 gen(seed);
  std::string out;
  while (out.size() < size) out += words[gen() % 6];
  out.resize(size);
  return out;
}

std::string random_bytes(std::size_t size, std::mt19937& gen) {
  std::string out(size, '\0');
  for (auto& c : out) c = static_cast<char>(gen() & 0xff);
  return out;
}

TEST(Compressor, DefaultsMatchDjangoRedis) {
  const compression_options o;
  EXPECT_EQ(o.kind, compressor_kind::none);
  EXPECT_EQ(o.min_bytes, 15u);
  EXPECT_EQ(o.level, 0);
  EXPECT_EQ(o.max_decompressed_bytes, 512u * 1024 * 1024);
  EXPECT_EQ(compressor().options().kind, compressor_kind::none);
}

TEST(Compressor, NoneLeavesDataAlone) {
  const compressor c;
  const std::string big = sample_text(10000);
  EXPECT_EQ(c.compress(big), big);
  EXPECT_EQ(c.compress(""), "");
}

TEST(Compressor, CompressesOnlyAboveTheThreshold) {
  for (const auto kind : all_kinds) {
    const compressor c = make(kind);
    const std::string fifteen(15, 'a');
    const std::string sixteen(16, 'a');
    EXPECT_EQ(c.compress(fifteen), fifteen) << to_string(kind);
    const std::string packed = c.compress(sixteen);
    EXPECT_NE(packed, sixteen) << to_string(kind);
    std::string out;
    ASSERT_EQ(c.decompress(packed, out), outcome::decompressed) << to_string(kind);
    EXPECT_EQ(out, sixteen);
  }
}

TEST(Compressor, HonoursACustomThreshold) {
  compression_options o;
  o.kind = compressor_kind::zlib;
  o.min_bytes = 100;
  const compressor c(o);
  EXPECT_EQ(c.compress(std::string(100, 'a')), std::string(100, 'a'));
  EXPECT_EQ(hex(c.compress(std::string(101, 'a')).substr(0, 2)), "789c");
  o.min_bytes = 0;
  EXPECT_EQ(hex(compressor(o).compress("a").substr(0, 2)), "789c");
}

TEST(Compressor, WritesThePythonFormats) {
  const std::string data = sample_text(1000);
  EXPECT_EQ(hex(make(compressor_kind::zlib).compress(data).substr(0, 2)), "789c");
  EXPECT_EQ(hex(make(compressor_kind::zlib, 1u << 20, 9).compress(data).substr(0, 2)), "78da");
  EXPECT_EQ(hex(make(compressor_kind::zlib, 1u << 20, 1).compress(data).substr(0, 2)), "7801");
  // Frame header: magic, FLG 0x68 (independent blocks, content size), BD 0x40 (64 KiB).
  EXPECT_EQ(hex(make(compressor_kind::lz4).compress(data).substr(0, 6)), "04224d186840");
  EXPECT_EQ(hex(make(compressor_kind::zstd).compress(data).substr(0, 4)), "28b52ffd");
}

TEST(Compressor, Lz4MatchesPythonByteForByte) {
  // lz4.frame.compress(msgpack.dumps("a" * 15)), from the interop spec.
  const std::string msgpack_a15 = "\xaf" + std::string(15, 'a');
  EXPECT_EQ(hex(make(compressor_kind::lz4).compress(msgpack_a15)),
            "04224d1868401000000000000000650b00000025af61010050616161616100000000");
}

TEST(Compressor, ZlibMatchesPythonByteForByte) {
  // zlib.compress(pickle.dumps("abc"), 6), from the interop spec: we write the same bytes back.
  const std::string sample = unhex("789c6b6099cace00013dcc8949c953f4001ce10398");
  std::string plain;
  ASSERT_EQ(make(compressor_kind::zlib).decompress(sample, plain), outcome::decompressed);
  EXPECT_EQ(make(compressor_kind::zlib).compress(plain), sample);
}

TEST(Compressor, ReadsDjangoRedisSamples) {
  const compressor c = make(compressor_kind::lz4);  // any kind but none reads every format
  std::string out;
  ASSERT_EQ(c.decompress(unhex("789c6b6099cace00013dcc8949c953f4001ce10398"), out),
            outcome::decompressed);
  // pickle protocol 4: PROTO 4, FRAME of 7 bytes, SHORT_BINUNICODE "abc", MEMOIZE, STOP.
  EXPECT_EQ(hex(out), "80049507000000000000008c03616263942e");
  ASSERT_EQ(c.decompress(unhex("04224d1868401000000000000000650b00000025af61010050616161616100"
                               "000000"),
                         out),
            outcome::decompressed);
  EXPECT_EQ(out, "\xaf" + std::string(15, 'a'));
}

TEST(Compressor, ReadsEveryFormatWhateverItsSetting) {
  const std::string data = sample_text(5000);
  for (const auto writer : all_kinds) {
    const std::string packed = make(writer).compress(data);
    for (const auto reader : all_kinds) {
      std::string out;
      ASSERT_EQ(make(reader).decompress(packed, out), outcome::decompressed)
          << to_string(writer) << " read by " << to_string(reader);
      EXPECT_EQ(out, data);
    }
  }
}

// Without a compressor nothing is ever reinterpreted: even a whole valid frame is a plain value.
TEST(Compressor, KindNoneNeverDecompresses) {
  const compressor none;
  for (const auto writer : all_kinds) {
    const std::string frame = make(writer).compress(sample_text(500));
    std::string out = "untouched";
    EXPECT_EQ(none.decompress(frame, out), outcome::plain) << to_string(writer);
    EXPECT_EQ(out, "untouched");
    EXPECT_EQ(none.compress(frame), frame);
  }
}

// A short value that begins like a frame is compressed anyway, so a read never has to guess.
TEST(Compressor, ShortFrameLikeValuesAreCompressedAnyway) {
  const std::string lookalikes[] = {"x^", "x\x9c", std::string("\x78\x01", 2),
                                    std::string("\x04\x22\x4d\x18", 4),
                                    std::string("\x28\xb5\x2f\xfd!", 5),
                                    make(compressor_kind::zlib).compress(sample_text(100))};
  for (const auto kind : all_kinds) {
    compression_options o;
    o.kind = kind;
    o.min_bytes = 1000;
    const compressor c(o);
    for (const auto& value : lookalikes) {
      ASSERT_TRUE(compressor::looks_compressed(value)) << hex(value);
      const std::string stored = c.compress(value);
      EXPECT_NE(stored, value) << to_string(kind) << " " << hex(value);
      std::string out;
      ASSERT_EQ(c.decompress(stored, out), outcome::decompressed) << to_string(kind);
      EXPECT_EQ(out, value);
    }
    EXPECT_EQ(c.compress("xyz"), "xyz");  // short and not frame-like: stored as is
  }
}

TEST(Compressor, RoundTripsLargeAndIncompressibleData) {
  std::mt19937 gen(7);
  const std::vector<std::string> inputs = {sample_text(3u << 20), random_bytes(200000, gen),
                                           std::string(1u << 20, '\0')};
  for (const auto kind : all_kinds) {
    for (const int level : {0, 1, 5}) {
      const compressor c = make(kind, 512u * 1024 * 1024, level);
      for (const auto& data : inputs) {
        std::string out;
        ASSERT_EQ(c.decompress(c.compress(data), out), outcome::decompressed) << to_string(kind);
        EXPECT_EQ(out, data) << to_string(kind) << " level " << level;
      }
    }
  }
}

TEST(Compressor, PlainValuesAreLeftUntouched) {
  const compressor c = make(compressor_kind::zlib);
  for (const std::string& plain :
       {std::string(), std::string("x"), std::string("xyz"), std::string("42"),
        std::string("\"x\""), unhex("8004882e"), std::string("\x04\x22\x4d", 3),
        std::string("\x28\xb5\x2f", 3), std::string("x\x9d", 2)}) {
    std::string out = "untouched";
    EXPECT_EQ(c.decompress(plain, out), outcome::plain) << hex(plain);
    EXPECT_EQ(out, "untouched");
  }
}

TEST(Compressor, TruncatedFramesAreCorrupt) {
  const std::string data = sample_text(3000);
  for (const auto kind : all_kinds) {
    const compressor c = make(kind);
    const std::string packed = c.compress(data);
    for (std::size_t n = 2; n < packed.size(); ++n) {
      std::string out = "untouched";
      const outcome r = c.decompress(std::string_view(packed).substr(0, n), out);
      if (r == outcome::plain) {
        EXPECT_LT(n, 4u) << to_string(kind);  // too short to carry the 4-byte magic
        continue;
      }
      EXPECT_EQ(r, outcome::corrupt) << to_string(kind) << " cut at " << n;
      EXPECT_EQ(out, "untouched");
    }
  }
}

TEST(Compressor, TrailingGarbageIsCorrupt) {
  for (const auto kind : all_kinds) {
    const compressor c = make(kind);
    std::string out;
    EXPECT_EQ(c.decompress(c.compress(sample_text(100)) + "x", out), outcome::corrupt)
        << to_string(kind);
  }
}

TEST(Compressor, GarbageAfterMagicIsCorrupt) {
  std::mt19937 gen(3);
  const std::string magics[] = {"\x78\x9c", "\x78\x01", "\x78\xda", "\x04\x22\x4d\x18",
                                "\x28\xb5\x2f\xfd"};
  const compressor c = make(compressor_kind::zlib);
  for (const auto& magic : magics) {
    for (int i = 0; i < 200; ++i) {
      std::string out;
      const outcome r = c.decompress(magic + random_bytes(gen() % 300, gen), out);
      // A garbage zstd or lz4 header may also declare a size past the cap.
      EXPECT_TRUE(r == outcome::corrupt || r == outcome::too_large) << hex(magic);
    }
  }
}

TEST(Compressor, BombsStopAtTheCap) {
  const std::string zeros(8u << 20, '\0');
  for (const auto kind : all_kinds) {
    const std::string bomb = make(kind).compress(zeros);
    ASSERT_LT(bomb.size(), 64u * 1024) << to_string(kind);
    std::string out = "untouched";
    EXPECT_EQ(make(kind, 1u << 20).decompress(bomb, out), outcome::too_large) << to_string(kind);
    EXPECT_EQ(out, "untouched");
    EXPECT_EQ(make(kind, 0).decompress(bomb, out), outcome::too_large) << to_string(kind);
  }
}

TEST(Compressor, OutputExactlyAtTheCapIsAccepted) {
  const std::string data = sample_text(10000);
  for (const auto kind : all_kinds) {
    const std::string packed = make(kind).compress(data);
    std::string out;
    EXPECT_EQ(make(kind, data.size()).decompress(packed, out), outcome::decompressed)
        << to_string(kind);
    EXPECT_EQ(out, data);
    EXPECT_EQ(make(kind, data.size() - 1).decompress(packed, out), outcome::too_large)
        << to_string(kind);
  }
}

TEST(Compressor, RefusesLevelsTheLibraryLacks) {
  EXPECT_THROW(make(compressor_kind::zlib, 1024, 10), config_error);
  EXPECT_THROW(make(compressor_kind::zlib, 1024, -1), config_error);
  EXPECT_THROW(make(compressor_kind::lz4, 1024, 13), config_error);
  EXPECT_THROW(make(compressor_kind::zstd, 1024, 1000), config_error);
  EXPECT_NO_THROW(make(compressor_kind::zstd, 1024, 19));
  EXPECT_NO_THROW(make(compressor_kind::lz4, 1024, 12));
  EXPECT_NO_THROW(make(compressor_kind::none, 1024, 99));
}

TEST(Compressor, KindNamesRoundTrip) {
  for (const auto k : {compressor_kind::none, compressor_kind::zlib, compressor_kind::lz4,
                       compressor_kind::zstd}) {
    EXPECT_EQ(parse_compressor_kind(to_string(k)), k);
  }
  EXPECT_EQ(parse_compressor_kind("django_redis.compressors.identity.IdentityCompressor"),
            compressor_kind::none);
  EXPECT_EQ(parse_compressor_kind("django_redis.compressors.zlib.ZlibCompressor"),
            compressor_kind::zlib);
  EXPECT_EQ(parse_compressor_kind("django_redis.compressors.lz4.Lz4Compressor"),
            compressor_kind::lz4);
  EXPECT_EQ(parse_compressor_kind("django_redis.compressors.zstd.ZStdCompressor"),
            compressor_kind::zstd);
}

TEST(Compressor, RefusesUnsupportedCompressors) {
  for (const char* name : {"lzma", "django_redis.compressors.lzma.LzmaCompressor",
                           "django_redis.compressors.gzip.GzipCompressor"}) {
    try {
      parse_compressor_kind(name);
      FAIL() << name;
    } catch (const config_error& e) {
      EXPECT_NE(std::string(e.what()).find("not supported"), std::string::npos) << e.what();
    }
  }
  EXPECT_THROW(parse_compressor_kind("ZLIB"), config_error);
  EXPECT_THROW(parse_compressor_kind(""), config_error);
}

// Mutations of valid frames and raw noise: any outcome is fine as long as nothing crashes, throws
// or returns more than the cap.
TEST(Compressor, FuzzedInputNeverEscapes) {
  std::mt19937 gen(12345);
  const std::size_t cap = 1u << 16;
  const compressor c = make(compressor_kind::zlib, cap);
  std::vector<std::string> seeds;
  for (const auto kind : all_kinds) {
    seeds.push_back(make(kind).compress(sample_text(2000, 9)));
    seeds.push_back(make(kind).compress(std::string(50000, 'z')));
  }
  for (int i = 0; i < 6000; ++i) {
    std::string input = seeds[gen() % seeds.size()];
    switch (gen() % 4) {
      case 0:
        for (int flips = 1 + gen() % 4; flips > 0; --flips) {
          input[gen() % input.size()] = static_cast<char>(gen() & 0xff);
        }
        break;
      case 1:
        input.resize(gen() % input.size());
        break;
      case 2:
        input.insert(gen() % input.size(), random_bytes(1 + gen() % 8, gen));
        break;
      default:
        input = input.substr(0, 4) + random_bytes(gen() % 200, gen);
        break;
    }
    std::string out;
    outcome r = outcome::plain;
    EXPECT_NO_THROW(r = c.decompress(input, out));
    if (r == outcome::decompressed) {
      EXPECT_LE(out.size(), cap);
    }
  }
}

}  // namespace
}  // namespace rediscache
