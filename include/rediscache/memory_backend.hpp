#pragma once

#include <rediscache/backend.hpp>
#include <rediscache/export.hpp>

#include <cstddef>
#include <memory>

namespace rediscache {

/// Options of a memory backend.
struct memory_options {
  /// 0: unbounded. Otherwise, when a new key would make more live entries than this, expired
  /// entries go first and then the least recently used one.
  std::size_t max_entries = 0;
};

/// An in-process backend that answers every call the way a Redis server answers the commands
/// redis_backend sends (SET NX/XX PX, INCRBY, PTTL, PEXPIRE, PEXPIREAT, PERSIST, RENAME, SCAN
/// MATCH, FLUSHDB), so tests and single-process services can swap one for the other. Thread-safe.
///
/// Invalid arguments throw the reply_error Redis would send: a non-positive or overflowing expiry
/// ("ERR invalid expire time in 'set' command"), a malformed scan cursor, a zero scan count.
/// Entries expire lazily when touched, a few more whenever a key is created. get, get_many, set,
/// set_many, incr, touch, expire, expire_at, persist and move make an entry the most recently used;
/// exists, ttl and scan do not, as in Redis.
class REDISCACHE_API memory_backend final : public backend {
 public:
  /// An empty store.
  explicit memory_backend(memory_options options = {});
  ~memory_backend() override;
  memory_backend(const memory_backend&) = delete;
  memory_backend& operator=(const memory_backend&) = delete;

  std::optional<std::string> get(const std::string& key) override;
  std::vector<std::optional<std::string>> get_many(const std::vector<std::string>& keys) override;
  bool set(const std::string& key, const std::string& value, expiry ttl, set_mode mode) override;
  std::vector<std::string> set_many(const std::vector<std::pair<std::string, std::string>>& items,
                                    expiry ttl) override;
  bool remove(const std::string& key) override;
  std::size_t remove_many(const std::vector<std::string>& keys) override;
  bool exists(const std::string& key) override;
  bool touch(const std::string& key, expiry ttl) override;
  std::optional<std::int64_t> incr(const std::string& key, std::int64_t delta) override;
  std::int64_t incr_or_create(const std::string& key, std::int64_t delta,
                              expiry ttl_if_created) override;
  key_ttl ttl(const std::string& key) override;
  bool expire(const std::string& key, std::chrono::milliseconds ttl) override;
  bool expire_at(const std::string& key, std::chrono::system_clock::time_point when) override;
  bool persist(const std::string& key) override;
  bool move(const std::string& from, const std::string& to) override;
  /// The cursor is a decimal position in creation order, so every key that lives through the whole
  /// iteration is returned exactly once; `count` entries are examined per call, as in Redis.
  scan_page scan(const std::string& cursor, const std::string& pattern, std::size_t count) override;
  std::size_t remove_pattern(const std::string& pattern, std::size_t batch) override;
  void clear() override;
  /// Nothing to release; the backend stays usable.
  void close() override;

  /// Live (unexpired) entries.
  std::size_t size() const;

 private:
  std::optional<std::int64_t> add(const std::string& key, std::int64_t delta, const expiry* create);
  struct state;
  std::unique_ptr<state> state_;
};

}  // namespace rediscache
