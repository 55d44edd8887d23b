#pragma once

#include <rediscache/error.hpp>
#include <rediscache/reply_as.hpp>

#include <optional>
#include <string>
#include <utility>
#include <vector>

/// \file
/// The replies of sorted-set commands.
namespace rediscache {

/// A member with its score (ZRANGE ... WITHSCORES, ZPOPMIN, ZSCAN). The member is bytes unless
/// T asks for a stored value through the codec.
template <class T = std::string>
struct scored_member {
  T member;  ///< the member
  double score = 0;  ///< its score

  ///@{
  /// Equal when members and scores are equal.
  friend bool operator==(const scored_member& a, const scored_member& b) {
    return a.member == b.member && a.score == b.score;
  }
  friend bool operator!=(const scored_member& a, const scored_member& b) { return !(a == b); }
  ///@}
};

/// One page of ZSCAN: the cursor to continue from ("0" when the scan is complete) and its members.
template <class T = std::string>
struct zscan_page {
  std::string cursor;  ///< where the next page starts; "0" when the scan is complete
  std::vector<scored_member<T>> members;  ///< the page's members with their scores

  /// Whether this is the scan's last page.
  bool done() const noexcept { return cursor == "0"; }
};

template <class T>
struct is_reply_structure<scored_member<T>> : std::true_type {};
template <class T>
struct is_reply_structure<zscan_page<T>> : std::true_type {};

namespace detail {
template <class T>
scored_member<T> scored_member_of(reply&& member, reply&& score, const value_codec& codec) {
  return scored_member<T>{reply_as<T>(std::move(member), codec), double_of(score)};
}
}  // namespace detail

/// A [member, score] array.
template <class T>
struct from_reply<scored_member<T>> {
  /// Reads r as a member and its score.
  static scored_member<T> convert(reply&& r, const value_codec& codec) {
    auto& e = r.elements();
    if (e.size() != 2) throw protocol_error("a scored member is not a [member, score] array");
    return detail::scored_member_of<T>(std::move(e[0]), std::move(e[1]), codec);
  }
};

/// RESP2's flat [m1, s1, m2, s2, ...], or an array of [member, score] arrays (RESP3's shape).
template <class T, class A>
struct from_reply<std::vector<scored_member<T>, A>> {
  /// Reads r as members with their scores.
  static std::vector<scored_member<T>, A> convert(reply&& r, const value_codec& codec) {
    auto& e = r.elements();
    std::vector<scored_member<T>, A> out;
    if (!e.empty() && e.front().is_array()) {
      out.reserve(e.size());
      for (auto& item : e) out.push_back(reply_as<scored_member<T>>(std::move(item), codec));
      return out;
    }
    if (e.size() % 2 != 0) throw protocol_error("a member/score array has an odd length");
    out.reserve(e.size() / 2);
    for (std::size_t i = 0; i < e.size(); i += 2) {
      out.push_back(detail::scored_member_of<T>(std::move(e[i]), std::move(e[i + 1]), codec));
    }
    return out;
  }
};

/// ZPOPMIN/ZPOPMAX without a count: [member, score], or an empty array (or nil) for no member.
template <class T>
struct from_reply<std::optional<scored_member<T>>> {
  /// Reads r as one member with its score, or nullopt.
  static std::optional<scored_member<T>> convert(reply&& r, const value_codec& codec) {
    if (r.is_nil()) return std::nullopt;
    auto members = reply_as<std::vector<scored_member<T>>>(std::move(r), codec);
    if (members.empty()) return std::nullopt;
    if (members.size() != 1) throw protocol_error("expected at most one scored member");
    return std::move(members.front());
  }
};

/// [cursor, [m1, s1, ...]].
template <class T>
struct from_reply<zscan_page<T>> {
  /// Reads r as a ZSCAN page.
  static zscan_page<T> convert(reply&& r, const value_codec& codec) {
    auto& e = r.elements();
    if (e.size() != 2) throw protocol_error("a scan page is not a [cursor, items] array");
    return zscan_page<T>{detail::text_of(std::move(e[0])),
                         reply_as<std::vector<scored_member<T>>>(std::move(e[1]), codec)};
  }
};

}  // namespace rediscache
