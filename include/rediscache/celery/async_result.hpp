#pragma once

#include <rediscache/celery/task_meta.hpp>
#include <rediscache/export.hpp>

#include <nlohmann/json.hpp>

#include <chrono>
#include <memory>
#include <string>

namespace rediscache::celery {

namespace detail {
struct result_source;
}

/// A handle on one task's result in the Redis result backend (Celery's AsyncResult): the key and
/// pub/sub channel `celery-task-meta-<id>`. Copyable; thread-safe. It keeps the producer's
/// connections alive.
class REDISCACHE_API async_result {
 public:
  /// Made by producer::send_task and producer::result.
  async_result(std::shared_ptr<detail::result_source> source, std::string task_id);

  /// The task's id.
  const std::string& id() const noexcept { return task_id_; }
  /// The record now (one GET); pending when there is none. Throws codec_error for a record that is
  /// not Celery's JSON.
  task_meta info() const;
  /// The state now (one GET).
  task_state state() const { return info().state; }
  /// Whether the task is done: SUCCESS, FAILURE or REVOKED (one GET).
  bool ready() const { return info().ready(); }
  /// Waits until the task is ready (SUCCESS, FAILURE or REVOKED), woken by the backend's PUBLISH
  /// (and reading the key again at least every 500 ms in case a message was missed). Throws
  /// timeout_error when it is not ready within `timeout`.
  task_meta wait(std::chrono::milliseconds timeout) const;
  /// wait(), then the return value on SUCCESS; task_failed_error with the remote exception on
  /// FAILURE or REVOKED.
  nlohmann::json get(std::chrono::milliseconds timeout) const;
  /// Deletes the stored result (Celery's forget()); the task reads as pending again.
  void forget() const;

 private:
  std::shared_ptr<detail::result_source> source_;
  std::string task_id_;
};

}  // namespace rediscache::celery
