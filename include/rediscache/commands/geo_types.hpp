#pragma once

#include <rediscache/error.hpp>
#include <rediscache/reply_as.hpp>

#include <optional>
#include <string>
#include <utility>

/// \file
/// The replies of geo commands.
namespace rediscache {

/// A position in degrees.
struct geo_position {
  double longitude = 0;  ///< -180 to 180
  double latitude = 0;  ///< about -85.05 to 85.05
};

/// A GEOSEARCH match with what was asked for: the distance (in the search's unit), the 52-bit
/// geohash score, the position.
template <class T = std::string>
struct geo_result {
  T member;  ///< the member
  std::optional<double> distance{};  ///< from the search's origin, in its unit (WITHDIST)
  std::optional<long long> hash{};  ///< the 52-bit geohash score (WITHHASH)
  std::optional<geo_position> position{};  ///< the member's position (WITHCOORD)
};

template <class T>
struct is_reply_structure<geo_result<T>> : std::true_type {};

/// [longitude, latitude].
template <>
struct from_reply<geo_position> {
  /// Reads r as a position.
  static geo_position convert(reply&& r, const value_codec&) {
    auto& e = r.elements();
    if (e.size() != 2) throw protocol_error("a geo position is not a [longitude, latitude] array");
    return geo_position{detail::double_of(e[0]), detail::double_of(e[1])};
  }
};

/// [member, distance?, hash?, [longitude, latitude]?]: Redis sends what was asked for in that
/// order; their kinds (bulk string, integer, array) tell them apart. A bare member is accepted too.
template <class T>
struct from_reply<geo_result<T>> {
  /// Reads r as a match.
  static geo_result<T> convert(reply&& r, const value_codec& codec) {
    geo_result<T> out{};
    if (!r.is_array()) {
      out.member = reply_as<T>(std::move(r), codec);
      return out;
    }
    auto& e = r.elements();
    if (e.empty() || e.size() > 4) throw protocol_error("a GEOSEARCH match is malformed");
    out.member = reply_as<T>(std::move(e[0]), codec);
    for (std::size_t i = 1; i < e.size(); ++i) {
      if (e[i].is_array()) {
        out.position = reply_as<geo_position>(std::move(e[i]), codec);
      } else if (e[i].is_integer()) {
        out.hash = e[i].integer();
      } else {
        out.distance = detail::double_of(e[i]);
      }
    }
    return out;
  }
};

}  // namespace rediscache
