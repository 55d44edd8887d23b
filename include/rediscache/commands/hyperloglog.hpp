#pragma once

#include <rediscache/commands/builder.hpp>

#include <string>
#include <string_view>
#include <vector>

/// \file
/// HyperLogLog: approximate counts of distinct elements (about 0.81 % standard error) in at most
/// 12 KB per key.
namespace rediscache::cmd {

/// True when the estimate changed. With no elements, creates an empty HyperLogLog if needed.
inline typed_command<bool> pfadd(std::string_view key, const std::vector<std::string>& elements) {
  static const command_info& info = detail::info_of("pfadd");
  command cmd = detail::start(info, "PFADD");
  cmd.arg(key);
  return typed_command<bool>(std::move(detail::add_all(cmd, elements)));
}

/// The estimated number of distinct elements in the union of the keys.
inline typed_command<long long> pfcount(const std::vector<std::string>& keys) {
  static const command_info& info = detail::info_of("pfcount");
  if (keys.empty()) throw config_error("PFCOUNT needs at least one key");
  command cmd = detail::start(info, "PFCOUNT");
  return typed_command<long long>(std::move(detail::add_all(cmd, keys)));
}

/// Stores the union of destination and the sources in destination.
inline typed_command<bool> pfmerge(std::string_view destination,
                                   const std::vector<std::string>& sources) {
  static const command_info& info = detail::info_of("pfmerge");
  command cmd = detail::start(info, "PFMERGE");
  cmd.arg(destination);
  return typed_command<bool>(std::move(detail::add_all(cmd, sources)));
}

}  // namespace rediscache::cmd
