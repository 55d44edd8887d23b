// Pickles made by CPython's pickle module, protocols 2 to 5, read here; pickles written here read
// by CPython, and for the values where CPython cannot share objects we do not see, byte for byte.
#include "cases.hpp"
#include "python_pickles.hpp"

#include <rediscache/error.hpp>
#include <rediscache/pickle/pickle.hpp>

#include <gtest/gtest.h>

using namespace rediscache;
using rediscache::test::pickle_cases;

namespace {

class python_pickles : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!test::have_python3()) return;
    nlohmann::json expressions = nlohmann::json::array();
    for (const auto& c : pickle_cases()) expressions.push_back(c.python);
    made_ = test::run_pickle_helper("dumps", expressions);
  }
  void SetUp() override {
    if (!test::have_python3()) GTEST_SKIP() << "python3 is not installed";
    ASSERT_TRUE(made_.is_array()) << made_.dump();
  }
  static nlohmann::json made_;
};
nlohmann::json python_pickles::made_;

TEST_F(python_pickles, EveryProtocolReadsAsTheSameValue) {
  const auto cases = pickle_cases();
  ASSERT_EQ(made_.size(), cases.size());
  for (std::size_t i = 0; i < cases.size(); ++i) {
    for (const char* protocol : {"2", "3", "4", "5"}) {
      // Python itself writes fold only from protocol 4 on.
      if (cases[i].python.find("fold=1") != std::string::npos && protocol[0] < '4') continue;
      const std::string data = test::from_hex(made_[i][protocol].get<std::string>());
      try {
        EXPECT_EQ(pickle::load(data), cases[i].cpp) << cases[i].python << " protocol " << protocol;
      } catch (const codec_error& e) {
        ADD_FAILURE() << cases[i].python << " protocol " << protocol << ": " << e.what();
      }
    }
  }
}

TEST_F(python_pickles, WritesTheBytesPythonWrites) {
  const auto cases = pickle_cases();
  for (std::size_t i = 0; i < cases.size(); ++i) {
    if (!cases[i].exact) continue;
    for (const int protocol : {4, 5}) {
      const auto& want = made_[i][std::to_string(protocol)].get_ref<const std::string&>();
      const std::string got = test::to_hex(pickle::dump(cases[i].cpp, protocol));
      EXPECT_EQ(got.size() > 400 ? got.substr(0, 400) : got,
                want.size() > 400 ? want.substr(0, 400) : want)
          << cases[i].python << " protocol " << protocol;
      EXPECT_EQ(got, want) << cases[i].python << " protocol " << protocol;
    }
  }
}

TEST_F(python_pickles, PythonReadsWhatWeWrite) {
  const auto cases = pickle_cases();
  nlohmann::json input = nlohmann::json::array();
  for (const auto& c : cases) {
    for (const int protocol : {4, 5}) {
      input.push_back({test::to_hex(pickle::dump(c.cpp, protocol)), c.python});
    }
  }
  const auto verdicts = test::run_pickle_helper("loads", input);
  ASSERT_TRUE(verdicts.is_array()) << verdicts.dump();
  for (std::size_t i = 0; i < verdicts.size(); ++i) {
    EXPECT_EQ(verdicts[i], "ok") << input[i][1];
  }
}

TEST_F(python_pickles, LoadsAsJsonWithTheDocumentedMapping) {
  const auto& made = made_;
  auto json_of = [&](const char* python) {
    const auto cases = pickle_cases();
    for (std::size_t i = 0; i < cases.size(); ++i) {
      if (cases[i].python == python) {
        return pickle::load_json(test::from_hex(made[i]["4"].get<std::string>()));
      }
    }
    throw std::logic_error(python);
  };
  using nlohmann::json;
  EXPECT_EQ(json_of("{'a': 1, 'b': [1.5, None, True], 's': 'h\\u00e9llo'}"),
            (json{{"a", 1}, {"b", {1.5, nullptr, true}}, {"s", "h\xc3\xa9llo"}}));
  EXPECT_EQ(json_of("2**63"), json(9223372036854775808ULL));
  EXPECT_EQ(json_of("(1, 2)"), (json{1, 2}));
  EXPECT_EQ(json_of("frozenset({7, 8})"), (json{8, 7}));
  EXPECT_EQ(json_of("b'\\x00\\xff'"), json::binary({0x00, 0xff}));
  EXPECT_EQ(json_of("bytearray(b'ab\\x80')"), json::binary({'a', 'b', 0x80}));
  EXPECT_EQ(json_of("dt(2024, 1, 2, 3, 4, 5, 678901, tzinfo=timezone.utc)"),
            "2024-01-02T03:04:05.678901+00:00");
  EXPECT_EQ(json_of("dt(1, 1, 1, tzinfo=timezone(timedelta(hours=-5, minutes=-30)))"),
            "0001-01-01T00:00:00-05:30");
  EXPECT_EQ(json_of("date(2024, 2, 29)"), "2024-02-29");
  EXPECT_EQ(json_of("time(1, 2, 3, 4)"), "01:02:03.000004");
  EXPECT_EQ(json_of("timedelta(1, 2, 3)"), 86402.000003);
  EXPECT_EQ(json_of("Decimal('1.10')"), "1.10");
  EXPECT_EQ(json_of("UUID('12345678-1234-5678-1234-567812345678')"),
            "12345678-1234-5678-1234-567812345678");
  EXPECT_THROW(json_of("2**64"), codec_error);
  EXPECT_THROW(json_of("{1: 'x', (1, 2): None, None: 0}"), codec_error);
  try {
    json_of("10**100");
    ADD_FAILURE() << "no error";
  } catch (const codec_error& e) {
    EXPECT_NE(std::string(e.what()).find("does not fit in 64 bits"), std::string::npos) << e.what();
  }
}

}  // namespace
