#pragma once

#include "cache/near_cache.hpp"
#include "log/log_impl.hpp"

#include <rediscache/cache.hpp>
#include <rediscache/error.hpp>
#include <rediscache/redis_backend.hpp>
#include <rediscache/value_codec.hpp>

#include <atomic>
#include <cstdint>
#include <future>
#include <mutex>
#include <string>
#include <unordered_map>

namespace rediscache {

struct cache::state {
  state(std::shared_ptr<backend> b, cache_options o)
      : storage(std::move(b)), options(std::move(o)),
        values(options.serializer, options.compression),
        redis(dynamic_cast<redis_backend*>(storage.get())) {}

  void ensure_open() const {
    if (closed.load(std::memory_order_relaxed)) {
      throw closed_error("cache '" + options.name + "' is closed");
    }
  }

  // Runs work; a connection error becomes fallback when the alias ignores exceptions and the
  // operation may swallow it. Every failure is counted.
  template <class Result, class Work>
  Result guarded(const char* operation, std::string_view key, bool swallowable, Result fallback,
                 Work&& work) {
    ensure_open();
    try {
      return work();
    } catch (const connection_error& e) {
      errors.fetch_add(1, std::memory_order_relaxed);
      if (!swallowable || !options.ignore_exceptions) throw;
      ignored(e, operation, key);
      return fallback;
    } catch (const error&) {
      errors.fetch_add(1, std::memory_order_relaxed);
      throw;
    }
  }

  void ignored(const error& e, const char* operation, std::string_view key) {
    ignored_errors.fetch_add(1, std::memory_order_relaxed);
    if (options.log_ignored_exceptions) {
      detail::log_warn("cache '{}': {} failed and was ignored: {}", options.name, operation,
                       e.what());
    }
    if (options.on_ignored_error) {
      try {
        options.on_ignored_error(e, operation, key);
      } catch (...) {
        detail::log_warn("cache '{}': the on_ignored_error callback threw", options.name);
      }
    }
  }

  static void count(std::atomic<std::uint64_t>& counter, std::uint64_t n = 1) {
    counter.fetch_add(n, std::memory_order_relaxed);
  }

  // This process changed a key: its near-cache copy must go.
  void changed(const std::string& stored_key) const {
    if (near) near->forget(stored_key);
  }
  void changed_all() const {
    if (near) near->forget_all();
  }

  // Drops the near-cache copy of a key when a write to it ends, whichever way it ends: only
  // then can no fetch that raced the write put an old value back.
  struct changes {
    const state& s;
    const std::string& stored_key;
    ~changes() { s.changed(stored_key); }
  };

  // Deletes a stored key, counting it; true when it existed.
  bool remove_counted(const std::string& stored_key) {
    changes on_exit{*this, stored_key};
    bool existed = storage->remove(stored_key);
    if (existed) count(deletes);
    return existed;
  }

  // The stored form of key in out, replacing its content; a reused out costs no allocation.
  void stored_key_into(std::string& out, std::string_view key, std::int64_t version) const;

  std::shared_ptr<backend> storage;
  cache_options options;
  value_codec values;
  // storage when it is Redis: multi-key calls build their commands straight from the user's keys.
  redis_backend* redis;
  // With near_cache.enabled: the in-process copy in front of Redis.
  std::unique_ptr<near_cache> near;
  std::atomic<bool> closed{false};
  // get_or_set's computations in progress, by stored key and value type.
  std::mutex flights_mutex;
  std::unordered_map<std::string, std::shared_future<erased>> flights;
  std::atomic<std::uint64_t> hits{0}, misses{0}, sets{0}, deletes{0}, errors{0},
      ignored_errors{0};
};

}  // namespace rediscache
