#pragma once

#include <rediscache/backend.hpp>
#include <rediscache/executor.hpp>
#include <rediscache/export.hpp>
#include <rediscache/script.hpp>

#include <atomic>
#include <memory>
#include <mutex>
#include <string_view>

namespace rediscache {

/// The backend over a real Redis: every call is one command, one pipeline or one Lua script run
/// through an executor (a pool today; replicas, cluster or a multiplexed connection later).
class REDISCACHE_API redis_backend final : public backend {
 public:
  /// With a claim (see executor_claim), close() releases it, so the executor closes once nothing
  /// else claims it; without one, close() leaves the executor open for its other users.
  explicit redis_backend(std::shared_ptr<executor> exec,
                         std::shared_ptr<executor_claim> claim = nullptr);

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
  scan_page scan(const std::string& cursor, const std::string& pattern, std::size_t count) override;
  std::size_t remove_pattern(const std::string& pattern, std::size_t batch) override;
  void clear() override;
  /// Later calls throw closed_error, and the claim on the executor (if any) is released.
  void close() override;

  /// The executor the backend runs its commands on.
  executor& commands() const { return *exec_; }
  /// The same executor, shared.
  const std::shared_ptr<executor>& shared_commands() const { return exec_; }

 private:
  executor& open_executor() const;
  reply run_counter(const script& s, const std::string& key, std::int64_t delta,
                    std::vector<std::string> args);
  bool move_across_slots(const std::string& from, const std::string& to);
  std::shared_ptr<executor> exec_;
  std::atomic<bool> closed_{false};
  std::mutex claim_mutex_;
  std::shared_ptr<executor_claim> claim_;
};

class cache;
struct connection_options;

/// The executor behind a cache whose backend is Redis, for modules that need more than the cache
/// API (locks, rate limits, pub/sub). Throws unsupported_error naming the feature and the alias
/// when the cache is not on Redis (memory://).
REDISCACHE_API std::shared_ptr<executor> executor_of(const cache& c, std::string_view feature);
/// Where that executor connects, for a module that needs a dedicated connection (a subscriber).
/// Throws unsupported_error likewise.
REDISCACHE_API connection_options connection_options_of(const cache& c, std::string_view feature);

}  // namespace rediscache
