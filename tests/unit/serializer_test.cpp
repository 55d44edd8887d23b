#include <rediscache/error.hpp>
#include <rediscache/serializer.hpp>

#include "unit/hex.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

namespace rediscache {
using rediscache::test::hex;
using rediscache::test::unhex;

namespace {

using nlohmann::json;

json binary(std::vector<std::uint8_t> v) { return json::binary(std::move(v)); }

TEST(Serializer, KindNamesRoundTrip) {
  EXPECT_EQ(serializer().kind(), serializer_kind::json);
  for (const auto k : {serializer_kind::json, serializer_kind::msgpack, serializer_kind::raw}) {
    EXPECT_EQ(parse_serializer_kind(to_string(k)), k);
    EXPECT_EQ(serializer(k).kind(), k);
  }
  EXPECT_EQ(to_string(serializer_kind::msgpack), "msgpack");
}

TEST(Serializer, AcceptsDjangoRedisPaths) {
  EXPECT_EQ(parse_serializer_kind("django_redis.serializers.json.JSONSerializer"),
            serializer_kind::json);
  EXPECT_EQ(parse_serializer_kind("django_redis.serializers.msgpack.MSGPackSerializer"),
            serializer_kind::msgpack);
}

TEST(Serializer, AcceptsPickleNames) {
  EXPECT_EQ(parse_serializer_kind("pickle"), serializer_kind::pickle);
  EXPECT_EQ(parse_serializer_kind("django_redis.serializers.pickle.PickleSerializer"),
            serializer_kind::pickle);
  EXPECT_EQ(to_string(serializer_kind::pickle), "pickle");
}

TEST(Serializer, RefusesUnknownNames) {
  for (const char* name : {"", "JSON", "yaml", "django_redis.serializers.json.Other",
                           "django_redis.serializers.pickle.Other"}) {
    EXPECT_THROW(parse_serializer_kind(name), config_error) << name;
  }
}

// --- json -------------------------------------------------------------------------------------

TEST(JsonSerializer, DumpsCompactAndPythonReadsIt) {
  const serializer s(serializer_kind::json);
  const json v = {{"a", 1}, {"b", {true, nullptr}}};
  EXPECT_EQ(s.dump(v), R"({"a":1,"b":[true,null]})");
  // What Python's json.dumps wrote, with its ", " and ": " separators.
  EXPECT_EQ(s.load(R"({"a": 1, "b": [true, null]})"), v);
}

TEST(JsonSerializer, EscapesNonAsciiLikePython) {
  const serializer s(serializer_kind::json);
  EXPECT_EQ(hex(s.dump(json("h\xc3\xa9llo"))), "22685c75303065396c6c6f22");
  EXPECT_EQ(s.load(unhex("22685c75303065396c6c6f22")), json("h\xc3\xa9llo"));
  // Raw UTF-8 reads too, as Python's decode() then loads() accepts it.
  EXPECT_EQ(s.load("\"h\xc3\xa9llo\""), json("h\xc3\xa9llo"));
  EXPECT_EQ(s.dump(json("\xf0\x9f\x98\x80")), R"("\ud83d\ude00")");
}

TEST(JsonSerializer, ReadsPythonScalars) {
  const serializer s(serializer_kind::json);
  EXPECT_EQ(s.load("3.5"), json(3.5));
  EXPECT_EQ(s.load("true"), json(true));
  EXPECT_EQ(s.load("null"), json(nullptr));
  EXPECT_EQ(s.load(R"([1, "a"])"), json({1, "a"}));
  EXPECT_EQ(s.load(" [1] \n"), json({1}));
  EXPECT_EQ(s.dump(json(3.5)), "3.5");
}

TEST(JsonSerializer, RefusesBytesAnywhere) {
  const serializer s(serializer_kind::json);
  EXPECT_THROW(s.dump(binary({0, 255})), codec_error);
  EXPECT_THROW(s.dump(json{{"k", {1, binary({1})}}}), codec_error);
}

TEST(JsonSerializer, RefusesNonFiniteFloats) {
  const serializer s(serializer_kind::json);
  EXPECT_THROW(s.dump(json(std::numeric_limits<double>::quiet_NaN())), codec_error);
  EXPECT_THROW(s.dump(json{std::numeric_limits<double>::infinity()}), codec_error);
  // Python writes NaN when asked to; JSON has no such literal.
  EXPECT_THROW(s.load("NaN"), codec_error);
}

TEST(JsonSerializer, RefusesInvalidUtf8OnDump) {
  EXPECT_THROW(serializer().dump(json("\xff")), codec_error);
}

TEST(JsonSerializer, RefusesMalformedInput) {
  const serializer s(serializer_kind::json);
  for (const char* bad : {"", " ", "{\"a\":", "[1,", "1 2", "tru", "'a'", "{\"a\" 1}", "[1,]",
                          "\"\\ud800\"", "// c\n1", "007", "+1"}) {
    EXPECT_THROW(s.load(bad), codec_error) << bad;
  }
}

TEST(JsonSerializer, ErrorCarriesParserReasonButNotLongValues) {
  const serializer s(serializer_kind::json);
  try {
    s.load("[1,");
    FAIL();
  } catch (const codec_error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("[rediscache.codec]"), std::string::npos) << what;
    EXPECT_NE(what.find("unexpected end of input"), std::string::npos) << what;
    EXPECT_EQ(what.find("[json.exception"), std::string::npos) << what;
  }
  const std::string secret = "\"" + std::string(100, 's') + "ecret\x01\"";
  try {
    s.load(secret);
    FAIL();
  } catch (const codec_error& e) {
    EXPECT_EQ(std::string(e.what()).find("ssssssss"), std::string::npos) << e.what();
  }
}

TEST(JsonSerializer, RefusesDeepNestingWithoutCrashing) {
  const serializer s(serializer_kind::json);
  EXPECT_THROW(s.load(std::string(200000, '[')), codec_error);
  EXPECT_THROW(s.load(std::string(5000, '[') + std::string(5000, ']')), codec_error);
  const json ok = s.load(std::string(500, '[') + std::string(500, ']'));
  EXPECT_TRUE(ok.is_array());
}

// --- msgpack ----------------------------------------------------------------------------------

TEST(MsgpackSerializer, MatchesPythonBytes) {
  const serializer s(serializer_kind::msgpack);
  EXPECT_EQ(hex(s.dump(json("h\xc3\xa9llo"))), "a668c3a96c6c6f");
  EXPECT_EQ(hex(s.dump(binary({0x00, 0xff}))), "c40200ff");
  EXPECT_EQ(hex(s.dump(json(true))), "c3");
  EXPECT_EQ(hex(s.dump(json(nullptr))), "c0");
  EXPECT_EQ(hex(s.dump(json({1, "a"}))), "9201a161");
  EXPECT_EQ(hex(s.dump(json{{"a", 1}, {"b", {true, nullptr}}})), "82a16101a16292c3c0");
}

TEST(MsgpackSerializer, ReadsPythonBytes) {
  const serializer s(serializer_kind::msgpack);
  EXPECT_EQ(s.load(unhex("a668c3a96c6c6f")), json("h\xc3\xa9llo"));
  EXPECT_EQ(s.load(unhex("c40200ff")), binary({0x00, 0xff}));
  EXPECT_EQ(s.load(unhex("cb400c000000000000")), json(3.5));
  EXPECT_EQ(s.load(unhex("920102")), json({1, 2}));
  EXPECT_EQ(s.load(unhex("82a16101a16292c3c0")), (json{{"a", 1}, {"b", {true, nullptr}}}));
}

TEST(MsgpackSerializer, RoundTripsEveryJsonType) {
  const serializer s(serializer_kind::msgpack);
  const json v = {{"i", -5},
                  {"u", 18446744073709551615ull},
                  {"f", 0.1},
                  {"s", std::string(300, 'x')},
                  {"b", binary({1})},
                  {"n", nullptr},
                  {"t", false},
                  {"a", json::array()},
                  {"o", json::object()}};
  EXPECT_EQ(s.load(s.dump(v)), v);
  EXPECT_TRUE(
      std::isnan(s.load(s.dump(json(std::numeric_limits<double>::quiet_NaN()))).get<double>()));
}

TEST(MsgpackSerializer, RefusesNonStringMapKeys) {
  // Python writes {1: "x"} happily; its own reader refuses it too (strict_map_key).
  EXPECT_THROW(serializer(serializer_kind::msgpack).load(unhex("8101a178")), codec_error);
}

TEST(MsgpackSerializer, RefusesCorruptInput) {
  const serializer s(serializer_kind::msgpack);
  const std::string good = s.dump(json{{"a", {1, 2, 3}}, {"s", "text"}});
  for (std::size_t n = 0; n < good.size(); ++n) {
    EXPECT_THROW(s.load(good.substr(0, n)), codec_error) << n;
  }
  EXPECT_THROW(s.load(good + "x"), codec_error);
  EXPECT_THROW(s.load(unhex("c1")), codec_error);          // never used
  EXPECT_THROW(s.load(unhex("dbffffffff")), codec_error);  // 4 GiB string, nothing follows
  EXPECT_THROW(s.load(unhex("ddffffffff")), codec_error);  // 4 G elements, nothing follows
}

TEST(MsgpackSerializer, RefusesDeepNestingWithoutCrashing) {
  const serializer s(serializer_kind::msgpack);
  EXPECT_THROW(s.load(std::string(1000000, '\x91') + "\xc0"), codec_error);
  EXPECT_THROW(s.load(std::string(100000, '\x81')), codec_error);
  const json ok = s.load(std::string(500, '\x91') + "\xc0");
  EXPECT_TRUE(ok.is_array());
}

// --- raw --------------------------------------------------------------------------------------

TEST(RawSerializer, StoresStringsVerbatim) {
  const serializer s(serializer_kind::raw);
  EXPECT_EQ(s.dump(json("h\xc3\xa9llo")), "h\xc3\xa9llo");
  EXPECT_EQ(s.dump(json("")), "");
  EXPECT_EQ(s.load(std::string("\x00\xff", 2)), json(std::string("\x00\xff", 2)));
  EXPECT_EQ(s.load("42"), json("42"));
}

// What would read back as something else is refused instead: json binary would come back as a
// string, and integer text as a number (integers are stored as the same decimal text).
TEST(RawSerializer, RefusesValuesThatWouldReadBackChanged) {
  const serializer s(serializer_kind::raw);
  EXPECT_THROW(s.dump(binary({0x00, 0xff})), codec_error);
  for (const char* text : {"42", "-7", " 1_000 ", "00"}) {
    EXPECT_THROW(s.dump(json(text)), codec_error) << text;
  }
  EXPECT_EQ(s.dump(json("42a")), "42a");
}

TEST(RawSerializer, RefusesEverythingElse) {
  const serializer s(serializer_kind::raw);
  for (const json& v :
       {json(1), json(1.5), json(true), json(nullptr), json::array(), json::object()}) {
    try {
      s.dump(v);
      FAIL() << v.dump();
    } catch (const codec_error& e) {
      EXPECT_NE(std::string(e.what()).find("the raw serializer stores only strings and bytes"),
                std::string::npos)
          << e.what();
    }
  }
}

}  // namespace
}  // namespace rediscache
