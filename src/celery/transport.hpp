#pragma once

#include <rediscache/executor.hpp>

#include <nlohmann/json.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace rediscache::celery::detail {

// kombu's Redis transport, worker side: BRPOP, the unacked hash and index, ack and restore.

struct fetched {
  std::string list_key;
  std::string envelope;
};

// The keys a worker BRPOPs for its queues: each queue and its priority sub-queues, in kombu's
// order (so lower priority numbers are taken first).
std::vector<std::string> brpop_keys(const std::vector<std::string>& queues);
std::optional<fetched> fetch(executor& exec, const std::vector<std::string>& keys,
                             std::chrono::milliseconds wait);
// HSET unacked <tag> [envelope, exchange, routing_key] and ZADD unacked_index <now> <tag>.
void mark_unacked(executor& exec, const std::string& tag, const nlohmann::ordered_json& envelope);
void ack(executor& exec, const std::string& tag);
// Puts an unacked message back (RPUSH, so it is next in line) marked redelivered, and removes it
// from the unacked indexes. False when it was no longer unacked (another worker restored it).
bool restore(executor& exec, const std::string& tag);
// kombu's restore_visible: under the unacked_mutex lock, restores every message unacked for
// longer than visibility_timeout. Returns how many. Returns 0 when another worker holds the lock.
std::size_t restore_visible(executor& exec, std::chrono::milliseconds visibility_timeout);

// A result record as Celery's Redis backend writes it: SETEX + PUBLISH in one transaction.
void store_result(executor& exec, const std::string& task_id, const char* status,
                  const nlohmann::json& result, const std::string& traceback,
                  std::chrono::seconds expires);
// {"exc_type", "exc_message": [message], "exc_module"}, Celery's exception_to_python form.
nlohmann::json exception_json(const std::string& type, const std::string& message,
                              const std::string& module);

}  // namespace rediscache::celery::detail
