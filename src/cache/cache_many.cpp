// get_many and set_many. On Redis the MGET and the SET pipeline are built straight from the
// user's keys, through one reused key buffer, so a key costs no allocation of its own; values are
// unpacked in the fetched buffers.
#include "cache/cache_state.hpp"

#include <charconv>
#include <map>

namespace rediscache {
namespace {

constexpr auto idempotent = idempotency::idempotent;

template <class State>
std::vector<std::optional<std::string>> mget(const State& s, executor& exec,
                                             const std::vector<std::string>& keys,
                                             std::int64_t version) {
  std::string made;
  // The argument buffer grows geometrically: a few allocations per call, none per key.
  command cmd{{"MGET"}, idempotent};
  for (const auto& k : keys) {
    s.stored_key_into(made, k, version);
    cmd.arg(made);
  }
  reply r = exec.run(cmd);
  auto& replies = r.elements();
  if (replies.size() != keys.size()) throw protocol_error("MGET returned the wrong number of values");
  std::vector<std::optional<std::string>> values(replies.size());
  for (std::size_t i = 0; i < replies.size(); ++i) {
    if (!replies[i].is_nil()) values[i].emplace(replies[i].take_str());
  }
  return values;
}

template <class State>
std::vector<std::string> made_keys(const State& s, const std::vector<std::string>& keys,
                                   std::int64_t version) {
  std::vector<std::string> made(keys.size());
  for (std::size_t i = 0; i < keys.size(); ++i) s.stored_key_into(made[i], keys[i], version);
  return made;
}

// Indexes of the items whose SET was refused. (State is cache::state, private to cache.)
template <class State>
std::vector<std::size_t> pipelined_set(const State& s, executor& exec,
                                       const std::vector<std::pair<std::string_view, std::string>>& items,
                                       backend::expiry ttl, std::int64_t version) {
  std::string made;
  std::vector<command> batch(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) {
    s.stored_key_into(made, items[i].first, version);
    // Writing the same value again changes nothing, so the pipeline may be retried. The list
    // form sizes the command's buffer once.
    if (ttl) {
      char digits[24];
      auto end = std::to_chars(digits, digits + sizeof digits, ttl->count()).ptr;
      std::string_view ms(digits, static_cast<std::size_t>(end - digits));
      batch[i] = command{{"SET", made, items[i].second, "PX", ms}, idempotent};
    } else {
      batch[i] = command{{"SET", made, items[i].second}, idempotent};
    }
  }
  auto replies = exec.run_batch(batch);
  std::vector<std::size_t> failed;
  for (std::size_t i = 0; i < replies.size(); ++i) {
    if (!replies[i].is_ok()) failed.push_back(i);
  }
  return failed;
}

// The same through any backend, by stored key.
template <class State>
std::vector<std::size_t> backend_set(const State& s,
                                     std::vector<std::pair<std::string_view, std::string>>& items,
                                     backend::expiry ttl, std::int64_t version) {
  std::vector<std::pair<std::string, std::string>> stored(items.size());
  std::map<std::string, std::size_t> index_of;
  for (std::size_t i = 0; i < items.size(); ++i) {
    s.stored_key_into(stored[i].first, items[i].first, version);
    stored[i].second = std::move(items[i].second);
    index_of.emplace(stored[i].first, i);
  }
  std::vector<std::size_t> failed;
  for (const auto& key : s.storage->set_many(stored, ttl)) failed.push_back(index_of.at(key));
  return failed;
}

}  // namespace

std::vector<std::optional<std::string>> cache::read_many(const std::vector<std::string>& keys,
                                                         key_version v) const {
  const std::int64_t version = v.or_default(state_->options.version);
  auto values = state_->guarded(
      "get_many", {}, true, std::vector<std::optional<std::string>>(keys.size()), [&] {
        if (keys.empty()) return std::vector<std::optional<std::string>>();
        if (state_->redis) return mget(*state_, state_->redis->commands(), keys, version);
        return state_->storage->get_many(made_keys(*state_, keys, version));
      });
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!values[i]) {
      state::count(state_->misses);
      continue;
    }
    state::count(state_->hits);
    *values[i] = unpack(keys[i], std::move(*values[i]));
  }
  return values;
}

std::vector<std::string> cache::write_many(
    std::vector<std::pair<std::string_view, std::string>> items, bool plain_integer,
    cache_timeout timeout, key_version v) const {
  cache_timeout resolved = timeout.or_default(state_->options.default_timeout);
  const std::int64_t version = v.or_default(state_->options.version);
  for (auto& item : items) item.second = state_->values.pack(std::move(item.second), plain_integer);
  using failures = std::optional<std::vector<std::size_t>>;
  failures failed = state_->guarded("set_many", {}, true, failures(), [&]() -> failures {
    if (items.empty()) return std::vector<std::size_t>();
    if (resolved.expires_immediately()) {
      std::vector<std::string> doomed(items.size());
      for (std::size_t i = 0; i < items.size(); ++i) {
        state_->stored_key_into(doomed[i], items[i].first, version);
      }
      state::count(state_->deletes, state_->storage->remove_many(doomed));
      return std::vector<std::size_t>();
    }
    backend::expiry ttl;
    if (!resolved.is_forever()) ttl = resolved.duration();
    auto refused = state_->redis
                       ? pipelined_set(*state_, state_->redis->commands(), items, ttl, version)
                       : backend_set(*state_, items, ttl, version);
    state::count(state_->sets, items.size() - refused.size());
    return refused;
  });
  if (state_->near) {
    std::string made;
    for (const auto& item : items) {
      state_->stored_key_into(made, item.first, version);
      state_->changed(made);
    }
  }
  std::vector<std::string> refused;
  if (!failed) {
    // The error was swallowed: nothing is known to be stored.
    for (const auto& item : items) refused.emplace_back(item.first);
    return refused;
  }
  for (std::size_t i : *failed) refused.emplace_back(items[i].first);
  return refused;
}

}  // namespace rediscache
