#include "cache/cache_fixture.hpp"

#include <rediscache/error.hpp>

#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <vector>

using namespace rediscache;
using rediscache::test::cache_test;
using namespace std::chrono_literals;

namespace shop {
struct item {
  std::string name;
  int cents = 0;
};
void to_json(nlohmann::json& j, const item& i) { j = {{"name", i.name}, {"cents", i.cents}}; }
void from_json(const nlohmann::json& j, item& i) {
  j.at("name").get_to(i.name);
  j.at("cents").get_to(i.cents);
}
}  // namespace shop

namespace {

TEST_P(cache_test, RoundTripsEveryBuiltInType) {
  auto c = make_cache();
  EXPECT_TRUE(c.set("s", std::string("héllo")));
  EXPECT_TRUE(c.set("i", 42));
  EXPECT_TRUE(c.set("neg", -7LL));
  EXPECT_TRUE(c.set("b", true));
  EXPECT_TRUE(c.set("d", 3.5));
  EXPECT_TRUE(c.set("j", nlohmann::json{{"a", 1}, {"b", {true, nullptr}}}));
  EXPECT_TRUE(c.set("v", std::vector<int>{1, 2, 3}));
  EXPECT_TRUE(c.set("m", std::map<std::string, double>{{"x", 1.5}}));
  EXPECT_TRUE(c.set("raw", bytes{std::byte{0}, std::byte{0xff}}));
  EXPECT_EQ(c.get<std::string>("s"), "héllo");
  EXPECT_EQ(c.get<int>("i"), 42);
  EXPECT_EQ(c.get<long long>("neg"), -7);
  EXPECT_EQ(c.get<bool>("b"), true);
  EXPECT_EQ(c.get<double>("d"), 3.5);
  EXPECT_EQ(c.get<nlohmann::json>("j")->at("b")[0], true);
  EXPECT_EQ(c.get<std::vector<int>>("v"), (std::vector<int>{1, 2, 3}));
  EXPECT_EQ((c.get<std::map<std::string, double>>("m")->at("x")), 1.5);
  EXPECT_EQ(c.get<bytes>("raw"), (bytes{std::byte{0}, std::byte{0xff}}));
}

TEST_P(cache_test, UserTypesThroughAdlToJson) {
  auto c = make_cache();
  c.set("item", shop::item{"tea", 350});
  auto back = c.get<shop::item>("item");
  ASSERT_TRUE(back);
  EXPECT_EQ(back->name, "tea");
  EXPECT_EQ(back->cents, 350);
}

TEST_P(cache_test, MissIsNulloptAndDefaultIsReturned) {
  auto c = make_cache();
  EXPECT_EQ(c.get<std::string>("nothing"), std::nullopt);
  EXPECT_EQ(c.get<int>("nothing", 7), 7);
  c.set("n", 0);
  EXPECT_EQ(c.get<int>("n", 7), 0);
}

TEST_P(cache_test, IntegersAreStoredAsPlainDecimal) {
  auto c = make_cache();
  c.set("count", 1234);
  EXPECT_EQ(c.storage().get(":1:count"), "1234");
  c.set("text", std::string("1234"));
  EXPECT_EQ(c.storage().get(":1:text"), "\"1234\"");
}

TEST_P(cache_test, SetModes) {
  auto c = make_cache();
  EXPECT_FALSE(c.set("k", 1, {}, set_mode::if_present));
  EXPECT_FALSE(c.has_key("k"));
  EXPECT_TRUE(c.set("k", 1, {}, set_mode::if_absent));
  EXPECT_FALSE(c.set("k", 2, {}, set_mode::if_absent));
  EXPECT_EQ(c.get<int>("k"), 1);
  EXPECT_TRUE(c.set("k", 3, {}, set_mode::if_present));
  EXPECT_EQ(c.get<int>("k"), 3);
}

TEST_P(cache_test, AddOnlyWhenAbsentAndKeepsExistingExpiry) {
  auto c = make_cache();
  EXPECT_TRUE(c.add("a", std::string("first"), 100s));
  EXPECT_FALSE(c.add("a", std::string("second"), cache_timeout::forever()));
  EXPECT_EQ(c.get<std::string>("a"), "first");
  EXPECT_TRUE(c.pttl("a").is_expiring());
}

TEST_P(cache_test, GetOrSetRunsCallableOnlyOnMiss) {
  auto c = make_cache();
  int calls = 0;
  auto compute = [&] {
    ++calls;
    return std::string("computed");
  };
  EXPECT_EQ(c.get_or_set("g", compute), "computed");
  EXPECT_EQ(c.get_or_set("g", compute), "computed");
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(c.get_or_set("plain", 5), 5);
  EXPECT_EQ(c.get_or_set("plain", 6), 5);
  EXPECT_EQ(c.get_or_set<std::string>("lit", "literal"), "literal");
}

TEST_P(cache_test, GetManyReturnsOnlyFoundKeys) {
  auto c = make_cache();
  c.set("a", 1);
  c.set("c", 3);
  auto found = c.get_many<int>({"a", "b", "c", "a"});
  EXPECT_EQ(found, (std::map<std::string, int>{{"a", 1}, {"c", 3}}));
  EXPECT_TRUE(c.get_many<int>({}).empty());
}

TEST_P(cache_test, SetManyStoresAllAndReportsNoFailures) {
  auto c = make_cache();
  std::map<std::string, std::string> items{{"x", "1"}, {"y", "2"}, {"z", "3"}};
  EXPECT_TRUE(c.set_many(items, 100s).empty());
  EXPECT_EQ(c.get_many<std::string>({"x", "y", "z"}), items);
  EXPECT_TRUE(c.pttl("y").is_expiring());
  std::vector<std::pair<std::string, int>> numbers{{"n1", 1}, {"n2", 2}};
  EXPECT_TRUE(c.set_many(numbers).empty());
  EXPECT_EQ(c.incr("n2"), 3);
}

TEST_P(cache_test, DeleteOperations) {
  auto c = make_cache();
  c.set("a", 1);
  c.set("b", 2);
  c.set("c", 3);
  EXPECT_TRUE(c.remove("a"));
  EXPECT_FALSE(c.remove("a"));
  EXPECT_EQ(c.remove_many({"b", "c", "missing"}), 2u);
  EXPECT_EQ(c.remove_many({}), 0u);
  EXPECT_FALSE(c.has_key("b"));
}

TEST_P(cache_test, KeysAreBinarySafe) {
  auto c = make_cache();
  std::string key("with\0nul and spaces \xe6\xb8\x85", 24);
  c.set(key, std::string("v"));
  EXPECT_EQ(c.get<std::string>(key), "v");
  EXPECT_FALSE(c.has_key(std::string("with")));
}

TEST_P(cache_test, VersionsAndPrefixesIsolate) {
  cache_options a;
  a.key_prefix = "app-a";
  cache_options b;
  b.key_prefix = "app-b";
  auto ca = make_cache(a);
  auto cb = make_cache(b);
  ca.set("k", 1);
  EXPECT_FALSE(cb.has_key("k"));
  ca.set("k", 2, {}, set_mode::always, key_version(2));
  EXPECT_EQ(ca.get<int>("k"), 1);
  EXPECT_EQ(ca.get<int>("k", key_version(2)), 2);
  EXPECT_EQ(ca.make_key("k", key_version(2)), "app-a:2:k");
}

TEST_P(cache_test, CustomKeyFunction) {
  cache_options o;
  o.key_prefix = "p";
  o.make_key = [](std::string_view key, std::string_view prefix, int version) {
    return std::string(prefix) + "#" + std::to_string(version) + "#" + std::string(key);
  };
  o.reverse_key = [](std::string_view stored) {
    return std::string(stored.substr(stored.find('#', stored.find('#') + 1) + 1));
  };
  auto c = make_cache(o);
  c.set("foo", 1);
  EXPECT_TRUE(c.storage().exists("p#1#foo"));
  EXPECT_EQ(c.keys("f*"), std::vector<std::string>{"foo"});
}

TEST_P(cache_test, WrongTypeIsACodecErrorNamingTheKey) {
  auto c = make_cache();
  c.set("word", std::string("hello"));
  try {
    c.get<int>("word");
    FAIL() << "expected codec_error";
  } catch (const codec_error& e) {
    EXPECT_NE(std::string(e.what()).find("'word'"), std::string::npos) << e.what();
  }
  c.set("number", 5);
  EXPECT_THROW(c.get<std::string>("number"), codec_error);
  EXPECT_THROW(c.get<std::vector<int>>("word"), codec_error);
}

TEST_P(cache_test, CorruptBytesAreACodecError) {
  auto c = make_cache();
  c.storage().set(":1:broken-json", "{\"a\": [1, 2", std::nullopt, set_mode::always);
  EXPECT_THROW(c.get<nlohmann::json>("broken-json"), codec_error);
  // A zlib header followed by garbage: looks compressed, is not.
  c.storage().set(":1:broken-zlib", std::string("\x78\x9c\x01\x02\x03garbage", 10), std::nullopt,
                  set_mode::always);
  EXPECT_THROW(c.get<std::string>("broken-zlib"), codec_error);
}

TEST_P(cache_test, CompressionAboveThresholdDetectedOnRead) {
  cache_options zipped;
  zipped.compression.kind = compressor_kind::zlib;
  auto writer = make_cache(zipped);
  cache_options other_kind;
  other_kind.compression.kind = compressor_kind::lz4;
  auto reader = make_cache(other_kind);  // any compressing alias reads every format
  std::string big(1000, 'x');
  writer.set("big", big);
  writer.set("small", std::string("tiny"));
  auto stored = writer.storage().get(":1:big");
  ASSERT_TRUE(stored);
  EXPECT_EQ(static_cast<unsigned char>((*stored)[0]), 0x78);
  EXPECT_LT(stored->size(), 100u);
  EXPECT_EQ(reader.get<std::string>("big"), big);
  EXPECT_EQ(writer.storage().get(":1:small"), "\"tiny\"");
  for (auto kind : {compressor_kind::lz4, compressor_kind::zstd}) {
    cache_options o;
    o.compression.kind = kind;
    auto other = make_cache(o);
    other.set("big2", big);
    EXPECT_EQ(reader.get<std::string>("big2"), big);
    EXPECT_LT(other.storage().get(":1:big2")->size(), 100u);
  }
}

TEST_P(cache_test, MsgpackAndRawSerializers) {
  cache_options packed;
  packed.serializer = serializer_kind::msgpack;
  auto c = make_cache(packed);
  c.set("m", std::string("héllo"));
  EXPECT_EQ(c.storage().get(":1:m"), std::string("\xa6h\xc3\xa9llo"));
  EXPECT_EQ(c.get<std::string>("m"), "héllo");
  cache_options raw;
  raw.serializer = serializer_kind::raw;
  auto r = make_cache(raw);
  r.set("r", std::string("as-is"));
  EXPECT_EQ(r.storage().get(":1:r"), "as-is");
  EXPECT_THROW(r.set("flag", true), codec_error);
}

INSTANTIATE_TEST_SUITE_P(backends, cache_test, ::testing::Values("redis", "memory"),
                         rediscache::test::backend_name);

}  // namespace
