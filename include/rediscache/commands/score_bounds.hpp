#pragma once

#include <rediscache/error.hpp>

#include <charconv>
#include <cmath>
#include <string>
#include <string_view>
#include <utility>

/// \file
/// The ends of a sorted set's score and lexicographic ranges (ZRANGE, ZCOUNT, ZLEXCOUNT, ...).
namespace rediscache::cmd {

/// One end of a score range: inclusive (a plain double converts to one), exclusive, or infinite.
class score_bound {
 public:
  /// Implicit, so that zcount(key, {1, 5}) reads as Redis' own ZCOUNT key 1 5.
  score_bound(double value) : score_bound(inclusive(value)) {}
  /// The score itself is in the range.
  static score_bound inclusive(double value) { return score_bound(text_of(value)); }
  /// The score itself is not in the range ("(" before it).
  static score_bound exclusive(double value) { return score_bound("(" + text_of(value)); }
  /// -inf: below every score.
  static score_bound minus_infinity() { return score_bound(std::string("-inf")); }
  /// +inf: above every score.
  static score_bound plus_infinity() { return score_bound(std::string("+inf")); }

  /// As Redis reads it: "2.5", "(2.5", "-inf", "+inf".
  const std::string& text() const noexcept { return text_; }

 private:
  explicit score_bound(std::string text) : text_(std::move(text)) {}
  static std::string text_of(double value) {
    if (std::isnan(value)) throw config_error("a score bound cannot be NaN");
    if (std::isinf(value)) return value > 0 ? "+inf" : "-inf";
    char digits[32];
    auto result = std::to_chars(digits, digits + sizeof digits, value);
    return std::string(digits, result.ptr);
  }
  std::string text_;
};

/// One end of a lexicographic range (members that all have the same score): inclusive, exclusive,
/// or the infinite "-" / "+".
class lex_bound {
 public:
  /// The member itself is in the range ("[" before it).
  static lex_bound inclusive(std::string_view member) { return lex_bound('[', member); }
  /// The member itself is not in the range ("(" before it).
  static lex_bound exclusive(std::string_view member) { return lex_bound('(', member); }
  /// "-": before every member.
  static lex_bound minus_infinity() { return lex_bound(std::string("-")); }
  /// "+": after every member.
  static lex_bound plus_infinity() { return lex_bound(std::string("+")); }

  /// As Redis reads it: "[a", "(a", "-", "+".
  const std::string& text() const noexcept { return text_; }

 private:
  lex_bound(char kind, std::string_view member) : text_(1, kind) { text_.append(member); }
  explicit lex_bound(std::string text) : text_(std::move(text)) {}
  std::string text_;
};

/// Scores from min to max, always in that order: ZRANGE ... REV still takes {min, max}.
struct score_range {
  score_bound min = score_bound::minus_infinity();  ///< the lowest score in the range
  score_bound max = score_bound::plus_infinity();  ///< the highest score in the range
};

/// Members from min to max, always in that order: ZRANGE ... REV still takes {min, max}.
struct lex_range {
  lex_bound min = lex_bound::minus_infinity();  ///< the first member in the range
  lex_bound max = lex_bound::plus_infinity();  ///< the last member in the range
};

}  // namespace rediscache::cmd
