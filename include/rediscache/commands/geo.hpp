#pragma once

#include <rediscache/commands/builder.hpp>
#include <rediscache/commands/geo_types.hpp>

#include <cmath>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

/// \file
/// Geo commands: members placed by longitude and latitude in a sorted set, searched by distance.
/// Members are bytes unless T asks for stored values through the client's codec.
namespace rediscache::cmd {

/// A member with its position, as GEOADD takes it.
struct geo_member {
  std::string member;  ///< the member's name
  double longitude = 0;  ///< degrees, -180 to 180
  double latitude = 0;  ///< degrees, about -85.05 to 85.05
};

/// GEOADD's condition on the member's existence (NX / XX).
enum class geoadd_condition {
  always,     ///< add or move
  if_absent,  ///< only add new members (NX)
  if_present  ///< only move existing members (XX)
};
/// What GEOADD's reply counts: members added, or added and moved (CH).
enum class geoadd_count {
  added,   ///< members added
  changed  ///< members added or moved (CH)
};

/// GEOADD's options; the defaults add or move every member.
struct geoadd_options {
  geoadd_condition condition = geoadd_condition::always;  ///< NX / XX
  geoadd_count count = geoadd_count::added;  ///< CH
};

/// The unit of a search's size and of the distances it returns.
enum class geo_unit {
  meters,      ///< m
  kilometers,  ///< km
  miles,       ///< mi
  feet         ///< ft
};

/// Where a search is centred: at a member's position (FROMMEMBER) or at a position (FROMLONLAT).
class geo_origin {
 public:
  /// Centred on the position of the member \p name.
  static geo_origin member(std::string name) { return geo_origin(std::move(name), {}); }
  /// Centred on a longitude and latitude, in degrees.
  static geo_origin position(double longitude, double latitude) {
    return geo_origin({}, geo_position{longitude, latitude});
  }
  /// Appends the FROMMEMBER or FROMLONLAT arguments.
  void append_to(command& cmd) const {
    if (position_) {
      cmd.arg("FROMLONLAT").arg(position_->longitude).arg(position_->latitude);
    } else {
      cmd.arg("FROMMEMBER").arg(member_);
    }
  }

 private:
  geo_origin(std::string member, std::optional<geo_position> position)
      : member_(std::move(member)), position_(position) {}
  std::string member_;
  std::optional<geo_position> position_;
};

/// What a search covers: a circle (BYRADIUS) or an axis-aligned box (BYBOX), in unit, which is
/// also the unit of the distances it returns.
class geo_area {
 public:
  /// A circle of \p radius (BYRADIUS); config_error for a negative, infinite or NaN size.
  static geo_area radius(double radius, geo_unit unit = geo_unit::meters) {
    return geo_area(shape::circle, checked(radius), 0, unit);
  }
  /// A box \p width by \p height (BYBOX); config_error for a negative, infinite or NaN size.
  static geo_area box(double width, double height, geo_unit unit = geo_unit::meters) {
    return geo_area(shape::box, checked(width), checked(height), unit);
  }
  /// Appends the BYRADIUS or BYBOX arguments.
  void append_to(command& cmd) const;

 private:
  enum class shape { circle, box };
  geo_area(shape s, double width, double height, geo_unit unit)
      : shape_(s), width_(width), height_(height), unit_(unit) {}
  static double checked(double size) {
    if (!(size >= 0) || std::isinf(size)) {
      throw config_error("a geo search needs a finite, non-negative size");
    }
    return size;
  }
  shape shape_;
  double width_;  ///< the radius of a circle
  double height_;
  geo_unit unit_;
};

/// The order of matches: as found (ANY-style, cheapest), or by distance from the origin.
enum class geo_sort {
  unsorted,       ///< as found
  nearest_first,  ///< nearest first (ASC)
  farthest_first  ///< farthest first (DESC)
};
/// With a count: the count nearest matches, or the first count found (ANY, much faster on large
/// areas, not the nearest).
enum class geo_count_mode {
  nearest,  ///< the count nearest matches
  any       ///< the first count found (ANY)
};

/// GEOSEARCH's order and count.
struct geosearch_options {
  geo_sort sort = geo_sort::unsorted;  ///< ASC / DESC, or as found
  std::optional<long long> count{};  ///< COUNT: at most this many matches; all when absent
  /// With a count: the nearest matches (the default) or ANY.
  geo_count_mode count_mode = geo_count_mode::nearest;
};

/// What geosearch_with returns besides each member (WITHCOORD, WITHDIST, WITHHASH); combine
/// with |.
enum class geo_detail : unsigned {
  position = 1,  ///< the position (WITHCOORD)
  distance = 2,  ///< the distance (WITHDIST)
  hash = 4       ///< the geohash score (WITHHASH)
};
/// Both details.
constexpr geo_detail operator|(geo_detail a, geo_detail b) {
  return static_cast<geo_detail>(static_cast<unsigned>(a) | static_cast<unsigned>(b));
}

namespace detail_geo {
constexpr bool includes(geo_detail set, geo_detail one) {
  return (static_cast<unsigned>(set) & static_cast<unsigned>(one)) != 0;
}

inline const char* unit_text(geo_unit unit) {
  switch (unit) {
    case geo_unit::meters:
      return "m";
    case geo_unit::kilometers:
      return "km";
    case geo_unit::miles:
      return "mi";
    case geo_unit::feet:
      return "ft";
  }
  return "m";
}

inline command search_command(std::string_view key, const geo_origin& origin, const geo_area& area,
                              const geosearch_options& o) {
  static const command_info& info = detail::info_of("geosearch");
  command cmd = detail::start(info, "GEOSEARCH");
  cmd.arg(key);
  origin.append_to(cmd);
  area.append_to(cmd);
  if (o.sort == geo_sort::nearest_first) cmd.arg("ASC");
  if (o.sort == geo_sort::farthest_first) cmd.arg("DESC");
  if (o.count) {
    if (*o.count <= 0) throw config_error("GEOSEARCH needs a count of at least 1");
    cmd.arg("COUNT").arg(*o.count);
    if (o.count_mode == geo_count_mode::any) cmd.arg("ANY");
  } else if (o.count_mode == geo_count_mode::any) {
    throw config_error("GEOSEARCH takes geo_count_mode::any only with a count");
  }
  return cmd;
}
}  // namespace detail_geo

inline void geo_area::append_to(command& cmd) const {
  if (shape_ == shape::circle) {
    cmd.arg("BYRADIUS").arg(width_);
  } else {
    cmd.arg("BYBOX").arg(width_).arg(height_);
  }
  cmd.arg(detail_geo::unit_text(unit_));
}

/// The number of members added (with geoadd_count::changed: added or moved). Coordinates
/// outside what Redis can index are a reply_error.
inline typed_command<long long> geoadd(std::string_view key, const std::vector<geo_member>& members,
                                       const geoadd_options& o = {}) {
  static const command_info& info = detail::info_of("geoadd");
  if (members.empty()) throw config_error("GEOADD needs at least one member");
  command cmd = detail::start(info, "GEOADD");
  cmd.arg(key);
  if (o.condition == geoadd_condition::if_absent) cmd.arg("NX");
  if (o.condition == geoadd_condition::if_present) cmd.arg("XX");
  if (o.count == geoadd_count::changed) cmd.arg("CH");
  for (const auto& m : members) cmd.arg(m.longitude).arg(m.latitude).arg(m.member);
  return typed_command<long long>(std::move(cmd));
}

/// Each member's position, nullopt for a member that is not there.
inline typed_command<std::vector<std::optional<geo_position>>> geopos(
    std::string_view key, const std::vector<std::string>& members) {
  static const command_info& info = detail::info_of("geopos");
  command cmd = detail::start(info, "GEOPOS");
  cmd.arg(key);
  return typed_command<std::vector<std::optional<geo_position>>>(
      std::move(detail::add_all(cmd, members)));
}

/// The distance between two members in unit; nullopt when either is not there.
inline typed_command<std::optional<double>> geodist(std::string_view key, std::string_view a,
                                                    std::string_view b,
                                                    geo_unit unit = geo_unit::meters) {
  static const command_info& info = detail::info_of("geodist");
  return typed_command<std::optional<double>>(
      detail::start(info, "GEODIST").arg(key).arg(a).arg(b).arg(detail_geo::unit_text(unit)));
}

/// The members within area around origin.
template <class T = std::string>
typed_command<std::vector<T>> geosearch(std::string_view key, const geo_origin& origin,
                                        const geo_area& area, const geosearch_options& o = {}) {
  return typed_command<std::vector<T>>(detail_geo::search_command(key, origin, area, o));
}

/// The same, with the details asked for (position, distance, hash) of each match.
template <class T = std::string>
typed_command<std::vector<geo_result<T>>> geosearch_with(std::string_view key,
                                                         const geo_origin& origin,
                                                         const geo_area& area, geo_detail details,
                                                         const geosearch_options& o = {}) {
  command cmd = detail_geo::search_command(key, origin, area, o);
  if (detail_geo::includes(details, geo_detail::position)) cmd.arg("WITHCOORD");
  if (detail_geo::includes(details, geo_detail::distance)) cmd.arg("WITHDIST");
  if (detail_geo::includes(details, geo_detail::hash)) cmd.arg("WITHHASH");
  return typed_command<std::vector<geo_result<T>>>(std::move(cmd));
}

}  // namespace rediscache::cmd
