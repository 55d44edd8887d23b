#include <rediscache/glob.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

using namespace std::string_literals;
using rediscache::glob_escape;
using rediscache::glob_match;

namespace {

struct glob_case {
  std::string pattern;
  std::string text;
  bool matches;
};

// Control and high bytes as \xNN, so a failing case reads clearly.
std::string visible(const std::string& bytes) {
  std::string out;
  for (unsigned char c : bytes) {
    if (c < 0x20 || c >= 0x7f) {
      char hex[5];
      std::snprintf(hex, sizeof hex, "\\x%02x", c);
      out += hex;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

void expect_cases(const std::vector<glob_case>& cases) {
  for (const auto& c : cases) {
    EXPECT_EQ(glob_match(c.pattern, c.text), c.matches)
        << "pattern '" << visible(c.pattern) << "' text '" << visible(c.text) << "'";
  }
}

// Each answer below was checked against redis-server 7.0 (SET the text, SCAN MATCH the pattern).
TEST(GlobMatch, WildcardsAndLiterals) {
  expect_cases({
      {"", "", true},
      {"", "a", false},
      {"*", "anything", true},
      {"a*", "a", true},
      {"a**", "a", true},
      {"a*b", "ab", true},
      {"a*b", "axxb", true},
      {"a*b", "axxc", false},
      {"*a", "a", true},
      {"foo*bar", "foobarbar", true},
      {"*:1:*", "prefix:1:key", true},
      {"*:1:*", "prefix:2:key", false},
      {"h?llo", "hello", true},
      {"h?llo", "hllo", false},
      {"h*llo", "hllo", true},
      {"abc", "abcd", false},
      {"abcd", "abc", false},
  });
}

// stringmatchlen never runs its loop on an empty text; SCAN and KEYS special-case "*" instead.
TEST(GlobMatch, EmptyTextMatchesOnlyEmptyPattern) {
  expect_cases({
      {"*", "", false},
      {"**", "", false},
      {"?", "", false},
      {"[a]", "", false},
  });
}

TEST(GlobMatch, BracketSetsRangesAndNegation) {
  expect_cases({
      {"h[ae]llo", "hallo", true},
      {"h[ae]llo", "hillo", false},
      {"h[^e]llo", "hallo", true},
      {"h[^e]llo", "hello", false},
      {"h[a-b]llo", "hbllo", true},
      {"h[a-b]llo", "hcllo", false},
      {"[^a-c]", "d", true},
      {"[^a-c]", "b", false},
      {"[z-a]", "m", true},
      {"[z-a]", "A", false},
      {"[-a]", "-", true},
      // The range end is read literally: [a-] is the range ']'..'a' with no closing bracket.
      {"[a-]", "]", true},
      {"[a-]", "^", true},
      {"[a-]", "b", false},
      {"[a-]x", "ax", false},
      {"[ab-]", "-", false},
      // An empty set matches nothing, so its negation matches anything.
      {"[]a]", "a", false},
      {"[]a]", "]a]", false},
      {"[^]", "x", true},
      {"[^]a", "xa", true},
      // An unterminated bracket takes the rest of the pattern as its set.
      {"[abc", "a", true},
      {"[abc", "abc", false},
      {"[abc", "[", false},
      {"[a-z", "m", true},
      {"[a-", "-", true},
      {"*[", "x[", false},
  });
}

TEST(GlobMatch, BackslashEscapes) {
  expect_cases({
      {"\\*", "*", true},
      {"\\*", "a", false},
      {"\\?", "?", true},
      {"\\?", "x", false},
      {"\\[a]", "[a]", true},
      {"\\[a]", "a", false},
      {"\\a", "a", true},
      {"\\\\", "\\", true},
      {"a\\", "a\\", true},
      {"[\\]]", "]", true},
      {"[\\^a]", "^", true},
      {"[a\\-z]", "-", true},
      {"[a\\-z]", "m", false},
      {"[\\", "\\", true},
      {"[\\", "[", false},
      {"[\\a", "a", true},
  });
}

TEST(GlobMatch, BinarySafe) {
  expect_cases({
      {"\0*"s, "\0abc"s, true},
      {"a?c", "a\0c"s, true},
      {"a\0b"s, "a\0c"s, false},
      {"a*", "a\0"s, true},
      {"[\0]"s, "\0"s, true},
      {"[\0-\x02]"s, "\x01", true},
      {"[^\0]"s, "\0"s, false},
  });
}

// Redis compares range bounds as signed chars, so bytes >= 0x80 sort below '\0'.
TEST(GlobMatch, HighBytesCompareSigned) {
  expect_cases({
      {"[a-\xff]", "\xff", true},
      {"[a-\xff]", "b", false},
      {"[a-\xff]", "\x01", true},
      {"[\x80-\xff]", "\x90", true},
      {"[\x01-\x7f]", "\x90", false},
      {"\xe2\x82\xac*", "\xe2\x82\xac 5", true},
  });
}

std::string repeat(const std::string& part, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) out += part;
  return out;
}

// Redis stops recursing after 1000 nested '*' and reports no match.
TEST(GlobMatch, NestingLimitLikeRedis) {
  expect_cases({
      {repeat("*a", 1000), std::string(1000, 'a'), true},
      {repeat("*a", 1001), std::string(1001, 'a'), false},
      {repeat("*a", 1000) + "x", std::string(1000, 'a') + "x", true},
      {repeat("*a", 1001) + "x", std::string(1001, 'a') + "x", false},
      // A trailing '*' is not a nesting level.
      {repeat("a*", 1001), std::string(1001, 'a'), true},
      {repeat("a*", 1002), std::string(1002, 'a'), false},
  });
}

TEST(GlobMatch, PathologicalPatternsFinishFast) {
  const std::string long_text(200'000, 'a');
  const auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(glob_match("a*a*a*a*a*a*a*b", long_text));
  EXPECT_TRUE(glob_match("a*a*a*a*a*a*a*a", long_text));
  EXPECT_FALSE(glob_match(repeat("*a", 20) + "*b", std::string(20'000, 'a')));
  EXPECT_TRUE(glob_match(std::string(100'000, '*') + "a", long_text));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
}

const std::vector<std::string> glob_literals = {
    "*", "?", "[", "]", "\\", "**", "\\*", "[^a-z]", "a*b?c[d]e\\f", "prefix:*:1", "[]", "x\0*"s,
};

TEST(GlobEscape, EscapesEachGlobCharacter) {
  EXPECT_EQ(glob_escape("plain:1:"), "plain:1:");
  EXPECT_EQ(glob_escape("a*b?c[d]e\\f"), "a\\*b\\?c\\[d\\]e\\\\f");
  EXPECT_EQ(glob_escape(""), "");
}

TEST(GlobEscape, MatchesOnlyTheLiteral) {
  for (const auto& literal : glob_literals) {
    const std::string pattern = glob_escape(literal);
    EXPECT_TRUE(glob_match(pattern, literal)) << visible(literal);
    EXPECT_TRUE(glob_match(pattern + "*", literal + "x")) << visible(literal);
    EXPECT_FALSE(glob_match(pattern, literal + "x")) << visible(literal);
    EXPECT_FALSE(glob_match(pattern, "x" + literal)) << visible(literal);
  }
  EXPECT_FALSE(glob_match(glob_escape("a*"), "abc"));
  EXPECT_FALSE(glob_match(glob_escape("?"), "x"));
  EXPECT_FALSE(glob_match(glob_escape("[ab]"), "a"));
}

// The cache's use: an escaped prefix:version in front of a user pattern.
TEST(GlobEscape, PrefixWithGlobCharactersDoesNotLeak) {
  const std::string pattern = glob_escape("*:1:") + "user*";
  EXPECT_TRUE(glob_match(pattern, "*:1:user42"));
  EXPECT_FALSE(glob_match(pattern, "other:1:user42"));
  EXPECT_FALSE(glob_match(pattern, "*:2:user42"));
}

}  // namespace
