// One Redis shared with django-redis at its default settings (PickleSerializer), with each of its
// compressors: every value type C++ stores, Django reads as the same Python value, and the other
// way round.
#include "cases.hpp"
#include "python_pickles.hpp"
#include "support/redis_server.hpp"

#include <rediscache/cache.hpp>
#include <rediscache/pickle/pickle.hpp>

#include <gtest/gtest.h>

#include <memory>

using namespace rediscache;
using namespace std::chrono_literals;

namespace {

struct flavour {
  const char* python_compressor;
  compressor_kind compressor;
};

std::string name_of(const ::testing::TestParamInfo<flavour>& param_info) {
  return std::string(to_string(param_info.param.compressor));
}

class django_redis_pickle : public ::testing::TestWithParam<flavour> {
 protected:
  static void SetUpTestSuite() { server_ = std::make_unique<test::redis_server>(); }
  static void TearDownTestSuite() { server_.reset(); }

  void SetUp() override {
    if (std::system("/usr/bin/python3 -c 'import django, django_redis, lz4' >/dev/null 2>&1") !=
        0) {
      GTEST_SKIP() << "python3-django, python3-django-redis and python3-lz4 are not installed";
    }
    if (GetParam().compressor == compressor_kind::zstd &&
        std::system("/usr/bin/python3 -c 'import zstd' >/dev/null 2>&1") != 0) {
      GTEST_SKIP() << "python3-zstd is not installed";
    }
    for (const auto& c : test::pickle_cases()) expressions_.push_back(c.python);
  }

  nlohmann::json python(const char* action) const {
    return test::run_python(std::string("django_pickle.py ") + test::url_of(*server_) + " " +
                                GetParam().python_compressor + " " + action,
                            expressions_);
  }

  cache cpp_cache() const {
    cache_options o;
    o.serializer = serializer_kind::pickle;
    o.compression.kind = GetParam().compressor;
    return cache::from_url(test::url_of(*server_), o);
  }

  static std::unique_ptr<test::redis_server> server_;
  nlohmann::json expressions_ = nlohmann::json::array();
};
std::unique_ptr<test::redis_server> django_redis_pickle::server_;

TEST_P(django_redis_pickle, DjangoReadsWhatCppWrote) {
  auto c = cpp_cache();
  const auto cases = test::pickle_cases();
  for (std::size_t i = 0; i < cases.size(); ++i)
    c.set("cpp:" + std::to_string(i), cases[i].cpp, 300s);
  const auto verdicts = python("read");
  ASSERT_TRUE(verdicts.is_array()) << verdicts.dump();
  ASSERT_EQ(verdicts.size(), cases.size());
  for (std::size_t i = 0; i < cases.size(); ++i) EXPECT_EQ(verdicts[i], "ok") << cases[i].python;
}

TEST_P(django_redis_pickle, CppReadsWhatDjangoWrote) {
  const auto written = python("write");
  ASSERT_EQ(written, "written") << written.dump();
  auto c = cpp_cache();
  const auto cases = test::pickle_cases();
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const auto got = c.get<pickle::value>("py:" + std::to_string(i));
    ASSERT_TRUE(got) << cases[i].python;
    EXPECT_EQ(*got, cases[i].cpp) << cases[i].python;
  }
  // The same values through the json mapping, as a service that does not know about pickle reads.
  std::size_t at = 0;
  while (at < cases.size() && cases[at].python.rfind("{'a': 1, 'b'", 0) != 0) ++at;
  const auto dict = c.get<nlohmann::json>("py:" + std::to_string(at));
  ASSERT_TRUE(dict);
  EXPECT_EQ(*dict, (nlohmann::json{{"a", 1}, {"b", {1.5, nullptr, true}}, {"s", "h\xc3\xa9llo"}}));
}

INSTANTIATE_TEST_SUITE_P(compressors, django_redis_pickle,
                         ::testing::Values(flavour{"identity.IdentityCompressor",
                                                   compressor_kind::none},
                                           flavour{"zlib.ZlibCompressor", compressor_kind::zlib},
                                           flavour{"lz4.Lz4Compressor", compressor_kind::lz4},
                                           flavour{"zstd.ZStdCompressor", compressor_kind::zstd}),
                         name_of);

}  // namespace
