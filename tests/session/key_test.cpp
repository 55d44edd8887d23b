// Session keys: 32 characters of [a-z0-9] from a CSPRNG, unbiased and unique.
#include <rediscache/session/session_key.hpp>

#include <gtest/gtest.h>

#include <array>
#include <regex>
#include <string>
#include <unordered_set>

using namespace rediscache;

namespace {

TEST(session_key, HasDjangosFormat) {
  const std::regex format("[a-z0-9]{32}");
  for (int i = 0; i < 1000; ++i) {
    const std::string key = new_session_key();
    EXPECT_TRUE(std::regex_match(key, format)) << key;
    EXPECT_TRUE(is_valid_session_key(key));
  }
  EXPECT_EQ(session_key_alphabet, "abcdefghijklmnopqrstuvwxyz0123456789");
}

TEST(session_key, HundredThousandKeysAreUniqueAndEveryCharacterEquallyLikely) {
  constexpr int count = 100000;
  std::unordered_set<std::string> seen;
  seen.reserve(count);
  std::array<long, 256> histogram{};
  for (int i = 0; i < count; ++i) {
    const std::string key = new_session_key();
    for (unsigned char c : key) ++histogram[c];
    EXPECT_TRUE(seen.insert(key).second) << "collision: " << key;
  }
  // 3.2 million characters: each of the 36 expects about 88,900 (sigma about 300). Taking bytes
  // modulo 36 would favour the first 4 characters by a seventh (about 12,700).
  const double expected = 32.0 * count / 36;
  for (char c : session_key_alphabet) {
    EXPECT_NEAR(static_cast<double>(histogram[static_cast<unsigned char>(c)]), expected,
                expected * 0.03)
        << c;
  }
}

TEST(session_key, ValidityFollowsDjangoAndTheAlphabet) {
  EXPECT_TRUE(is_valid_session_key("abcdefgh"));  // Django's minimum of 8
  EXPECT_TRUE(is_valid_session_key(std::string(256, 'z')));
  EXPECT_FALSE(is_valid_session_key(std::string(257, 'z')));
  EXPECT_FALSE(is_valid_session_key("abcdefg"));
  EXPECT_FALSE(is_valid_session_key(""));
  EXPECT_FALSE(is_valid_session_key("ABCDEFGHIJ"));
  EXPECT_FALSE(is_valid_session_key("abcdefgh-"));
  EXPECT_FALSE(is_valid_session_key("abcd efgh"));
  EXPECT_FALSE(is_valid_session_key(std::string("abcdefgh\0", 9)));
  EXPECT_FALSE(is_valid_session_key("abcdefgh\xc3\xa9"));
}

}  // namespace
