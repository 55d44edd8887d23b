#pragma once

#include <rediscache/executor.hpp>
#include <rediscache/export.hpp>
#include <rediscache/url.hpp>

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rediscache {

/// Independent servers with keys spread over them exactly as django-redis' ShardClient spreads
/// them, so C++ and Django find each key on the same server. Each shard gets its own pool.
/// - A key's shard: its hash tag (the text inside the LAST {...} of the stored key, unlike Redis
///   Cluster's first) or the whole key, SHA-256, on a ring of 128 points per shard named after
///   the shard's LOCATION string. Shards must be named exactly as in Django's LOCATION.
/// - MGET, MSET, DEL, UNLINK, EXISTS and TOUCH are split per shard (one command per shard, where
///   django-redis sends one per key) and their replies merged; batches go as one pipeline per shard
///   and come back in the caller's order. Any other command, script or transaction whose keys span
///   shards throws cross_shard_error before anything is sent.
/// - Keyless commands: FLUSHDB, FLUSHALL, SCRIPT LOAD/FLUSH run on every shard; DBSIZE sums them;
///   KEYS joins them; SCAN walks the shards in order behind one cursor (the shard's cursor times
///   1024 plus the shard's index), so keys(), iter_keys() and delete_pattern() see every shard;
///   the rest (PING, INFO, PUBLISH, ...) go to the first shard, which is also where subscribers
///   connect.
/// - A command unknown to the command table has its keys found with COMMAND GETKEYS.
class REDISCACHE_API sharded_executor final : public executor {
 public:
  /// One shard: its ring name and how to reach it.
  struct shard {
    /// The ring name: django-redis uses the LOCATION string as written.
    std::string name;
    client_options options;  ///< how to reach the shard's server
  };

  /// config_error for no shards, a shard named twice, or bad options.
  explicit sharded_executor(std::vector<shard> shards);
  ~sharded_executor() override;
  sharded_executor(const sharded_executor&) = delete;
  sharded_executor& operator=(const sharded_executor&) = delete;

  reply run(const command& cmd) override;
  std::vector<reply> run_batch(const std::vector<command>& commands) override;
  /// cross_shard_error when the commands' keys span shards; MULTI/EXEC on their shard (the first
  /// for keyless ones) otherwise.
  transaction_result run_transaction(const std::vector<command>& commands) override;
  void with_connection(std::string_view key, const std::function<void(connection&)>& fn) override;
  void close() override;
  /// The first shard's connection options.
  std::optional<connection_options> subscriber_connection() const override;

  ///@{
  /// The index of the shard holding the (stored) key, and the shards' names.
  std::size_t shard_of(std::string_view key) const;
  std::vector<std::string> shard_names() const;
  ///@}

 private:
  struct state;
  std::unique_ptr<state> state_;
};

}  // namespace rediscache
