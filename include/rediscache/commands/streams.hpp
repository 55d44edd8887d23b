#pragma once

#include <rediscache/commands/builder.hpp>
#include <rediscache/commands/stream_groups.hpp>
#include <rediscache/commands/stream_read.hpp>
#include <rediscache/commands/streams_types.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

/// \file
/// Stream commands: appending, trimming, ranges and XINFO here; reading (XREAD, XREADGROUP) in
/// stream_read.hpp; consumer groups in stream_groups.hpp. Field values are bytes unless T asks
/// for stored values through the client's codec.
namespace rediscache::cmd {

/// An entry's fields, in order.
using stream_fields = std::vector<std::pair<std::string, std::string>>;

/// Whether trimming may stop early at a whole radix-tree node (~, much cheaper) or is exact (=).
enum class trim_precision {
  exact,       ///< exactly (=)
  approximate  ///< at whole radix-tree nodes (~)
};

/// How XADD and XTRIM shorten a stream: to at most a length (MAXLEN) or to ids from a minimum on
/// (MINID).
class stream_trim {
 public:
  /// No trimming.
  static stream_trim none() { return stream_trim(nullptr, {}, trim_precision::exact); }
  /// MAXLEN: keep at most \p length entries; config_error when negative.
  static stream_trim max_length(long long length,
                                trim_precision precision = trim_precision::exact) {
    if (length < 0) throw config_error("a stream's maximum length cannot be negative");
    return stream_trim("MAXLEN", std::to_string(length), precision);
  }
  /// MINID: drop entries with ids below \p id; config_error when empty.
  static stream_trim min_id(std::string id, trim_precision precision = trim_precision::exact) {
    if (id.empty()) throw config_error("a stream's minimum id cannot be empty");
    return stream_trim("MINID", std::move(id), precision);
  }

  /// Whether this is none().
  bool empty() const noexcept { return strategy_ == nullptr; }
  /// Appends the MAXLEN or MINID arguments (nothing for none()).
  void append_to(command& cmd) const {
    if (empty()) return;
    cmd.arg(strategy_).arg(precision_ == trim_precision::exact ? "=" : "~").arg(threshold_);
  }

 private:
  stream_trim(const char* strategy, std::string threshold, trim_precision precision)
      : strategy_(strategy), threshold_(std::move(threshold)), precision_(precision) {}
  const char* strategy_;
  std::string threshold_;
  trim_precision precision_;
};

/// XADD's options.
struct xadd_options {
  /// "*" for an id the server picks; or an explicit "<ms>-<seq>" (or "<ms>-*"), which must be
  /// greater than the stream's last id.
  std::string id = "*";
  stream_trim trim = stream_trim::none();  ///< trim in the same call (MAXLEN / MINID)
};

namespace detail_streams {
inline command xadd_command(std::string_view key, const stream_fields& fields,
                            const xadd_options& o, bool only_existing) {
  static const command_info& info = detail::info_of("xadd");
  if (fields.empty()) throw config_error("XADD needs at least one field");
  if (o.id.empty()) throw config_error("XADD needs an id (\"*\" for one the server picks)");
  command cmd = detail::start(info, "XADD");
  cmd.arg(key);
  if (only_existing) cmd.arg("NOMKSTREAM");
  o.trim.append_to(cmd);
  cmd.arg(o.id);
  for (const auto& [field, value] : fields) cmd.arg(field).arg(value);
  return cmd;
}

inline command range_command(const command_info& info, std::string_view name, std::string_view key,
                             std::string_view from, std::string_view to,
                             std::optional<long long> count) {
  command cmd = detail::start(info, name);
  cmd.arg(key).arg(from).arg(to);
  if (count) cmd.arg("COUNT").arg(*count);
  return cmd;
}
}  // namespace detail_streams

/// The new entry's id. Creates the stream when it does not exist.
inline typed_command<std::string> xadd(std::string_view key, const stream_fields& fields,
                                       const xadd_options& o = {}) {
  return typed_command<std::string>(detail_streams::xadd_command(key, fields, o, false));
}

/// XADD ... NOMKSTREAM: the new entry's id, or nullopt (nothing added) when the stream does not
/// exist.
inline typed_command<std::optional<std::string>> xadd_existing(std::string_view key,
                                                               const stream_fields& fields,
                                                               const xadd_options& o = {}) {
  return typed_command<std::optional<std::string>>(
      detail_streams::xadd_command(key, fields, o, true));
}

/// The number of entries removed.
inline typed_command<long long> xtrim(std::string_view key, const stream_trim& trim) {
  static const command_info& info = detail::info_of("xtrim");
  if (trim.empty()) throw config_error("XTRIM needs a max_length or min_id");
  command cmd = detail::start(info, "XTRIM");
  cmd.arg(key);
  trim.append_to(cmd);
  return typed_command<long long>(std::move(cmd));
}

/// The number of entries deleted.
inline typed_command<long long> xdel(std::string_view key, const std::vector<std::string>& ids) {
  static const command_info& info = detail::info_of("xdel");
  if (ids.empty()) throw config_error("XDEL needs at least one id");
  command cmd = detail::start(info, "XDEL");
  cmd.arg(key);
  return typed_command<long long>(std::move(detail::add_all(cmd, ids)));
}

/// The number of entries; 0 for a missing key.
inline typed_command<long long> xlen(std::string_view key) {
  static const command_info& info = detail::info_of("xlen");
  return typed_command<long long>(detail::start(info, "XLEN").arg(key));
}

/// Entries with ids from start to end, oldest first: "-" and "+" for the ends, "(" before an id
/// to exclude it; at most count when given.
template <class T = std::string>
typed_command<std::vector<stream_entry<T>>> xrange(std::string_view key,
                                                   std::string_view start = "-",
                                                   std::string_view end = "+",
                                                   std::optional<long long> count = std::nullopt) {
  static const command_info& info = detail::info_of("xrange");
  return typed_command<std::vector<stream_entry<T>>>(
      detail_streams::range_command(info, "XRANGE", key, start, end, count));
}

/// Newest first, from end down to start (Redis' own argument order).
template <class T = std::string>
typed_command<std::vector<stream_entry<T>>> xrevrange(
    std::string_view key, std::string_view end = "+", std::string_view start = "-",
    std::optional<long long> count = std::nullopt) {
  static const command_info& info = detail::info_of("xrevrange");
  return typed_command<std::vector<stream_entry<T>>>(
      detail_streams::range_command(info, "XREVRANGE", key, end, start, count));
}

/// XINFO STREAM: the stream's length, groups, first and last entries, ...
inline typed_command<stream_info> xinfo_stream(std::string_view key) {
  static const command_info& info = detail::info_of("xinfo", "stream");
  return typed_command<stream_info>(detail::start(info, "XINFO").arg("STREAM").arg(key));
}

}  // namespace rediscache::cmd
