#include "topology/replica_checker.hpp"

#include <rediscache/error.hpp>

#include "log/log_impl.hpp"

#include <charconv>

namespace rediscache::detail {
namespace {

using std::chrono::duration_cast;
using std::chrono::microseconds;
using std::chrono::milliseconds;

std::optional<std::uint64_t> number(std::string_view text) {
  std::uint64_t value = 0;
  const auto parsed = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || parsed.ec != std::errc() || parsed.ptr != text.data() + text.size()) {
    return std::nullopt;
  }
  return value;
}

}  // namespace

std::string_view info_field(std::string_view info, std::string_view name) {
  std::size_t pos = 0;
  while (pos < info.size()) {
    std::size_t end = info.find('\n', pos);
    if (end == std::string_view::npos) end = info.size();
    std::string_view line = info.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.size() > name.size() && line.compare(0, name.size(), name) == 0 &&
        line[name.size()] == ':') {
      return line.substr(name.size() + 1);
    }
    pos = end + 1;
  }
  return {};
}

void replica_checker::check(const node_set& nodes) {
  // When the primary does not answer, replicas are judged by what it said last.
  if (nodes.primary) read_primary(*nodes.primary);
  for (const auto& replica : nodes.replicas) check_replica(*replica);
}

bool replica_checker::read_primary(data_node& primary) {
  try {
    reply answer = std::move(primary.check({command{"INFO", "replication"}}).at(0));
    answer.throw_if_error();
    const std::string info = answer.take_str();
    const auto offset = number(info_field(info, "master_repl_offset"));
    const std::string_view replid = info_field(info, "master_replid");
    if (info_field(info, "role") != "master" || !offset || replid.empty()) return false;
    if (replid != primary_replid_) offsets_.clear();  // a new history: offsets restart
    primary_replid_ = std::string(replid);
    const auto now = clock::now();
    offsets_.emplace_back(now, *offset);
    // Keep one round older than max_lag, which is what proves a lag within it.
    while (offsets_.size() > 2 && now - offsets_[1].first > options_.max_lag) offsets_.pop_front();
    return true;
  } catch (const error& e) {
    primary.drop_check_connection();
    log_debug("replica check: primary {} did not answer: {}", primary.address(), e.what());
    return false;
  }
}

std::optional<milliseconds> replica_checker::lag_of(std::uint64_t replica_offset) const {
  const auto now = clock::now();
  for (auto it = offsets_.rbegin(); it != offsets_.rend(); ++it) {
    if (it->second <= replica_offset) {
      // Everything the primary had when that round began, the replica has.
      return it == offsets_.rbegin() ? milliseconds(0)
                                     : duration_cast<milliseconds>(now - it->first);
    }
  }
  return std::nullopt;
}

void replica_checker::check_replica(data_node& replica) {
  std::vector<reply> replies;
  try {
    const auto start = clock::now();
    replies = replica.check({command{"ROLE"}, command{"INFO", "replication"}});
    replica.record_round_trip(duration_cast<microseconds>(clock::now() - start));
  } catch (const error& e) {
    replica.drop_check_connection();
    replica.mark_unusable(std::string("check failed: ") + e.what());
    return;
  }
  if (replies.size() != 2 || replies[0].is_error() || replies[1].is_error() ||
      !replies[0].is_array() || replies[0].elements().empty() || !replies[1].is_string()) {
    replica.mark_unusable("its ROLE or INFO reply was not understood");
    return;
  }
  const std::string& role = replies[0].elements()[0].str();
  const std::string& info = replies[1].str();
  if (role != "slave") {
    replica.mark_unusable("its role is " + role + ", not replica");
    return;
  }
  if (info_field(info, "master_link_status") != "up" ||
      info_field(info, "master_sync_in_progress") == "1") {
    replica.mark_unusable("its link to the primary is down");
    return;
  }
  if (primary_replid_.empty() || info_field(info, "master_replid") != primary_replid_) {
    replica.mark_unusable("it does not follow our primary (or the primary has not answered)");
    return;
  }
  const auto offset = number(info_field(info, "slave_repl_offset"));
  const auto lag = offset ? lag_of(*offset) : std::nullopt;
  if (!lag || *lag > options_.max_lag) {
    replica.mark_unusable(lag ? "it lags " + std::to_string(lag->count()) + " ms"
                              : "it lags more than max_lag");
    return;
  }
  replica.mark_usable(*lag);
}

}  // namespace rediscache::detail
