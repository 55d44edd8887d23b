#include <rediscache/glob.hpp>

#include <cstddef>
#include <utility>

namespace rediscache {
namespace {

constexpr std::size_t no_star = std::string_view::npos;
// Redis gives up (no match) when its recursion passes this many `*` groups.
constexpr std::size_t max_star_nesting = 1000;

// Redis compares range bounds as plain `char`, which is signed on the servers we mirror.
int as_redis_char(char c) { return static_cast<signed char>(c); }

// The bracket expression whose '[' is just before `at`; `at` moves past its closing ']', or to the
// end of the pattern when there is none (Redis then treats the rest as part of the set).
bool bracket_matches(std::string_view pattern, std::size_t& at, char c) {
  const bool negate = at < pattern.size() && pattern[at] == '^';
  if (negate) ++at;
  bool match = false;
  while (at < pattern.size()) {
    const std::size_t left = pattern.size() - at;
    if (pattern[at] == '\\' && left >= 2) {
      ++at;
      match = match || pattern[at] == c;
    } else if (pattern[at] == ']') {
      ++at;
      return match != negate;
    } else if (left >= 3 && pattern[at + 1] == '-') {
      // The range end is taken literally, even ']' or '\', exactly as Redis reads it.
      int low = as_redis_char(pattern[at]);
      int high = as_redis_char(pattern[at + 2]);
      if (low > high) std::swap(low, high);
      const int value = as_redis_char(c);
      match = match || (value >= low && value <= high);
      at += 2;
    } else {
      match = match || pattern[at] == c;
    }
    ++at;
  }
  return match != negate;
}

// Whether the single-byte token at `at` (not '*') matches c; `at` moves past the token.
bool token_matches(std::string_view pattern, std::size_t& at, char c) {
  switch (pattern[at++]) {
    case '?':
      return true;
    case '[':
      return bracket_matches(pattern, at, c);
    case '\\':
      // A trailing backslash is a literal backslash.
      if (at < pattern.size()) return pattern[at++] == c;
      return c == '\\';
    default:
      return pattern[at - 1] == c;
  }
}

}  // namespace

// Every token but '*' consumes exactly one byte, so remembering only the latest '*' is enough:
// the classic iterative backtracking, equivalent to Redis' recursion with skipLongerMatches.
bool glob_match(std::string_view pattern, std::string_view text) {
  if (text.empty()) return pattern.empty();
  std::size_t p = 0;
  std::size_t t = 0;
  std::size_t star_p = no_star;
  std::size_t star_t = 0;
  std::size_t nesting = 0;
  std::size_t star_nesting = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      while (p < pattern.size() && pattern[p] == '*') ++p;
      if (p == pattern.size()) return true;
      if (++nesting > max_star_nesting) return false;
      star_p = p;
      star_t = t;
      star_nesting = nesting;
      continue;
    }
    std::size_t next = p;
    if (p < pattern.size() && token_matches(pattern, next, text[t])) {
      p = next;
      ++t;
      continue;
    }
    if (star_p == no_star) return false;
    p = star_p;
    t = ++star_t;
    nesting = star_nesting;
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

std::string glob_escape(std::string_view literal) {
  std::string escaped;
  escaped.reserve(literal.size());
  for (char c : literal) {
    if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') escaped += '\\';
    escaped += c;
  }
  return escaped;
}

}  // namespace rediscache
