// The same Redis shared with a Django application using django-redis: values written by C++ are
// read by Python and the other way round, under each serializer and compressor both support.
#include "examples/run_example.hpp"
#include "support/redis_server.hpp"

#include <rediscache/cache.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <string>

using namespace rediscache;
using namespace std::chrono_literals;
using rediscache::test::redis_server;

namespace {

struct flavour {
  const char* python_serializer;
  const char* python_compressor;
  serializer_kind serializer;
  compressor_kind compressor;
};

std::string name_of(const ::testing::TestParamInfo<flavour>& info) {
  return std::string(to_string(info.param.serializer)) + "_" +
         std::string(to_string(info.param.compressor));
}

class django_interop : public ::testing::TestWithParam<flavour> {
 protected:
  void SetUp() override {
    if (std::system("/usr/bin/python3 -c 'import django, django_redis' >/dev/null 2>&1") != 0) {
      GTEST_SKIP() << "python3-django and python3-django-redis are not installed";
    }
  }

  test::run_result python(const redis_server& server, const char* action) const {
    return test::run(std::string("/usr/bin/python3 ") + PYTHON_DIR + "/django_cache.py " +
                     test::url_of(server) + " " + GetParam().python_serializer + " " +
                     GetParam().python_compressor + " " + action);
  }

  cache cpp_cache(const redis_server& server) const {
    cache_options o;
    o.serializer = GetParam().serializer;
    o.compression.kind = GetParam().compressor;
    return cache::from_url(test::url_of(server), o);
  }
};

TEST_P(django_interop, DjangoReadsWhatCppWrote) {
  redis_server server;
  auto c = cpp_cache(server);
  c.set("text", std::string("plain ascii"), 300s);
  c.set("unicode", std::string("h\xc3\xa9llo \xe6\xb8\x85"));
  c.set("int", 42);
  c.set("negative", -7);
  c.set("float", 3.5);
  c.set("flag", true);
  c.set("dict", nlohmann::json{{"a", 1}, {"b", {true, nullptr}}});
  c.set("list", std::vector<std::string>{"x", "y"});
  c.set("big", std::string(3000, 'z'));  // compressed when a compressor is set
  c.set("counter", 10);

  auto r = python(server, "read");
  ASSERT_EQ(r.status, 0) << r.output;
  auto seen = nlohmann::json::parse(r.output);
  EXPECT_EQ(seen["text"], "plain ascii");
  EXPECT_EQ(seen["unicode"], "h\xc3\xa9llo \xe6\xb8\x85");
  EXPECT_EQ(seen["int"], 42);
  EXPECT_EQ(seen["negative"], -7);
  EXPECT_EQ(seen["float"], 3.5);
  EXPECT_EQ(seen["flag"], true);
  EXPECT_EQ(seen["dict"], (nlohmann::json{{"a", 1}, {"b", {true, nullptr}}}));
  EXPECT_EQ(seen["list"], (nlohmann::json{"x", "y"}));
  EXPECT_EQ(seen["big"], std::string(3000, 'z'));
  EXPECT_EQ(seen["incremented"], 15);  // Python's INCRBY on our plain decimal integer
  EXPECT_GT(seen["ttl"].get<int>(), 290);
  EXPECT_EQ(c.get<int>("counter"), 15);
}

TEST_P(django_interop, CppReadsWhatDjangoWrote) {
  redis_server server;
  auto r = python(server, "write");
  ASSERT_EQ(r.status, 0) << r.output;
  auto c = cpp_cache(server);
  EXPECT_EQ(c.get<std::string>("py:text"), "from python");
  EXPECT_EQ(c.get<int>("py:int"), 1234);
  EXPECT_EQ(c.incr("py:int"), 1235);
  auto dict = c.get<nlohmann::json>("py:dict");
  ASSERT_TRUE(dict);
  EXPECT_EQ((*dict)["name"], "tea");
  EXPECT_EQ((*dict)["tags"][1], "green");
  EXPECT_EQ((*dict)["price"], 4.5);
  EXPECT_EQ(c.get<std::string>("py:big"), std::string(2000, 'y'));
  EXPECT_EQ(c.get<bool>("py:flag"), false);
  EXPECT_TRUE(c.ttl("py:int").is_persistent());
}

INSTANTIATE_TEST_SUITE_P(
    serializers, django_interop,
    ::testing::Values(
        flavour{"json.JSONSerializer", "identity.IdentityCompressor", serializer_kind::json,
                compressor_kind::none},
        flavour{"json.JSONSerializer", "zlib.ZlibCompressor", serializer_kind::json,
                compressor_kind::zlib},
        flavour{"msgpack.MSGPackSerializer", "identity.IdentityCompressor",
                serializer_kind::msgpack, compressor_kind::none},
        flavour{"msgpack.MSGPackSerializer", "lz4.Lz4Compressor", serializer_kind::msgpack,
                compressor_kind::lz4}),
    name_of);

}  // namespace
