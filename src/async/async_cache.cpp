#include <rediscache/async/async_cache.hpp>
#include <rediscache/error.hpp>
#include <rediscache/redis_backend.hpp>

#include "backend/counter_script.hpp"
#include "cache/cache_state.hpp"
#include "quote.hpp"

#include <charconv>

namespace rediscache {
namespace {
constexpr auto idempotent = idempotency::idempotent;
std::string key_text(std::string_view key) { return detail::quote_for_message(key); }
}  // namespace

// The cache's own bookkeeping, which async_cache shares as a friend of cache.
struct async_cache::ops {
  using state = cache::state;

  // What the cache's guarded() does with a failure: counts it, and turns a connection error into
  // the fallback when the alias ignores exceptions and the operation may swallow it.
  template <class T>
  static command_result<T> failed(state& st, const char* operation, std::string_view key,
                           bool swallowable, T fallback, std::exception_ptr failure) {
    try {
      std::rethrow_exception(failure);
    } catch (const connection_error& e) {
      state::count(st.errors);
      if (!swallowable || !st.options.ignore_exceptions) return command_result<T>(failure);
      st.ignored(e, operation, key);
      return command_result<T>(std::move(fallback));
    } catch (const error&) {
      state::count(st.errors);
    } catch (...) {
    }
    return command_result<T>(failure);
  }

  // Starts a call; a failure before anything was sent (a closed alias) goes to done as well.
  template <class T, class Start>
  static void start(state& st, const async_cache::callback<T>& done, Start&& go) {
    try {
      st.ensure_open();
      go();
    } catch (...) {
      done(command_result<T>(std::current_exception()));
    }
  }

  static std::int64_t counter_of(state& st, const std::string& key, std::int64_t delta,
                                 std::exception_ptr failure, const reply& r);
};


async_cache::async_cache(cache c) : store_(std::move(c)) {
  exec_ = std::dynamic_pointer_cast<multiplexed_executor>(executor_of(store_, "async calls"));
  if (!exec_) {
    throw unsupported_error("cache '" + store_.options().name +
                            "' is not on a multiplexed executor (executor=multiplexed), so it "
                            "has no async calls");
  }
}

void async_cache::decode_failed(const std::string& key, const std::exception& e) const {
  cache::state::count(store_.state_->errors);
  throw codec_error("cannot decode the value of key " + key_text(key) + " in cache '" +
                    store_.options().name + "': " + e.what());
}

void async_cache::read(std::string_view key, key_version v, callback<bytes> done) const {
  auto st = store_.state_;
  ops::start(*st, done, [&] {
    exec_->run_async(command{{"GET", store_.make_key(key, v)}, idempotent},
                     [st, k = std::string(key), done](std::exception_ptr e, reply r) {
                       if (e) return done(ops::failed(*st, "get", k, true, bytes(), e));
                       if (r.is_nil()) {
                         cache::state::count(st->misses);
                         return done(command_result<bytes>(bytes()));
                       }
                       cache::state::count(st->hits);
                       try {
                         done(command_result<bytes>(bytes(st->values.unpack(r.take_str()))));
                       } catch (...) {
                         cache::state::count(st->errors);
                         done(command_result<bytes>(std::current_exception()));
                       }
                     });
  });
}

void async_cache::read_many(const std::vector<std::string>& keys, key_version v,
                            callback<std::vector<bytes>> done) const {
  auto st = store_.state_;
  ops::start(*st, done, [&] {
    if (keys.empty()) return done(command_result<std::vector<bytes>>(std::vector<bytes>()));
    command mget{{"MGET"}, idempotent};
    for (const auto& k : keys) mget.arg(store_.make_key(k, v));
    const std::size_t count = keys.size();
    exec_->run_async(mget, [st, count, done](std::exception_ptr e, reply r) {
      if (e) return done(ops::failed(*st, "get_many", {}, true, std::vector<bytes>(count), e));
      try {
        if (!r.is_array() || r.elements().size() != count) {
          throw protocol_error("MGET returned the wrong number of values");
        }
        std::vector<bytes> out;
        out.reserve(count);
        for (auto& value : r.elements()) {
          if (value.is_nil()) {
            cache::state::count(st->misses);
            out.emplace_back();
          } else {
            cache::state::count(st->hits);
            out.emplace_back(st->values.unpack(value.take_str()));
          }
        }
        done(command_result<std::vector<bytes>>(std::move(out)));
      } catch (...) {
        cache::state::count(st->errors);
        done(command_result<std::vector<bytes>>(std::current_exception()));
      }
    });
  });
}

namespace {

command set_command(const std::string& key, std::string data, cache_timeout resolved,
                    set_mode mode) {
  command cmd{"SET", key, data};
  if (!resolved.is_forever()) cmd.arg("PX").arg(resolved.duration().count());
  if (mode == set_mode::if_absent) cmd.arg("NX");
  if (mode == set_mode::if_present) cmd.arg("XX");
  if (mode == set_mode::always) cmd.mark(idempotent);
  return cmd;
}

}  // namespace

void async_cache::write(std::string_view key, std::string data, callback<bool> done,
                        cache_timeout timeout, set_mode mode, key_version v) const {
  auto st = store_.state_;
  ops::start(*st, done, [&] {
    const cache_timeout resolved = timeout.or_default(st->options.default_timeout);
    const std::string stored_key = store_.make_key(key, v);
    const std::string k(key);
    if (resolved.expires_immediately()) {
      // Django: nothing is stored; add() reports whether the key was free, set() deletes.
      const bool adding = mode == set_mode::if_absent;
      command cmd{{adding ? "EXISTS" : "DEL", stored_key}, idempotent};
      return exec_->run_async(cmd, [st, k, adding, done](std::exception_ptr e, reply r) {
        if (e) return done(ops::failed(*st, "set", k, true, false, e));
        if (!adding && r.integer() > 0) cache::state::count(st->deletes);
        done(command_result<bool>(adding && r.integer() == 0));
      });
    }
    exec_->run_async(set_command(stored_key, std::move(data), resolved, mode),
                     [st, k, done](std::exception_ptr e, reply r) {
                       if (e) return done(ops::failed(*st, "set", k, true, false, e));
                       const bool stored = r.is_ok();
                       if (stored) cache::state::count(st->sets);
                       done(command_result<bool>(stored));
                     });
  });
}

void async_cache::write_many(std::vector<std::pair<std::string, std::string>> items,
                             callback<std::vector<std::string>> done, cache_timeout timeout,
                             key_version v) const {
  auto st = store_.state_;
  ops::start(*st, done, [&] {
    const cache_timeout resolved = timeout.or_default(st->options.default_timeout);
    std::vector<std::string> keys;
    std::vector<command> batch;
    command doomed{{"DEL"}, idempotent};
    for (auto& [key, data] : items) {
      keys.push_back(key);
      if (resolved.expires_immediately()) {
        doomed.arg(store_.make_key(key, v));
      } else {
        batch.push_back(set_command(store_.make_key(key, v), std::move(data), resolved,
                                    set_mode::always));
      }
    }
    if (items.empty()) return done(command_result<std::vector<std::string>>(keys));
    if (resolved.expires_immediately()) batch.push_back(std::move(doomed));
    const bool deleting = resolved.expires_immediately();
    exec_->run_batch_async(batch, [st, keys, deleting, done](std::exception_ptr e,
                                                             std::vector<reply> replies) {
      if (e) return done(ops::failed(*st, "set_many", {}, true, keys, e));
      std::vector<std::string> not_stored;
      if (deleting) {
        if (replies.front().is_integer()) {
          cache::state::count(st->deletes, static_cast<std::uint64_t>(replies.front().integer()));
        }
        return done(command_result<std::vector<std::string>>(std::move(not_stored)));
      }
      for (std::size_t i = 0; i < replies.size(); ++i) {
        if (!replies[i].is_ok()) not_stored.push_back(keys[i]);
      }
      cache::state::count(st->sets, replies.size() - not_stored.size());
      done(command_result<std::vector<std::string>>(std::move(not_stored)));
    });
  });
}

void async_cache::remove(std::string_view key, callback<bool> done, key_version v) const {
  auto st = store_.state_;
  ops::start(*st, done, [&] {
    exec_->run_async(command{{"DEL", store_.make_key(key, v)}, idempotent},
                     [st, k = std::string(key), done](std::exception_ptr e, reply r) {
                       if (e) return done(ops::failed(*st, "delete", k, true, false, e));
                       const bool existed = r.integer() > 0;
                       if (existed) cache::state::count(st->deletes);
                       done(command_result<bool>(existed));
                     });
  });
}

namespace {
bool contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}
}  // namespace

// The counter step's reply as cache::incr reads it, or the error cache::incr throws.
std::int64_t async_cache::ops::counter_of(state& st, const std::string& key, std::int64_t delta,
                        std::exception_ptr failure, const reply& r) {
  if (failure) {
    try {
      std::rethrow_exception(failure);
    } catch (const reply_error& e) {
      cache::state::count(st.errors);
      if (contains(e.server_message(), "overflow")) {
        throw overflow_error("incrementing key " + key_text(key) + " by " +
                             std::to_string(delta) + " would overflow a 64-bit integer");
      }
      if (contains(e.server_message(), "not an integer")) {
        throw codec_error("value of key " + key_text(key) + " is not an integer");
      }
      throw;
    } catch (const error&) {
      cache::state::count(st.errors);
      throw;
    }
  }
  if (r.is_nil()) {
    cache::state::count(st.errors);
    throw key_not_found_error("key " + key_text(key) + " not found in cache '" +
                              st.options.name + "'");
  }
  const std::string& text = r.str();
  std::int64_t value = 0;
  const char* end = text.data() + text.size();
  auto [stop, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || stop != end) {
    throw protocol_error("a counter read back as '" + text + "', not a 64-bit integer");
  }
  return value;
}

// EVALSHA first; a server that does not know the script yet (NOSCRIPT) gets it with EVAL.
void async_cache::incr(std::string_view key, std::int64_t delta, callback<std::int64_t> done,
                       key_version v) const {
  auto st = store_.state_;
  ops::start(*st, done, [&] {
    const script& step = detail::counter_incr_script();
    std::vector<std::string> keys{store_.make_key(key, v)};
    std::vector<std::string> args{std::to_string(delta)};
    auto finish = [st, k = std::string(key), delta, done](std::exception_ptr e, reply r) {
      try {
        done(command_result<std::int64_t>(ops::counter_of(*st, k, delta, std::move(e), r)));
      } catch (...) {
        done(command_result<std::int64_t>(std::current_exception()));
      }
    };
    auto exec = exec_;
    exec_->run_async(step.evalsha(keys, args), [exec, &step, keys, args, finish](
                                                   std::exception_ptr e, reply r) {
      if (e) {
        try {
          std::rethrow_exception(e);
        } catch (const reply_error& re) {
          if (re.server_message().rfind("NOSCRIPT", 0) == 0) {
            return exec->run_async(step.eval(keys, args), finish);
          }
        } catch (...) {
        }
      }
      finish(std::move(e), std::move(r));
    });
  });
}

}  // namespace rediscache
