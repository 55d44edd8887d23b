#pragma once

#include <rediscache/export.hpp>

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace rediscache::celery {

/// Celery's task states as the Redis result backend stores them.
enum class task_state { pending, started, success, failure, retry, revoked };

/// "PENDING", "STARTED", ...
REDISCACHE_API std::string_view to_string(task_state state) noexcept;

/// A result backend record (`celery-task-meta-<id>`). No record reads as pending.
struct task_meta {
  std::string task_id;                     ///< the task's id
  task_state state = task_state::pending;  ///< pending when there is no record
  /// SUCCESS: the task's return value. FAILURE, RETRY, REVOKED: the exception as stored,
  /// {"exc_type", "exc_message", "exc_module"}. Null otherwise.
  nlohmann::json result;
  std::string traceback;  ///< FAILURE: the remote traceback; empty otherwise
  /// Naive UTC ISO-8601, as Celery writes it; empty while pending.
  std::string date_done;

  /// SUCCESS, FAILURE or REVOKED: the state will not change any more (Celery's READY_STATES).
  bool ready() const noexcept {
    return state == task_state::success || state == task_state::failure ||
           state == task_state::revoked;
  }
};

}  // namespace rediscache::celery
