#include "cache/cache_state.hpp"
#include "quote.hpp"
#include "util/checked_add.hpp"

#include <limits>

namespace rediscache {
namespace {

backend::expiry to_expiry(cache_timeout resolved) {
  if (resolved.is_forever()) return std::nullopt;
  return resolved.duration();
}

std::string key_text(std::string_view key) { return detail::quote_for_message(key); }

// The cause of a failure, without the id prefix of our own errors (the wrapper adds its own).
std::string reason_of(const std::exception& e) {
  if (const auto* ours = dynamic_cast<const error*>(&e)) return std::string(ours->detail());
  return e.what();
}

template <class MakeKey>
std::vector<std::string> stored_keys_of(const std::vector<std::string>& keys, MakeKey&& make) {
  std::vector<std::string> stored;
  stored.reserve(keys.size());
  for (const auto& k : keys) stored.push_back(make(k));
  return stored;
}

}  // namespace

cache::cache(std::shared_ptr<backend> storage, cache_options options) {
  if (!storage) throw config_error("a cache needs a backend");
  if (options.default_timeout.is_default()) {
    throw config_error("cache '" + options.name + "': default_timeout must be a duration or forever");
  }
  if (options.scan_batch == 0) options.scan_batch = 100;
  state_ = std::make_shared<state>(std::move(storage), std::move(options));
  const near_cache_options& near = state_->options.near_cache;
  if (near.enabled) {
    const cache_options& o = state_->options;
    std::string prefix = o.make_key ? std::string() : o.key_prefix + ":";
    state_->near = std::make_unique<near_cache>(near, connection_options_of(*this, "the near cache"),
                                                std::move(prefix));
  }
}

cache::cache(const cache&) noexcept = default;
cache& cache::operator=(const cache&) noexcept = default;
cache::cache(cache&&) noexcept = default;
cache& cache::operator=(cache&&) noexcept = default;
cache::~cache() = default;

const serializer& cache::value_serializer() const noexcept {
  return state_->values.value_serializer();
}
const cache_options& cache::options() const noexcept { return state_->options; }
backend& cache::storage() const noexcept { return *state_->storage; }
const value_codec& cache::values() const noexcept { return state_->values; }

void cache::encode_failed(std::string_view key, const std::exception& e) const {
  throw codec_error("cannot encode the value for key " + key_text(key) + " in cache '" +
                    state_->options.name + "': " + reason_of(e));
}

void cache::decode_failed(std::string_view key, const std::exception& e) const {
  state::count(state_->errors);
  throw codec_error("cannot decode the value of key " + key_text(key) + " in cache '" +
                    state_->options.name + "' as the requested type: " + reason_of(e));
}

std::optional<std::string> cache::read(const char* operation, std::string_view key,
                                       key_version v) const {
  if (state_->near && !state_->near->skips(key)) return read_near(operation, key, v);
  std::string stored_key = make_key(key, v);
  auto stored = state_->guarded(operation, key, true, std::optional<std::string>(),
                                [&] { return state_->storage->get(stored_key); });
  if (!stored) {
    state::count(state_->misses);
    return std::nullopt;
  }
  state::count(state_->hits);
  return unpack(key, std::move(*stored));
}

// Undoes compression; see compressor for why this never has to guess.
std::string cache::unpack(std::string_view key, std::string stored) const {
  try {
    return state_->values.unpack(std::move(stored));
  } catch (const codec_error& e) {
    state::count(state_->errors);
    throw codec_error("the value of key " + key_text(key) + " in cache '" + state_->options.name +
                      "': " + std::string(e.detail()));
  }
}

bool cache::has_key(std::string_view key, key_version v) const {
  std::string stored_key = make_key(key, v);
  bool found = state_->guarded("has_key", key, true, false,
                               [&] { return state_->storage->exists(stored_key); });
  state::count(found ? state_->hits : state_->misses);
  return found;
}

bool cache::write(const char* operation, std::string_view key, std::string data,
                  bool plain_integer, cache_timeout timeout, set_mode mode, key_version v) const {
  cache_timeout resolved = timeout.or_default(state_->options.default_timeout);
  std::string stored_key = make_key(key, v);
  state::changes on_exit{*state_, stored_key};
  data = state_->values.pack(std::move(data), plain_integer);
  return state_->guarded(operation, key, true, false, [&] {
    backend& b = *state_->storage;
    if (resolved.expires_immediately()) {
      // Django: nothing is stored; add() reports whether the key was free, set() deletes.
      if (mode == set_mode::if_absent) return !b.exists(stored_key);
      state_->remove_counted(stored_key);
      return false;
    }
    bool stored = b.set(stored_key, data, to_expiry(resolved), mode);
    if (stored) state::count(state_->sets);
    return stored;
  });
}

bool cache::remove(std::string_view key, key_version v) const {
  std::string stored_key = make_key(key, v);
  return state_->guarded("delete", key, true, false,
                         [&] { return state_->remove_counted(stored_key); });
}

std::size_t cache::remove_many(const std::vector<std::string>& keys, key_version v) const {
  auto stored_keys = stored_keys_of(keys, [&](const std::string& k) { return make_key(k, v); });
  std::size_t removed = state_->guarded("delete_many", {}, true, std::size_t{0},
                                        [&] { return state_->storage->remove_many(stored_keys); });
  for (const auto& k : stored_keys) state_->changed(k);
  state::count(state_->deletes, removed);
  return removed;
}

bool cache::touch(std::string_view key, cache_timeout timeout, key_version v) const {
  cache_timeout resolved = timeout.or_default(state_->options.default_timeout);
  std::string stored_key = make_key(key, v);
  state::changes on_exit{*state_, stored_key};
  return state_->guarded("touch", key, false, false, [&] {
    if (!resolved.expires_immediately()) {
      return state_->storage->touch(stored_key, to_expiry(resolved));
    }
    return state_->remove_counted(stored_key);
  });
}

std::int64_t cache::incr(std::string_view key, std::int64_t delta, key_version v) const {
  std::string stored_key = make_key(key, v);
  state::changes on_exit{*state_, stored_key};
  auto value = state_->guarded("incr", key, false, std::optional<std::int64_t>(),
                               [&] { return state_->storage->incr(stored_key, delta); });
  if (!value) {
    state::count(state_->errors);
    throw key_not_found_error("key " + key_text(key) + " not found in cache '" +
                              state_->options.name + "'");
  }
  return *value;
}

std::int64_t cache::decr(std::string_view key, std::int64_t delta, key_version v) const {
  if (delta == std::numeric_limits<std::int64_t>::min()) {
    throw overflow_error("decrementing key " + key_text(key) + " by " + std::to_string(delta) +
                         " would overflow a 64-bit integer");
  }
  return incr(key, -delta, v);
}

std::int64_t cache::incr_or_create(std::string_view key, std::int64_t delta,
                                   cache_timeout timeout, key_version v) const {
  cache_timeout resolved = timeout.or_default(state_->options.default_timeout);
  if (resolved.expires_immediately()) {
    throw config_error("incr_or_create of key " + key_text(key) +
                       " needs a positive timeout or forever, not " +
                       std::to_string(resolved.duration().count()) + " ms");
  }
  std::string stored_key = make_key(key, v);
  state::changes on_exit{*state_, stored_key};
  return state_->guarded("incr_or_create", key, false, std::int64_t{0}, [&] {
    return state_->storage->incr_or_create(stored_key, delta, to_expiry(resolved));
  });
}

std::int64_t cache::incr_version(std::string_view key, std::int64_t delta, key_version v) const {
  const std::int64_t from = v.or_default(state_->options.version);
  if (detail::add_overflows(from, delta)) {
    throw overflow_error("version " + std::to_string(from) + " of key " + key_text(key) +
                         " plus " + std::to_string(delta) + " would overflow a 64-bit integer");
  }
  const std::int64_t to = from + delta;
  std::string old_key = make_key(key, key_version(from));
  std::string new_key = make_key(key, key_version(to));
  state::changes old_gone{*state_, old_key}, new_set{*state_, new_key};
  bool moved = state_->guarded("incr_version", key, false, false,
                               [&] { return state_->storage->move(old_key, new_key); });
  if (!moved) {
    state::count(state_->errors);
    throw key_not_found_error("key " + key_text(key) + " (version " + std::to_string(from) +
                              ") not found in cache '" + state_->options.name + "'");
  }
  return to;
}

std::int64_t cache::decr_version(std::string_view key, std::int64_t delta, key_version v) const {
  if (delta == std::numeric_limits<std::int64_t>::min()) {
    throw overflow_error("decrementing the version of key " + key_text(key) + " by " +
                         std::to_string(delta) + " would overflow a 64-bit integer");
  }
  return incr_version(key, -delta, v);
}

key_ttl cache::pttl(std::string_view key, key_version v) const {
  std::string stored_key = make_key(key, v);
  return state_->guarded("ttl", key, false, key_ttl::missing(),
                         [&] { return state_->storage->ttl(stored_key); });
}

key_ttl cache::ttl(std::string_view key, key_version v) const {
  key_ttl exact = pttl(key, v);
  if (!exact.is_expiring()) return exact;
  // Rounded as Redis' TTL rounds PTTL.
  auto seconds = std::chrono::duration_cast<std::chrono::seconds>(exact.remaining() +
                                                                  std::chrono::milliseconds(500));
  return key_ttl::expiring(seconds);
}

bool cache::pexpire(std::string_view key, cache_timeout timeout, key_version v) const {
  return touch(key, timeout, v);
}

bool cache::expire(std::string_view key, cache_timeout timeout, key_version v) const {
  return touch(key, timeout, v);
}

bool cache::expire_at(std::string_view key, std::chrono::system_clock::time_point when,
                      key_version v) const {
  // Compared in long double milliseconds, where no time point's distance from now can overflow.
  using wide_ms = std::chrono::duration<long double, std::milli>;
  const wide_ms at = when.time_since_epoch();
  const wide_ms now = std::chrono::system_clock::now().time_since_epoch();
  if (at - now > cache_timeout::longest) return touch(key, cache_timeout::forever(), v);
  std::string stored_key = make_key(key, v);
  state::changes on_exit{*state_, stored_key};
  return state_->guarded("expire_at", key, false, false,
                         [&] { return state_->storage->expire_at(stored_key, when); });
}

bool cache::persist(std::string_view key, key_version v) const {
  std::string stored_key = make_key(key, v);
  state::changes on_exit{*state_, stored_key};
  return state_->guarded("persist", key, false, false,
                         [&] { return state_->storage->persist(stored_key); });
}

void cache::clear() const {
  state_->guarded("clear", {}, false, 0, [&] {
    state_->storage->clear();
    return 0;
  });
  state_->changed_all();
}

void cache::close() const {
  state_->closed = true;
  if (state_->near) state_->near->stop();
  state_->storage->close();
}

near_cache_stats cache::near_stats() const {
  return state_->near ? state_->near->stats() : near_cache_stats{};
}

cache_stats cache::stats() const {
  cache_stats s;
  s.hits = state_->hits.load();
  s.misses = state_->misses.load();
  s.sets = state_->sets.load();
  s.deletes = state_->deletes.load();
  s.errors = state_->errors.load();
  s.ignored_errors = state_->ignored_errors.load();
  return s;
}

}  // namespace rediscache
