// pickle::value's accessors and the pickle serializer through the cache's codec<T> machinery.
#include <rediscache/error.hpp>
#include <rediscache/pickle/pickle.hpp>
#include <rediscache/value_codec.hpp>

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

using namespace rediscache;
using pickle::value;

namespace {

TEST(PickleValue, AccessorsNameTheActualType) {
  const value v = value::list({1, "a"});
  EXPECT_EQ(v.items().size(), 2u);
  EXPECT_EQ(v.items()[1].as_str(), "a");
  try {
    (void)v.as_str();
    FAIL();
  } catch (const codec_error& e) {
    EXPECT_NE(std::string(e.what()).find("the pickled value is list, not str"), std::string::npos)
        << e.what();
  }
  EXPECT_THROW((void)value::integer("18446744073709551616").as_int(), codec_error);
  EXPECT_EQ(value::integer("-0042").as_int(), -42);
  EXPECT_EQ(value::integer("18446744073709551616").integer_text(), "18446744073709551616");
  EXPECT_EQ(value::uuid("12345678123456781234567812345678").uuid_text(),
            "12345678-1234-5678-1234-567812345678");
  EXPECT_EQ(value::timedelta(0, -1).as_timedelta().days, -1);
  EXPECT_EQ(value::timedelta(0, -1).as_timedelta().seconds, 86399);
  const value d = value::dict({{"k", 3}});
  ASSERT_NE(d.find("k"), nullptr);
  EXPECT_EQ(d.find("k")->as_int(), 3);
  EXPECT_EQ(d.find("missing"), nullptr);
}

TEST(PickleValue, JsonRoundTripsThroughPickle) {
  const nlohmann::json j = {
      {"a", 1},           {"big", 18446744073709551615ULL}, {"f", 2.5},
      {"s", "h\xc3\xa9"}, {"l", {true, nullptr, -3}},       {"b", nlohmann::json::binary({1, 2})}};
  EXPECT_EQ(pickle::load_json(pickle::dump_json(j)), j);
  EXPECT_EQ(pickle::from_json(j).find("big")->type(), pickle::kind::big_integer);
}

TEST(PickleSerializer, CodecTypesStoreAsDjangoRedisDoes) {
  const value_codec codec(serializer_kind::pickle);
  // Integers are decimal text, as django-redis stores them (INCR works, Python reads an int).
  EXPECT_EQ(codec.encode(42), "42");
  EXPECT_EQ(codec.encode(value::integer("123456789012345678901234567890")),
            "123456789012345678901234567890");
  EXPECT_EQ(codec.decode<value>("123456789012345678901234567890"),
            value::integer("123456789012345678901234567890"));
  // pickle.dumps(True) and pickle.dumps("abc"), protocol 4.
  EXPECT_EQ(codec.encode(true), std::string("\x80\x04\x88.", 4));
  EXPECT_EQ(codec.encode(std::string("abc")),
            std::string("\x80\x04\x95\x07\x00\x00\x00\x00\x00\x00\x00\x8c\x03"
                        "abc\x94.",
                        18));
  EXPECT_EQ(codec.decode<std::string>(codec.encode(std::string("h\xc3\xa9"))), "h\xc3\xa9");
  const std::map<std::string, std::vector<int>> m{{"a", {1, 2}}};
  EXPECT_EQ((codec.decode<std::map<std::string, std::vector<int>>>(codec.encode(m))), m);
  const bytes b{std::byte{0}, std::byte{0xff}};
  EXPECT_EQ(codec.encode(b), std::string("\x80\x04\x95\x06\x00\x00\x00\x00\x00\x00\x00"
                                         "C\x02\x00\xff\x94.",
                                         17));
  EXPECT_EQ(codec.decode<bytes>(codec.encode(b)), b);
  EXPECT_EQ(codec.decode<double>(codec.encode(3.5)), 3.5);
  const value when = value::datetime({2024, 1, 2, 3, 4, 5, 6, false, pickle::utc_offset{}});
  EXPECT_EQ(codec.decode<value>(codec.encode(when)), when);
  // The same datetime read as a string: its isoformat().
  EXPECT_EQ(codec.decode<std::string>(codec.encode(when)), "2024-01-02T03:04:05.000006+00:00");
  EXPECT_THROW(codec.decode<int>(codec.encode(std::string("x"))), codec_error);
}

TEST(PickleSerializer, CompressedLikeDjangoRedis) {
  compression_options zlib;
  zlib.kind = compressor_kind::zlib;
  const value_codec codec(serializer_kind::pickle, zlib);
  // zlib.compress(pickle.dumps("abc"), 6), as in the interop spec.
  const std::string stored = codec.encode(std::string("abc"));
  EXPECT_EQ(stored.substr(0, 2), "\x78\x9c");
  EXPECT_EQ(codec.decode<std::string>(stored), "abc");
}

TEST(PickleSerializer, PickleValueThroughOtherSerializersUsesTheJsonMapping) {
  const value_codec codec(serializer_kind::json);
  EXPECT_EQ(codec.encode(value::list({1, "a"})), "[1,\"a\"]");
  EXPECT_EQ(codec.decode<value>("[1,\"a\"]"), value::list({1, "a"}));
}

}  // namespace
