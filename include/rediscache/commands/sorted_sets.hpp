#pragma once

#include <rediscache/commands/builder.hpp>
#include <rediscache/commands/score_bounds.hpp>
#include <rediscache/commands/sorted_sets_types.hpp>
#include <rediscache/commands/zscan.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

/// \file
/// Sorted-set commands. Members are bytes (std::string); ask for another T to read them through
/// the client's codec, and write one with client::encode.
namespace rediscache::cmd {

/// ZADD's condition on the member's existence (NX / XX).
enum class zadd_condition {
  always,     ///< add or update
  if_absent,  ///< only add new members (NX)
  if_present  ///< only update existing members (XX)
};
/// ZADD's condition on the score (GT / LT): an existing member's score only moves up / down.
/// New members are added either way (unless zadd_condition says otherwise).
enum class zadd_compare {
  always,   ///< any new score
  greater,  ///< only a higher score (GT)
  less      ///< only a lower score (LT)
};
/// What ZADD's reply counts: members added, or added and updated (CH).
enum class zadd_count {
  added,   ///< members added
  changed  ///< members added or updated (CH)
};

/// ZADD's options; the defaults add or update every member.
struct zadd_options {
  zadd_condition condition = zadd_condition::always;  ///< NX / XX
  zadd_compare compare = zadd_compare::always;  ///< GT / LT
  zadd_count count = zadd_count::added;  ///< CH
};

/// Rank or score order: ascending is lowest first; descending is REV.
enum class zrange_order {
  ascending,  ///< lowest score first
  descending  ///< highest score first (REV)
};

/// ZRANGE's LIMIT for score and lexicographic ranges: skip offset, then at most count (all with
/// a negative count).
struct zrange_limit {
  long long offset = 0;  ///< members skipped
  long long count = -1;  ///< at most this many; all when negative
};

/// ZRANGE's options for score and lexicographic ranges.
struct zrange_options {
  zrange_order order = zrange_order::ascending;  ///< descending: highest first (REV)
  std::optional<zrange_limit> limit{};  ///< LIMIT offset count
};

/// How ZUNIONSTORE/ZINTERSTORE combine the scores of a member found in several sets.
enum class zaggregate {
  sum,  ///< their sum (SUM)
  min,  ///< the lowest (MIN)
  max   ///< the highest (MAX)
};

/// ZUNIONSTORE / ZINTERSTORE options.
struct zstore_options {
  std::vector<double> weights{};  ///< one per source key, or empty for all 1
  /// How the scores of a member found in several sets combine.
  zaggregate aggregate = zaggregate::sum;
};

namespace detail_zsets {

inline command zadd_command(std::string_view key, const zadd_options& o) {
  static const command_info& info = detail::info_of("zadd");
  if (o.condition == zadd_condition::if_absent && o.compare != zadd_compare::always) {
    throw config_error("ZADD cannot combine if_absent (NX) with greater/less (GT/LT)");
  }
  command cmd = detail::start(info, "ZADD");
  cmd.arg(key);
  if (o.condition == zadd_condition::if_absent) cmd.arg("NX");
  if (o.condition == zadd_condition::if_present) cmd.arg("XX");
  if (o.compare == zadd_compare::greater) cmd.arg("GT");
  if (o.compare == zadd_compare::less) cmd.arg("LT");
  if (o.count == zadd_count::changed) cmd.arg("CH");
  return cmd;
}

// ZRANGE in any of its forms. by: nullptr (ranks, never with a limit), "BYSCORE" or "BYLEX";
// min and max are sent in the order REV wants.
inline command zrange_command(std::string_view key, std::string_view min, std::string_view max,
                              const char* by, const zrange_options& o) {
  static const command_info& info = detail::info_of("zrange");
  const bool reverse = o.order == zrange_order::descending;
  command cmd = detail::start(info, "ZRANGE");
  cmd.arg(key);
  if (reverse && by != nullptr) {
    cmd.arg(max).arg(min);
  } else {
    cmd.arg(min).arg(max);
  }
  if (by != nullptr) cmd.arg(by);
  if (reverse) cmd.arg("REV");
  if (o.limit) cmd.arg("LIMIT").arg(o.limit->offset).arg(o.limit->count);
  return cmd;
}

inline command rank_range(std::string_view key, long long start, long long stop,
                          zrange_order order) {
  return zrange_command(key, std::to_string(start), std::to_string(stop), nullptr,
                        zrange_options{order, std::nullopt});
}

inline command store_command(const command_info& info, const char* name,
                             std::string_view destination, const std::vector<std::string>& keys,
                             const zstore_options& o) {
  if (keys.empty()) throw config_error(std::string(name) + " needs at least one source key");
  if (!o.weights.empty() && o.weights.size() != keys.size()) {
    throw config_error(std::string(name) +
                       " needs one weight per source key: " + std::to_string(keys.size()) +
                       " keys, " + std::to_string(o.weights.size()) + " weights");
  }
  command cmd = detail::start(info, name);
  cmd.arg(destination).arg(keys.size());
  detail::add_all(cmd, keys);
  if (!o.weights.empty()) {
    cmd.arg("WEIGHTS");
    for (double w : o.weights) cmd.arg(w);
  }
  if (o.aggregate == zaggregate::min) cmd.arg("AGGREGATE").arg("MIN");
  if (o.aggregate == zaggregate::max) cmd.arg("AGGREGATE").arg("MAX");
  return cmd;
}

}  // namespace detail_zsets

/// The number of members added (with zadd_count::changed: added or updated).
inline typed_command<long long> zadd(std::string_view key,
                                     const std::vector<scored_member<>>& members,
                                     const zadd_options& o = {}) {
  if (members.empty()) throw config_error("ZADD needs at least one member");
  command cmd = detail_zsets::zadd_command(key, o);
  for (const auto& m : members) cmd.arg(m.score).arg(m.member);
  return typed_command<long long>(std::move(cmd));
}

/// ZADD ... INCR: the member's new score, or nullopt when the options prevented the change.
inline typed_command<std::optional<double>> zadd_incr(std::string_view key, std::string_view member,
                                                      double by, const zadd_options& o = {}) {
  command cmd = detail_zsets::zadd_command(key, o);
  cmd.arg("INCR").arg(by).arg(member);
  cmd.mark(idempotency::unsafe);  // a repeat adds again
  return typed_command<std::optional<double>>(std::move(cmd));
}

/// The member's new score.
inline typed_command<double> zincrby(std::string_view key, double by, std::string_view member) {
  static const command_info& info = detail::info_of("zincrby");
  return typed_command<double>(detail::start(info, "ZINCRBY").arg(key).arg(by).arg(member));
}

/// The member's score; nullopt when it is not there.
inline typed_command<std::optional<double>> zscore(std::string_view key, std::string_view member) {
  static const command_info& info = detail::info_of("zscore");
  return typed_command<std::optional<double>>(detail::start(info, "ZSCORE").arg(key).arg(member));
}

/// One score per member asked for, nullopt where there is no such member.
inline typed_command<std::vector<std::optional<double>>> zmscore(
    std::string_view key, const std::vector<std::string>& members) {
  static const command_info& info = detail::info_of("zmscore");
  if (members.empty()) throw config_error("ZMSCORE needs at least one member");
  command cmd = detail::start(info, "ZMSCORE");
  cmd.arg(key);
  return typed_command<std::vector<std::optional<double>>>(
      std::move(detail::add_all(cmd, members)));
}

/// The member's rank from the lowest score (0 first); nullopt when it is not there.
inline typed_command<std::optional<long long>> zrank(std::string_view key,
                                                     std::string_view member) {
  static const command_info& info = detail::info_of("zrank");
  return typed_command<std::optional<long long>>(detail::start(info, "ZRANK").arg(key).arg(member));
}

/// The member's rank from the highest score (0 first); nullopt when it is not there.
inline typed_command<std::optional<long long>> zrevrank(std::string_view key,
                                                        std::string_view member) {
  static const command_info& info = detail::info_of("zrevrank");
  return typed_command<std::optional<long long>>(
      detail::start(info, "ZREVRANK").arg(key).arg(member));
}

/// The number of members; 0 for a missing key.
inline typed_command<long long> zcard(std::string_view key) {
  static const command_info& info = detail::info_of("zcard");
  return typed_command<long long>(detail::start(info, "ZCARD").arg(key));
}

/// Members by rank, start..stop inclusive (negative ranks count from the end); descending ranks
/// count from the highest score.
template <class T = std::string>
typed_command<std::vector<T>> zrange(std::string_view key, long long start, long long stop,
                                     zrange_order order = zrange_order::ascending) {
  return typed_command<std::vector<T>>(detail_zsets::rank_range(key, start, stop, order));
}

/// Members with scores in the range (BYSCORE), optionally highest first and limited.
template <class T = std::string>
typed_command<std::vector<T>> zrange(std::string_view key, const score_range& r,
                                     const zrange_options& o = {}) {
  return typed_command<std::vector<T>>(
      detail_zsets::zrange_command(key, r.min.text(), r.max.text(), "BYSCORE", o));
}

/// Members in the lexicographic range (BYLEX; meaningful when all scores are equal).
template <class T = std::string>
typed_command<std::vector<T>> zrange(std::string_view key, const lex_range& r,
                                     const zrange_options& o = {}) {
  return typed_command<std::vector<T>>(
      detail_zsets::zrange_command(key, r.min.text(), r.max.text(), "BYLEX", o));
}

/// ZRANGE ... WITHSCORES by rank.
template <class T = std::string>
typed_command<std::vector<scored_member<T>>> zrange_with_scores(
    std::string_view key, long long start, long long stop,
    zrange_order order = zrange_order::ascending) {
  command cmd = detail_zsets::rank_range(key, start, stop, order);
  cmd.arg("WITHSCORES");
  return typed_command<std::vector<scored_member<T>>>(std::move(cmd));
}

/// ZRANGE ... BYSCORE ... WITHSCORES.
template <class T = std::string>
typed_command<std::vector<scored_member<T>>> zrange_with_scores(std::string_view key,
                                                                const score_range& r,
                                                                const zrange_options& o = {}) {
  command cmd = detail_zsets::zrange_command(key, r.min.text(), r.max.text(), "BYSCORE", o);
  cmd.arg("WITHSCORES");
  return typed_command<std::vector<scored_member<T>>>(std::move(cmd));
}

/// The number of members with scores in the range.
inline typed_command<long long> zcount(std::string_view key, const score_range& r) {
  static const command_info& info = detail::info_of("zcount");
  return typed_command<long long>(
      detail::start(info, "ZCOUNT").arg(key).arg(r.min.text()).arg(r.max.text()));
}

/// The number of members in the lexicographic range.
inline typed_command<long long> zlexcount(std::string_view key, const lex_range& r) {
  static const command_info& info = detail::info_of("zlexcount");
  return typed_command<long long>(
      detail::start(info, "ZLEXCOUNT").arg(key).arg(r.min.text()).arg(r.max.text()));
}

/// The number of members removed.
inline typed_command<long long> zrem(std::string_view key,
                                     const std::vector<std::string>& members) {
  static const command_info& info = detail::info_of("zrem");
  if (members.empty()) throw config_error("ZREM needs at least one member");
  command cmd = detail::start(info, "ZREM");
  cmd.arg(key);
  return typed_command<long long>(std::move(detail::add_all(cmd, members)));
}

/// Removes the members with scores in the range; returns how many.
inline typed_command<long long> zremrangebyscore(std::string_view key, const score_range& r) {
  static const command_info& info = detail::info_of("zremrangebyscore");
  return typed_command<long long>(
      detail::start(info, "ZREMRANGEBYSCORE").arg(key).arg(r.min.text()).arg(r.max.text()));
}

/// Removes the members ranked start..stop inclusive (negative ranks count from the end); returns
/// how many.
inline typed_command<long long> zremrangebyrank(std::string_view key, long long start,
                                                long long stop) {
  static const command_info& info = detail::info_of("zremrangebyrank");
  return typed_command<long long>(
      detail::start(info, "ZREMRANGEBYRANK").arg(key).arg(start).arg(stop));
}

/// Removes the members in the lexicographic range; returns how many.
inline typed_command<long long> zremrangebylex(std::string_view key, const lex_range& r) {
  static const command_info& info = detail::info_of("zremrangebylex");
  return typed_command<long long>(
      detail::start(info, "ZREMRANGEBYLEX").arg(key).arg(r.min.text()).arg(r.max.text()));
}

/// The member with the lowest score, removed; nullopt for an empty or missing set.
template <class T = std::string>
typed_command<std::optional<scored_member<T>>> zpopmin(std::string_view key) {
  static const command_info& info = detail::info_of("zpopmin");
  return typed_command<std::optional<scored_member<T>>>(detail::start(info, "ZPOPMIN").arg(key));
}

/// Up to count members with the lowest scores, lowest first, removed.
template <class T = std::string>
typed_command<std::vector<scored_member<T>>> zpopmin(std::string_view key, long long count) {
  static const command_info& info = detail::info_of("zpopmin");
  return typed_command<std::vector<scored_member<T>>>(
      detail::start(info, "ZPOPMIN").arg(key).arg(count));
}

/// The member with the highest score, removed; nullopt for an empty or missing set.
template <class T = std::string>
typed_command<std::optional<scored_member<T>>> zpopmax(std::string_view key) {
  static const command_info& info = detail::info_of("zpopmax");
  return typed_command<std::optional<scored_member<T>>>(detail::start(info, "ZPOPMAX").arg(key));
}

/// Up to count members with the highest scores, highest first, removed.
template <class T = std::string>
typed_command<std::vector<scored_member<T>>> zpopmax(std::string_view key, long long count) {
  static const command_info& info = detail::info_of("zpopmax");
  return typed_command<std::vector<scored_member<T>>>(
      detail::start(info, "ZPOPMAX").arg(key).arg(count));
}

/// A random member; nullopt for an empty or missing set.
template <class T = std::string>
typed_command<std::optional<T>> zrandmember(std::string_view key) {
  static const command_info& info = detail::info_of("zrandmember");
  return typed_command<std::optional<T>>(detail::start(info, "ZRANDMEMBER").arg(key));
}

/// Random members, as Redis' count reads: a positive count gives up to count distinct members, a
/// negative one exactly -count members that may repeat.
template <class T = std::string>
typed_command<std::vector<T>> zrandmember(std::string_view key, long long count) {
  static const command_info& info = detail::info_of("zrandmember");
  return typed_command<std::vector<T>>(detail::start(info, "ZRANDMEMBER").arg(key).arg(count));
}

/// As zrandmember(key, count), each member with its score.
template <class T = std::string>
typed_command<std::vector<scored_member<T>>> zrandmember_with_scores(std::string_view key,
                                                                     long long count) {
  static const command_info& info = detail::info_of("zrandmember");
  return typed_command<std::vector<scored_member<T>>>(
      detail::start(info, "ZRANDMEMBER").arg(key).arg(count).arg("WITHSCORES"));
}

/// The size of the stored union.
inline typed_command<long long> zunionstore(std::string_view destination,
                                            const std::vector<std::string>& keys,
                                            const zstore_options& o = {}) {
  static const command_info& info = detail::info_of("zunionstore");
  return typed_command<long long>(
      detail_zsets::store_command(info, "ZUNIONSTORE", destination, keys, o));
}

/// The size of the stored intersection.
inline typed_command<long long> zinterstore(std::string_view destination,
                                            const std::vector<std::string>& keys,
                                            const zstore_options& o = {}) {
  static const command_info& info = detail::info_of("zinterstore");
  return typed_command<long long>(
      detail_zsets::store_command(info, "ZINTERSTORE", destination, keys, o));
}

}  // namespace rediscache::cmd
