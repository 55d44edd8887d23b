#pragma once

#include <rediscache/cache_near.hpp>
#include <rediscache/connection_options.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>

namespace rediscache {

// The near cache of one alias: an LRU map from stored key to unpacked bytes, and a thread that
// keeps CLIENT TRACKING (BCAST, redirected to a subscriber of __redis__:invalidate) alive and
// drops the keys Redis names. Thread-safe.
class near_cache {
 public:
  using clock = std::chrono::steady_clock;

  near_cache(near_cache_options options, connection_options where, std::string prefix);
  ~near_cache();
  near_cache(const near_cache&) = delete;
  near_cache& operator=(const near_cache&) = delete;

  bool skips(std::string_view user_key) const { return options_.skip && options_.skip(user_key); }
  // Copies a live entry into out; false on a miss, an expired entry or while tracking is down.
  bool lookup(const std::string& stored_key, std::string& out);
  // A fetch from Redis is bracketed by begin_fetch() and end_fetch(); end_fetch() keeps the value
  // only when no invalidation of that key (or flush) came in between, so a write racing the fetch
  // never leaves a stale copy. Every begin_fetch() needs its end_fetch(), with nullopt on failure.
  struct fetch_ticket {
    std::uint64_t key_generation = 0;
    std::uint64_t flush_generation = 0;
  };
  fetch_ticket begin_fetch(const std::string& stored_key);
  void end_fetch(const std::string& stored_key, fetch_ticket ticket,
                 std::optional<std::string_view> bytes, std::optional<clock::time_point> deadline);
  // This process wrote the key (or everything): drop the local copy and refuse racing inserts.
  void forget(const std::string& stored_key);
  void forget_all();
  near_cache_stats stats() const;
  // Ends tracking and empties the cache; no local hits afterwards.
  void stop();

 private:
  struct entry {
    std::string key;
    std::string bytes;
    std::optional<clock::time_point> deadline;
  };
  using lru = std::list<entry>;

  void run();
  void track_once();
  void drop_locked(lru::iterator it);
  void invalidate_locked(const std::string& stored_key);
  void flush(bool count);
  static std::size_t cost(const entry& e) { return e.key.size() + e.bytes.size() + 100; }

  const near_cache_options options_;
  const connection_options where_;
  const std::string prefix_;

  mutable std::mutex mutex_;
  lru order_;  // most recently used first
  std::unordered_map<std::string_view, lru::iterator> index_;  // views of the entries' keys
  std::size_t bytes_ = 0;
  // Keys being fetched: how many fetches, and a count of their invalidations meanwhile.
  struct pending {
    unsigned fetches = 0;
    std::uint64_t generation = 0;
  };
  std::unordered_map<std::string, pending> fetching_;
  std::uint64_t flush_generation_ = 0;

  std::atomic<bool> tracking_{false};
  std::atomic<bool> stopping_{false};
  std::mutex wait_mutex_;
  std::condition_variable wake_;
  std::atomic<std::uint64_t> hits_{0}, misses_{0}, invalidations_{0}, evictions_{0}, flushes_{0};
  std::thread worker_;
};

}  // namespace rediscache
