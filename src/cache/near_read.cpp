// get() through the near cache: a local copy while tracking is up, else GET and PTTL in one round
// trip, kept locally until the key's own expiry.
#include "cache/cache_state.hpp"

namespace rediscache {
namespace {

constexpr auto idempotent = idempotency::idempotent;

struct fetched_value {
  std::optional<std::string> data;
  long long pttl = -2;
};

}  // namespace

std::optional<std::string> cache::read_near(const char* operation, std::string_view key,
                                            key_version v) const {
  near_cache& near = *state_->near;
  // Reused per thread, so a local hit makes no key of its own.
  thread_local std::string stored_key;
  state_->stored_key_into(stored_key, key, v.or_default(state_->options.version));
  std::string local;
  if (near.lookup(stored_key, local)) {
    state::count(state_->hits);
    return local;
  }
  // A copy: an on_ignored_error callback may call get() on this thread and reuse the buffer.
  const std::string made = stored_key;
  const auto sent = near_cache::clock::now();
  const auto ticket = near.begin_fetch(made);
  fetched_value found;
  try {
    found = state_->guarded(operation, key, true, fetched_value{}, [&] {
      std::vector<command> batch{command{{"GET", made}, idempotent},
                                 command{{"PTTL", made}, idempotent}};
      auto replies = state_->redis->commands().run_batch(batch);
      for (const auto& r : replies) r.throw_if_error();
      fetched_value out;
      if (!replies[0].is_nil()) out.data = replies[0].take_str();
      out.pttl = replies[1].integer();
      return out;
    });
  } catch (...) {
    near.end_fetch(made, ticket, std::nullopt, std::nullopt);
    throw;
  }
  if (!found.data || found.pttl == -2) {
    near.end_fetch(made, ticket, std::nullopt, std::nullopt);
    state::count(state_->misses);
    return std::nullopt;
  }
  state::count(state_->hits);
  std::string value;
  try {
    value = unpack(key, std::move(*found.data));
  } catch (...) {
    near.end_fetch(made, ticket, std::nullopt, std::nullopt);
    throw;
  }
  std::optional<near_cache::clock::time_point> deadline;
  if (found.pttl >= 0) deadline = sent + std::chrono::milliseconds(found.pttl);
  near.end_fetch(made, ticket, value, deadline);
  return value;
}

}  // namespace rediscache
