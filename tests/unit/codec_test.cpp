#include <rediscache/codec.hpp>
#include <rediscache/error.hpp>

#include "unit/hex.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <random>
#include <string>
#include <vector>

// The two extension points, written as the header's example shows.
namespace shop {
struct item {
  std::string name;
  int quantity = 0;
  bool operator==(const item& o) const { return name == o.name && quantity == o.quantity; }
};
inline void to_json(nlohmann::json& j, const item& i) {
  j = {{"name", i.name}, {"quantity", i.quantity}};
}
inline void from_json(const nlohmann::json& j, item& i) {
  j.at("name").get_to(i.name);
  j.at("quantity").get_to(i.quantity);
}
}  // namespace shop

namespace rediscache {
template <>
struct codec<std::chrono::seconds> {
  static std::string encode(const std::chrono::seconds& v, const serializer& s) {
    return codec<std::int64_t>::encode(v.count(), s);
  }
  static std::chrono::seconds decode(std::string_view data, const serializer& s) {
    return std::chrono::seconds(codec<std::int64_t>::decode(data, s));
  }
};
}  // namespace rediscache

namespace rediscache {
using rediscache::test::hex;
using rediscache::test::unhex;

namespace {

using nlohmann::json;

const serializer json_s(serializer_kind::json);
const serializer msgpack_s(serializer_kind::msgpack);
const serializer raw_s(serializer_kind::raw);
const serializer* const all_serializers[] = {&json_s, &msgpack_s, &raw_s};

template <class T>
T round_trip(const T& value, const serializer& s) {
  return codec<T>::decode(codec<T>::encode(value, s), s);
}

template <class T>
void expect_integer_round_trips() {
  using limits = std::numeric_limits<T>;
  for (const auto* s : all_serializers) {
    for (const T v : {limits::min(), limits::max(), T(0), T(1), T(limits::max() / 3)}) {
      EXPECT_EQ(round_trip(v, *s), v) << to_string(s->kind());
    }
  }
}

static_assert(stores_plain_integer<int>);
static_assert(stores_plain_integer<unsigned char>);
static_assert(stores_plain_integer<std::int64_t>);
static_assert(!stores_plain_integer<bool>);
static_assert(!stores_plain_integer<double>);
static_assert(!stores_plain_integer<std::string>);

// --- integers ---------------------------------------------------------------------------------

TEST(IntegerCodec, RoundTripsEveryWidthUnderEverySerializer) {
  expect_integer_round_trips<signed char>();
  expect_integer_round_trips<unsigned char>();
  expect_integer_round_trips<short>();
  expect_integer_round_trips<unsigned short>();
  expect_integer_round_trips<int>();
  expect_integer_round_trips<unsigned>();
  expect_integer_round_trips<long>();
  expect_integer_round_trips<unsigned long>();
  expect_integer_round_trips<long long>();
  expect_integer_round_trips<unsigned long long>();
  expect_integer_round_trips<char>();
  expect_integer_round_trips<char16_t>();
  expect_integer_round_trips<wchar_t>();
}

TEST(IntegerCodec, StoresDecimalTextWhateverTheSerializer) {
  for (const auto* s : all_serializers) {
    EXPECT_EQ(codec<int>::encode(42, *s), "42");
    EXPECT_EQ(codec<int>::encode(-7, *s), "-7");
    EXPECT_EQ(codec<std::int64_t>::encode(std::numeric_limits<std::int64_t>::min(), *s),
              "-9223372036854775808");
    EXPECT_EQ(codec<std::uint64_t>::encode(std::numeric_limits<std::uint64_t>::max(), *s),
              "18446744073709551615");
  }
}

TEST(IntegerCodec, ReadsWhatPythonIntAccepts) {
  for (const auto* s : all_serializers) {
    EXPECT_EQ(codec<int>::decode(" 42 ", *s), 42);
    EXPECT_EQ(codec<int>::decode("4_2", *s), 42);
    EXPECT_EQ(codec<int>::decode("+5", *s), 5);
    EXPECT_EQ(codec<int>::decode("007", *s), 7);
    EXPECT_EQ(codec<int>::decode("-7", *s), -7);
    EXPECT_EQ(codec<int>::decode("\t\n\v\f\r 1_000_000\r\n", *s), 1000000);
    EXPECT_EQ(codec<unsigned>::decode("-0", *s), 0u);
    EXPECT_EQ(codec<std::int64_t>::decode("-9223372036854775808", *s),
              std::numeric_limits<std::int64_t>::min());
  }
}

TEST(IntegerCodec, RefusesWhatPythonIntRefuses) {
  for (const auto* s : all_serializers) {
    for (const char* bad :
         {"4__2", "_42", "42_", "", "+-1", "- 1", "4 2", "0x10", "1e3", "42.0", "\xd9\xa1", "4_"}) {
      EXPECT_THROW(codec<int>::decode(bad, *s), codec_error)
          << to_string(s->kind()) << " '" << bad << "'";
    }
  }
  for (const char* bad : {" ", "+", "-"}) {
    EXPECT_THROW(codec<int>::decode(bad, json_s), codec_error) << bad;
    EXPECT_THROW(codec<int>::decode(bad, raw_s), codec_error) << bad;
  }
  // A lone byte below 0x80 is a msgpack integer; Python's msgpack.loads(b" ") gives 32 as well.
  EXPECT_EQ(codec<int>::decode(" ", msgpack_s), 32);
}

TEST(IntegerCodec, RefusesValuesOutOfRange) {
  for (const auto* s : all_serializers) {
    EXPECT_THROW(codec<std::int8_t>::decode("128", *s), codec_error);
    EXPECT_THROW(codec<std::int8_t>::decode("-129", *s), codec_error);
    EXPECT_EQ(codec<std::int8_t>::decode("-128", *s), -128);
    EXPECT_THROW(codec<unsigned>::decode("-1", *s), codec_error);
    EXPECT_THROW(codec<std::int64_t>::decode("9223372036854775808", *s), codec_error);
    EXPECT_THROW(codec<std::uint64_t>::decode("18446744073709551616", *s), codec_error);
    EXPECT_THROW(codec<std::int64_t>::decode("1180591620717411303424", *s), codec_error);  // 2**70
  }
}

TEST(IntegerCodec, FallsBackToASerializedInteger) {
  EXPECT_EQ(codec<int>::decode("\x2a", msgpack_s), 42);           // msgpack fixint
  EXPECT_EQ(codec<int>::decode("\xcd\x01\x2c", msgpack_s), 300);  // msgpack uint16
  EXPECT_EQ(codec<int>::decode("\xd0\xf9", msgpack_s), -7);       // msgpack int8
  EXPECT_THROW(codec<std::int8_t>::decode("\xcd\x01\x2c", msgpack_s), codec_error);
  EXPECT_THROW(codec<unsigned>::decode("\xd0\xf9", msgpack_s), codec_error);
  EXPECT_THROW(codec<int>::decode("42.0", json_s), codec_error);
  EXPECT_THROW(codec<int>::decode("\"42\"", json_s), codec_error);
  EXPECT_THROW(codec<int>::decode("true", json_s), codec_error);
  EXPECT_THROW(codec<int>::decode(std::string("\xcb\x40\x0c\0\0\0\0\0\0", 9), msgpack_s),
               codec_error);
  EXPECT_THROW(codec<int>::decode("abc", raw_s), codec_error);
}

TEST(PlainIntegerText, MatchesPythonInt) {
  EXPECT_TRUE(is_plain_integer_text(" 42 "));
  EXPECT_TRUE(is_plain_integer_text("1180591620717411303424"));
  EXPECT_TRUE(is_plain_integer_text("-0_0"));
  EXPECT_FALSE(is_plain_integer_text("4__2"));
  EXPECT_FALSE(is_plain_integer_text("\"42\""));
  EXPECT_FALSE(is_plain_integer_text(""));
}

// --- strings and bytes ------------------------------------------------------------------------

TEST(StringCodec, RoundTripsUnderEverySerializer) {
  for (const auto* s : all_serializers) {
    for (const std::string& v : {std::string(), std::string("h\xc3\xa9llo"), std::string("42"),
                                 std::string("line\nbreak \"quoted\""), std::string(5000, 'x')}) {
      EXPECT_EQ(round_trip(v, *s), v) << to_string(s->kind());
    }
  }
}

TEST(StringCodec, WritesPythonStrings) {
  EXPECT_EQ(hex(codec<std::string>::encode("h\xc3\xa9llo", json_s)), "22685c75303065396c6c6f22");
  EXPECT_EQ(hex(codec<std::string>::encode("h\xc3\xa9llo", msgpack_s)), "a668c3a96c6c6f");
  EXPECT_EQ(codec<std::string>::encode("h\xc3\xa9llo", raw_s), "h\xc3\xa9llo");
  // A digit string is serialized, so Python does not mistake it for an int.
  EXPECT_EQ(codec<std::string>::encode("2", json_s), "\"2\"");
}

TEST(StringCodec, RawKeepsBinaryVerbatim) {
  const std::string v("\x00\xff\x80 x", 5);
  EXPECT_EQ(codec<std::string>::encode(v, raw_s), v);
  EXPECT_EQ(codec<std::string>::decode(v, raw_s), v);
  EXPECT_THROW(codec<std::string>::encode(v, json_s), codec_error);  // not UTF-8
}

TEST(StringCodec, RefusesStoredNonStrings) {
  for (const auto* s : {&json_s, &msgpack_s}) {
    try {
      codec<std::string>::decode("42", *s);
      FAIL();
    } catch (const codec_error& e) {
      EXPECT_NE(std::string(e.what()).find("holds a number, not a string"), std::string::npos)
          << e.what();
    }
  }
  EXPECT_THROW(codec<std::string>::decode("[1]", json_s), codec_error);
  EXPECT_THROW(codec<std::string>::decode("3.5", json_s), codec_error);
  EXPECT_THROW(codec<std::string>::decode("\xc4\x01x", msgpack_s), codec_error);  // bytes
  EXPECT_THROW(codec<std::string>::decode("\xc3", msgpack_s), codec_error);
}

TEST(BytesCodec, RoundTripsUnderEverySerializer) {
  const bytes empty;
  const bytes some = {std::byte{0}, std::byte{0xff}, std::byte{'x'}};
  bytes many(70000);
  for (std::size_t i = 0; i < many.size(); ++i) many[i] = std::byte(i * 7 & 0xff);
  for (const auto* s : all_serializers) {
    for (const bytes& v : {empty, some, many}) {
      EXPECT_EQ(round_trip(v, *s), v) << to_string(s->kind());
    }
  }
}

TEST(BytesCodec, MsgpackWritesBinAndOthersVerbatim) {
  const bytes v = {std::byte{0x00}, std::byte{0xff}};
  EXPECT_EQ(hex(codec<bytes>::encode(v, msgpack_s)), "c40200ff");
  EXPECT_EQ(hex(codec<bytes>::encode(v, json_s)), "00ff");
  EXPECT_EQ(hex(codec<bytes>::encode(v, raw_s)), "00ff");
  EXPECT_THROW(codec<bytes>::decode("\xa1x", msgpack_s), codec_error);  // a str, not bin
  EXPECT_THROW(codec<bytes>::decode("42", msgpack_s), codec_error);
}

// --- the default path -------------------------------------------------------------------------

TEST(DefaultCodec, BoolRoundTripsAndRefusesNumbers) {
  for (const auto* s : {&json_s, &msgpack_s}) {
    EXPECT_TRUE(round_trip(true, *s));
    EXPECT_FALSE(round_trip(false, *s));
    EXPECT_THROW(codec<bool>::decode("1", *s), codec_error);
    EXPECT_THROW(codec<bool>::decode("0", *s), codec_error);
  }
  EXPECT_EQ(codec<bool>::encode(true, json_s), "true");
  EXPECT_EQ(hex(codec<bool>::encode(true, msgpack_s)), "c3");
  EXPECT_THROW(codec<bool>::encode(true, raw_s), codec_error);
}

TEST(DefaultCodec, FloatingPointRoundTrips) {
  for (const auto* s : {&json_s, &msgpack_s}) {
    for (const double v :
         {0.0, -0.0, 3.5, 0.1, 1e300, -2.5e-300, std::numeric_limits<double>::max()}) {
      EXPECT_EQ(round_trip(v, *s), v) << to_string(s->kind());
    }
    EXPECT_EQ(round_trip(0.1f, *s), 0.1f);
    // A Python int stored raw reads as a float too.
    EXPECT_EQ(codec<double>::decode("3", *s), 3.0);
  }
  EXPECT_EQ(codec<double>::encode(3.5, json_s), "3.5");
  EXPECT_EQ(codec<double>::decode(std::string("\xcb\x40\x0c\0\0\0\0\0\0", 9), msgpack_s), 3.5);
  EXPECT_THROW(codec<double>::encode(3.5, raw_s), codec_error);
  EXPECT_THROW(codec<double>::decode("\"3.5\"", json_s), codec_error);
}

TEST(DefaultCodec, JsonValuesRoundTrip) {
  const json v = {{"a", 1}, {"b", {true, nullptr, 1.5}}, {"s", "h\xc3\xa9llo"}};
  for (const auto* s : {&json_s, &msgpack_s}) EXPECT_EQ(round_trip(v, *s), v);
  EXPECT_EQ(codec<json>::encode(v, json_s), R"({"a":1,"b":[true,null,1.5],"s":"h\u00e9llo"})");
  EXPECT_EQ(round_trip(json("text"), raw_s), json("text"));
  EXPECT_THROW(codec<json>::encode(v, raw_s), codec_error);
}

TEST(DefaultCodec, TopLevelJsonIntegersAreDecimalTextLikePythonInts) {
  for (const auto* s : all_serializers) {
    EXPECT_EQ(codec<json>::encode(json(48), *s), "48");
    EXPECT_EQ(codec<json>::encode(json(-7), *s), "-7");
    EXPECT_EQ(codec<json>::decode("48", *s), json(48));
    EXPECT_EQ(codec<json>::decode("18446744073709551615", *s), json(18446744073709551615ull));
    EXPECT_THROW(codec<json>::decode("18446744073709551616", *s), codec_error);
  }
  // Without this rule msgpack would write 48 as the single byte '0', which Python reads as 0.
  EXPECT_NE(codec<json>::encode(json(48), msgpack_s), "0");
}

TEST(DefaultCodec, ContainersRoundTrip) {
  const std::vector<int> list = {1, -2, 3};
  const std::map<std::string, std::vector<std::string>> map = {{"a", {"x", "y"}}, {"b", {}}};
  for (const auto* s : {&json_s, &msgpack_s}) {
    EXPECT_EQ(round_trip(list, *s), list);
    EXPECT_EQ(round_trip(map, *s), map);
  }
  EXPECT_EQ(codec<std::vector<int>>::encode(list, json_s), "[1,-2,3]");
  EXPECT_THROW(codec<std::vector<int>>::encode(list, raw_s), codec_error);
  EXPECT_THROW(codec<std::vector<int>>::decode("{\"a\":1}", json_s), codec_error);
  EXPECT_THROW(codec<std::vector<int>>::decode("[1,\"a\"]", json_s), codec_error);
  EXPECT_THROW((codec<std::map<std::string, int>>::decode("[1]", json_s)), codec_error);
}

TEST(DefaultCodec, AdlTypesRoundTrip) {
  const shop::item v{"widget", 3};
  for (const auto* s : {&json_s, &msgpack_s}) EXPECT_EQ(round_trip(v, *s), v);
  EXPECT_EQ(codec<shop::item>::encode(v, json_s), R"({"name":"widget","quantity":3})");
  EXPECT_THROW(codec<shop::item>::decode(R"({"name":"widget"})", json_s), codec_error);
  EXPECT_THROW(codec<shop::item>::decode(R"({"name":1,"quantity":3})", json_s), codec_error);
}

TEST(UserCodec, SpecializationIsUsed) {
  for (const auto* s : all_serializers) {
    EXPECT_EQ(codec<std::chrono::seconds>::encode(std::chrono::seconds(90), *s), "90");
    EXPECT_EQ(round_trip(std::chrono::seconds(-5), *s), std::chrono::seconds(-5));
  }
}

// --- corrupt input ----------------------------------------------------------------------------

TEST(CodecCorruption, TruncatedValuesThrowCodecError) {
  const json v = {{"a", {1, 2, 3}}, {"s", "some text"}, {"f", 2.5}};
  for (const auto* s : {&json_s, &msgpack_s}) {
    const std::string good = codec<json>::encode(v, *s);
    for (std::size_t n = 0; n < good.size(); ++n) {
      const std::string cut = good.substr(0, n);
      EXPECT_THROW(codec<json>::decode(cut, *s), codec_error) << to_string(s->kind()) << n;
      if (n == 0 || !is_plain_integer_text(cut)) {
        EXPECT_THROW(codec<std::string>::decode(cut, *s), codec_error);
      }
    }
  }
}

// Decodes as several types; returns whether anything other than codec_error escaped.
template <class T>
bool only_codec_errors(const std::string& data, const serializer& s) {
  try {
    (void)codec<T>::decode(data, s);
  } catch (const codec_error&) {
  } catch (...) {
    return false;
  }
  return true;
}

TEST(CodecCorruption, FuzzedInputOnlyThrowsCodecError) {
  std::mt19937 gen(2024);
  const json sample = {{"list", {1, -2, 3.25, "x", nullptr, true}},
                       {"map", {{"k", "v"}, {"n", {{"deep", {1, {2, {3}}}}}}}},
                       {"bin", json::binary({1, 2, 3})}};
  std::vector<std::string> seeds = {codec<json>::encode(sample, msgpack_s),
                                    json_s.dump(json{{"list", {1, 2}}, {"s", "h\xc3\xa9"}}),
                                    codec<std::string>::encode("text", msgpack_s),
                                    codec<std::vector<int>>::encode({1, 2, 3}, json_s), "42"};
  int failures = 0;
  for (int i = 0; i < 4000; ++i) {
    std::string input;
    if (i % 4 == 0) {
      input.resize(gen() % 40);
      for (auto& c : input) c = static_cast<char>(gen() & 0xff);
    } else {
      input = seeds[gen() % seeds.size()];
      for (int flips = 1 + gen() % 3; flips > 0 && !input.empty(); --flips) {
        input[gen() % input.size()] = static_cast<char>(gen() & 0xff);
      }
      if (gen() % 3 == 0) input.resize(gen() % (input.size() + 1));
    }
    for (const auto* s : all_serializers) {
      failures += !only_codec_errors<json>(input, *s);
      failures += !only_codec_errors<std::string>(input, *s);
      failures += !only_codec_errors<bytes>(input, *s);
      failures += !only_codec_errors<int>(input, *s);
      failures += !only_codec_errors<std::uint8_t>(input, *s);
      failures += !only_codec_errors<bool>(input, *s);
      failures += !only_codec_errors<double>(input, *s);
      failures += !only_codec_errors<std::vector<int>>(input, *s);
      failures += !only_codec_errors<shop::item>(input, *s);
    }
  }
  EXPECT_EQ(failures, 0);
}

TEST(CodecCorruption, WrongTypesThrowCodecError) {
  EXPECT_THROW(codec<std::vector<int>>::decode("\"text\"", json_s), codec_error);
  EXPECT_THROW(codec<bool>::decode("null", json_s), codec_error);
  EXPECT_THROW(codec<double>::decode("[1]", json_s), codec_error);
  EXPECT_THROW(codec<shop::item>::decode("[]", json_s), codec_error);
  EXPECT_THROW(codec<int>::decode("\xa1x", msgpack_s), codec_error);
  EXPECT_THROW(codec<json>::decode(std::string("\x78\x9c\x01\x02", 4), json_s), codec_error);
}

// nlohmann alone reads [1.5] as {1} and [true] as {1}: integers inside containers must be stored
// integers that fit, under json and msgpack alike.
TEST(CodecCorruption, IntegersInContainersAreNeverChanged) {
  for (const serializer* s : {&json_s, &msgpack_s}) {
    const auto stored = [&](const char* text) { return s->dump(json::parse(text)); };
    using ints = std::vector<long long>;
    EXPECT_EQ(codec<ints>::decode(stored("[1, -2, 9223372036854775807]"), *s),
              (ints{1, -2, INT64_MAX}));
    EXPECT_THROW(codec<ints>::decode(stored("[1.5]"), *s), codec_error);
    EXPECT_THROW(codec<ints>::decode(stored("[-7.5e90]"), *s), codec_error);
    EXPECT_THROW(codec<ints>::decode(stored("[true]"), *s), codec_error);
    EXPECT_THROW(codec<std::vector<int>>::decode(stored("[300000000000]"), *s), codec_error);
    EXPECT_THROW((codec<std::map<std::string, int>>::decode(stored("{\"a\": 2.5}"), *s)),
                 codec_error);
    EXPECT_THROW(codec<std::vector<std::vector<unsigned>>>::decode(stored("[[1], [-1]]"), *s),
                 codec_error);
    EXPECT_EQ((codec<std::map<std::string, std::vector<int>>>::decode(stored("{\"a\": [3]}"), *s)),
              (std::map<std::string, std::vector<int>>{{"a", {3}}}));
    // Floating point and booleans keep nlohmann's rules: an integer is a fine double.
    EXPECT_EQ(codec<std::vector<double>>::decode(stored("[1, 2.5]"), *s),
              (std::vector<double>{1.0, 2.5}));
  }
}

}  // namespace
}  // namespace rediscache
