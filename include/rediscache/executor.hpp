#pragma once

#include <rediscache/command.hpp>
#include <rediscache/export.hpp>
#include <rediscache/reply.hpp>
#include <rediscache/transaction.hpp>

#include <vector>

namespace rediscache {

// What every higher module (cache, session, lock, rate limit) runs commands through. Pooled
// connections are the first implementation; replicas, sharding, cluster, sentinel and a
// multiplexed auto-pipelining executor implement the same interface. Implementations are
// thread-safe.
class REDISCACHE_API executor {
 public:
  virtual ~executor();

  // Runs one command. An error reply throws reply_error (auth_error for NOAUTH/NOPERM/WRONGPASS).
  virtual reply run(const command& cmd) = 0;
  // Runs the commands as one pipeline on one connection; replies come back in order, error replies
  // in place rather than thrown. Commands are not atomic as a group: use run_transaction for that.
  virtual std::vector<reply> run_batch(const std::vector<command>& commands) = 0;
  // Runs the commands inside MULTI/EXEC on one connection.
  virtual transaction_result run_transaction(const std::vector<command>& commands) = 0;

 protected:
  executor() = default;
  executor(const executor&) = default;
  executor& operator=(const executor&) = default;
};

}  // namespace rediscache
