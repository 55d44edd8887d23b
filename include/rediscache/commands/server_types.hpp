#pragma once

#include <rediscache/export.hpp>
#include <rediscache/reply.hpp>
#include <rediscache/value_codec.hpp>

#include <chrono>
#include <map>
#include <string>
#include <string_view>

/// \file
/// The replies of server commands that are not plain values.
namespace rediscache {

/// INFO, by section (lower case: "server", "memory", "keyspace", ...) and field:
/// info["server"]["redis_version"]. Values stay text ("db0" is "keys=1,expires=0,avg_ttl=0").
using server_info = std::map<std::string, std::map<std::string, std::string>>;

/// INFO's text: "# Section" lines start a section, "field:value" lines fill it, anything else
/// (blank lines) is skipped.
REDISCACHE_API server_info parse_info(std::string_view text);

namespace detail {
REDISCACHE_API server_info info_reply(reply&& r, const value_codec& codec);
// TIME's [seconds, microseconds] as a point in time, to the microsecond.
REDISCACHE_API std::chrono::system_clock::time_point time_reply(reply&& r,
                                                                const value_codec& codec);
}  // namespace detail

}  // namespace rediscache
