// get_or_set with a callable: single flight in the process, XFetch early recomputation, and a
// distributed lock across processes (see stampede_options).
#include "cache/cache_state.hpp"

#include <rediscache/lock/distributed_lock.hpp>

#include <charconv>
#include <cmath>
#include <random>

namespace rediscache {
namespace {

constexpr auto idempotent = idempotency::idempotent;

std::string delta_key(const std::string& stored) { return stored + ":__delta__"; }

double default_uniform() {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  // In (0, 1], so its logarithm is finite.
  return 1.0 - std::uniform_real_distribution<double>(0.0, 1.0)(engine);
}

std::optional<std::int64_t> milliseconds_in(const std::optional<std::string>& text) {
  std::int64_t ms = 0;
  if (!text) return std::nullopt;
  const char* end = text->data() + text->size();
  auto [stop, ec] = std::from_chars(text->data(), end, ms);
  if (ec != std::errc() || stop != end || ms < 0) return std::nullopt;
  return ms;
}

// A value, its time to live and its compute time, in one round trip on Redis.
struct with_delta {
  std::optional<std::string> data;
  key_ttl ttl = key_ttl::missing();
  std::optional<std::string> delta;
};

with_delta read_with_delta(backend& storage, redis_backend* redis, const std::string& stored) {
  const std::string sibling = delta_key(stored);
  with_delta out;
  if (redis == nullptr) {
    out.data = storage.get(stored);
    out.ttl = storage.ttl(stored);
    out.delta = storage.get(sibling);
    return out;
  }
  std::vector<command> batch{command{{"GET", stored}, idempotent},
                             command{{"PTTL", stored}, idempotent},
                             command{{"GET", sibling}, idempotent}};
  auto replies = redis->commands().run_batch(batch);
  for (const auto& r : replies) r.throw_if_error();
  if (!replies[0].is_nil()) out.data = replies[0].take_str();
  if (replies[1].integer() >= 0) out.ttl = key_ttl::expiring(std::chrono::milliseconds(replies[1].integer()));
  if (!replies[2].is_nil()) out.delta = replies[2].take_str();
  return out;
}

}  // namespace

cache::clock_time cache::now() const {
  const auto& clock = state_->options.stampede.clock;
  return clock ? clock() : std::chrono::steady_clock::now();
}

cache::fetched cache::fetch_for_compute(std::string_view key, key_version v) const {
  const stampede_options& o = state_->options.stampede;
  if (o.xfetch_beta <= 0) return fetched{read("get", key, v), false};
  const std::string stored = make_key(key, v);
  with_delta found = state_->guarded("get", key, true, with_delta{}, [&] {
    return read_with_delta(*state_->storage, state_->redis, stored);
  });
  if (!found.data) {
    state::count(state_->misses);
    return {};
  }
  state::count(state_->hits);
  fetched f{unpack(key, std::move(*found.data)), false};
  const auto delta = milliseconds_in(found.delta);
  if (found.ttl.is_expiring() && delta) {
    const double u = o.uniform ? o.uniform() : default_uniform();
    const double gap = static_cast<double>(*delta) * o.xfetch_beta * -std::log(u);
    f.recompute_early = gap >= static_cast<double>(found.ttl.remaining().count());
  }
  return f;
}

bool cache::store_computed(std::string_view key, std::string data, bool plain_integer,
                           cache_timeout timeout, key_version v, std::chrono::nanoseconds took,
                           bool replace) const {
  const set_mode mode = replace ? set_mode::always : set_mode::if_absent;
  const bool stored = write("set", key, std::move(data), plain_integer, timeout, mode, v);
  const cache_timeout resolved = timeout.or_default(state_->options.default_timeout);
  if (!stored || state_->options.stampede.xfetch_beta <= 0 || resolved.is_forever()) return stored;
  const auto ms = std::max<std::int64_t>(
      1, std::chrono::duration_cast<std::chrono::milliseconds>(took).count());
  const std::string sibling = delta_key(make_key(key, v));
  state_->guarded("set", key, true, false, [&] {
    return state_->storage->set(sibling, std::to_string(ms), resolved.duration(), set_mode::always);
  });
  return stored;
}

cache::erased cache::run_once(std::string_view key, key_version v, const char* type, bool early,
                              const std::function<erased()>& work) const {
  const stampede_options& o = state_->options.stampede;
  const std::string stored = make_key(key, v);
  auto locked_work = [&]() -> erased {
    if (!o.lock_across_processes || state_->redis == nullptr) return work();
    lock_options lo;
    lo.timeout = o.lock_timeout;
    lo.blocking_timeout = o.lock_wait;
    distributed_lock lock(state_->redis->shared_commands(), stored + ":__recompute__", lo);
    const bool held = early ? lock.acquire(blocking_mode::non_blocking) : lock.acquire();
    if (!held && early) return nullptr;  // another process is recomputing; keep the current value
    if (!held) return work();            // waited lock_wait: compute rather than fail
    erased result;
    try {
      result = work();
    } catch (...) {
      lock.unlock();
      throw;
    }
    lock.unlock();
    return result;
  };
  if (!o.single_flight) return locked_work();

  std::string id = stored;
  id += early ? "\n@early\n" : "\n@miss\n";
  id += type;
  std::promise<erased> promise;
  std::shared_future<erased> joined;
  {
    std::lock_guard<std::mutex> g(state_->flights_mutex);
    auto it = state_->flights.find(id);
    if (it != state_->flights.end()) joined = it->second;
    else state_->flights.emplace(id, promise.get_future().share());
  }
  if (joined.valid()) return joined.get();  // rethrows the leader's exception
  auto land = [&] {
    std::lock_guard<std::mutex> g(state_->flights_mutex);
    state_->flights.erase(id);
  };
  try {
    erased result = locked_work();
    promise.set_value(result);
    land();
    return result;
  } catch (...) {
    promise.set_exception(std::current_exception());
    land();
    throw;
  }
}

}  // namespace rediscache
