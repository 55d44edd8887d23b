#include <rediscache/error.hpp>
#include <rediscache/multiplexed_executor.hpp>
#include <rediscache/pooled_executor.hpp>
#include <rediscache/sharded_executor.hpp>

#include "config/validate.hpp"
#include "quote.hpp"
#include "topology/hash_ring.hpp"
#include "topology/node_cursor.hpp"
#include "topology/split.hpp"

#include <algorithm>
#include <set>

namespace rediscache {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// What a keyless command means on several independent servers.
enum class fan_out { none, every_first, every_sum, every_join };

fan_out keyless_kind(const command& cmd) {
  const std::string name = lower(cmd.name());
  if (name == "flushdb" || name == "flushall") return fan_out::every_first;
  if (name == "script") {
    const std::string sub = lower(cmd.argument(1));
    if (sub == "load" || sub == "flush") return fan_out::every_first;
  }
  if (name == "dbsize") return fan_out::every_sum;
  if (name == "keys") return fan_out::every_join;
  return fan_out::none;
}

// One command's way over the shards.
struct plan {
  enum class kind { one, split, every, scan } how = kind::one;
  std::size_t shard = 0;
  fan_out merge = fan_out::none;
  detail::split_command parts;
  command cmd;  // what goes to the shard (one, every, scan)
};

reply merge_every(fan_out how, std::vector<reply> replies) {
  for (auto& r : replies) {
    if (r.is_error()) return std::move(r);
  }
  if (how == fan_out::every_sum) {
    long long total = 0;
    for (const auto& r : replies) total += r.integer();
    return reply::make_integer(total);
  }
  if (how == fan_out::every_join) {
    std::vector<reply> all;
    for (auto& r : replies) {
      for (auto& key : r.elements()) all.push_back(std::move(key));
    }
    return reply::make_array(std::move(all));
  }
  return std::move(replies.front());
}

}  // namespace

struct sharded_executor::state {
  std::vector<std::string> names;
  std::vector<std::unique_ptr<executor>> shards;
  connection_options first;  // where subscribers connect
  detail::hash_ring ring;

  explicit state(const std::vector<shard>& given)
      : names(names_of(given)), first(given.front().options.connection), ring(names) {
    for (const auto& s : given) {
      if (s.options.executor == executor_kind::multiplexed) {
        shards.push_back(std::make_unique<multiplexed_executor>(s.options));
      } else {
        shards.push_back(std::make_unique<pooled_executor>(s.options));
      }
    }
  }
  static std::vector<std::string> names_of(const std::vector<shard>& given) {
    std::vector<std::string> out;
    for (const auto& s : given) out.push_back(s.name);
    return out;
  }

  std::vector<std::string> getkeys(const command& cmd);
  plan make_plan(const command& cmd);
  [[noreturn]] void cross_shard(const command& cmd, std::string_view a, std::size_t shard_a,
                                std::string_view b, std::size_t shard_b) const;
  reply finish(const plan& p, std::vector<reply> replies) const;
};

// COMMAND GETKEYS, for commands the table does not know (or knows only partly); no keys when the
// server finds none or does not know the command either.
std::vector<std::string> sharded_executor::state::getkeys(const command& cmd) {
  command ask{"COMMAND", "GETKEYS"};
  for (std::size_t i = 0; i < cmd.size(); ++i) ask.arg(cmd.argument(i));
  reply r = shards.front()->run_batch({ask}).front();
  std::vector<std::string> keys;
  if (!r.is_array()) return keys;
  for (auto& key : r.elements()) keys.push_back(key.take_str());
  return keys;
}

void sharded_executor::state::cross_shard(const command& cmd, std::string_view a,
                                          std::size_t shard_a, std::string_view b,
                                          std::size_t shard_b) const {
  throw cross_shard_error(
      std::string(cmd.name()) + " names keys on different shards (" +
      detail::quote_for_message(a) + " on shard " + std::to_string(shard_a) + ", " +
      detail::quote_for_message(b) + " on shard " + std::to_string(shard_b) +
      "); keys that must be served together need the same hash tag, the text in their last {...}");
}

plan sharded_executor::state::make_plan(const command& cmd) {
  plan p;
  if (detail::cursor_argument(cmd) == 1) {  // SCAN: every shard in turn
    const detail::node_scan where = detail::decode_node_cursor(cmd.argument(1));
    if (where.node >= shards.size()) throw reply_error("ERR invalid cursor");
    p.how = plan::kind::scan;
    p.shard = where.node;
    p.cmd = detail::with_argument(cmd, 1, std::to_string(where.cursor));
    return p;
  }
  const command_info* info = cmd.info();
  std::vector<std::string> asked;
  std::vector<std::string_view> keys;
  if (info == nullptr || info->has(command_info::keys_incomplete)) {
    asked = getkeys(cmd);
    keys.assign(asked.begin(), asked.end());
  } else {
    keys = cmd.keys();
  }
  p.cmd = cmd;
  if (keys.empty()) {
    p.merge = keyless_kind(cmd);
    p.how = p.merge == fan_out::none ? plan::kind::one : plan::kind::every;
    return p;
  }
  p.shard = ring.node_of(keys.front());
  for (std::size_t i = 1; i < keys.size(); ++i) {
    const std::size_t other = ring.node_of(keys[i]);
    if (other == p.shard) continue;
    auto split = detail::split_by_node(cmd, [&](std::string_view k) { return ring.node_of(k); });
    if (!split) cross_shard(cmd, keys.front(), p.shard, keys[i], other);
    p.how = plan::kind::split;
    p.parts = std::move(*split);
    return p;
  }
  return p;
}

// The caller's reply from the replies of the plan's parts (in the order they were sent).
reply sharded_executor::state::finish(const plan& p, std::vector<reply> replies) const {
  switch (p.how) {
    case plan::kind::one:
      return std::move(replies.front());
    case plan::kind::split:
      return detail::merge_replies(p.parts, std::move(replies));
    case plan::kind::every:
      return merge_every(p.merge, std::move(replies));
    case plan::kind::scan:
      break;
  }
  reply r = std::move(replies.front());
  if (r.is_error()) return r;
  const std::uint64_t next = detail::reply_cursor(r);
  std::string cursor = "0";
  if (next != 0) cursor = detail::encode_node_cursor({p.shard, next});
  else if (p.shard + 1 < shards.size()) cursor = detail::encode_node_cursor({p.shard + 1, 0});
  detail::replace_reply_cursor(r, cursor);
  return r;
}

sharded_executor::sharded_executor(std::vector<shard> shards) {
  if (shards.empty()) throw config_error("a sharded deployment needs at least one shard");
  if (shards.size() > detail::max_cursor_nodes) {
    throw config_error("a sharded deployment may have at most " +
                       std::to_string(detail::max_cursor_nodes) + " shards");
  }
  std::set<std::string> seen;
  for (const auto& s : shards) {
    // Names are LOCATION URLs, which may hold a password: never shown.
    if (!seen.insert(s.name).second) {
      throw config_error("a sharded deployment names one shard twice (shard " +
                         std::to_string(seen.size()) + " repeats an earlier LOCATION)");
    }
    detail::validate(s.options);
  }
  state_ = std::make_unique<state>(shards);
}

sharded_executor::~sharded_executor() = default;

reply sharded_executor::run(const command& cmd) {
  plan p = state_->make_plan(cmd);
  std::vector<reply> replies;
  switch (p.how) {
    case plan::kind::one:
      return state_->shards[p.shard]->run(p.cmd);
    case plan::kind::scan:
      replies.push_back(state_->shards[p.shard]->run(p.cmd));
      break;
    case plan::kind::split:
      for (const auto& part : p.parts.parts) {
        replies.push_back(state_->shards[part.node]->run_batch({part.cmd}).front());
      }
      break;
    case plan::kind::every:
      for (const auto& s : state_->shards) replies.push_back(s->run_batch({p.cmd}).front());
      break;
  }
  reply r = state_->finish(p, std::move(replies));
  r.throw_if_error();
  return r;
}

// One pipeline per shard; each command's parts are then put back together in the caller's order.
std::vector<reply> sharded_executor::run_batch(const std::vector<command>& commands) {
  const std::size_t n = state_->shards.size();
  std::vector<plan> plans;
  plans.reserve(commands.size());
  std::vector<std::vector<command>> per_shard(n);
  // For each command, where its parts' replies will be: (shard, index in that shard's pipeline).
  std::vector<std::vector<std::pair<std::size_t, std::size_t>>> sent(commands.size());
  auto send = [&](std::size_t i, std::size_t to, const command& cmd) {
    sent[i].emplace_back(to, per_shard[to].size());
    per_shard[to].push_back(cmd);
  };
  for (std::size_t i = 0; i < commands.size(); ++i) {
    plans.push_back(state_->make_plan(commands[i]));
    const plan& p = plans.back();
    switch (p.how) {
      case plan::kind::one:
      case plan::kind::scan:
        send(i, p.shard, p.cmd);
        break;
      case plan::kind::split:
        for (const auto& part : p.parts.parts) send(i, part.node, part.cmd);
        break;
      case plan::kind::every:
        for (std::size_t s = 0; s < n; ++s) send(i, s, p.cmd);
        break;
    }
  }
  std::vector<std::vector<reply>> answers(n);
  for (std::size_t s = 0; s < n; ++s) {
    if (!per_shard[s].empty()) answers[s] = state_->shards[s]->run_batch(per_shard[s]);
  }
  std::vector<reply> out;
  out.reserve(commands.size());
  for (std::size_t i = 0; i < commands.size(); ++i) {
    std::vector<reply> parts;
    for (const auto& [to, index] : sent[i]) parts.push_back(std::move(answers[to][index]));
    out.push_back(state_->finish(plans[i], std::move(parts)));
  }
  return out;
}

transaction_result sharded_executor::run_transaction(const std::vector<command>& commands) {
  std::optional<std::size_t> on;
  std::string first_key;
  for (const auto& cmd : commands) {
    plan p = state_->make_plan(cmd);
    if (p.how == plan::kind::split) {
      state_->cross_shard(cmd, p.parts.parts[0].cmd.argument(1), p.parts.parts[0].node,
                          p.parts.parts[1].cmd.argument(1), p.parts.parts[1].node);
    }
    const auto keys = cmd.keys();
    if (p.how != plan::kind::one || keys.empty()) continue;
    if (on && *on != p.shard) state_->cross_shard(cmd, first_key, *on, keys.front(), p.shard);
    if (!on) first_key = std::string(keys.front());
    on = p.shard;
  }
  return state_->shards[on.value_or(0)]->run_transaction(commands);
}

void sharded_executor::with_connection(std::string_view key,
                                       const std::function<void(connection&)>& fn) {
  state_->shards[key.empty() ? 0 : shard_of(key)]->with_connection(key, fn);
}

void sharded_executor::close() {
  for (auto& s : state_->shards) s->close();
}

std::optional<connection_options> sharded_executor::subscriber_connection() const {
  return state_->first;
}

std::size_t sharded_executor::shard_of(std::string_view key) const {
  return state_->ring.node_of(key);
}

std::vector<std::string> sharded_executor::shard_names() const { return state_->names; }

}  // namespace rediscache
