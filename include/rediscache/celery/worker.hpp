#pragma once

#include <rediscache/celery/task_options.hpp>
#include <rediscache/executor.hpp>
#include <rediscache/export.hpp>

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace rediscache::celery {

/// One task message as the worker read it.
struct task_request {
  std::string id;    ///< the task's id
  std::string name;  ///< the registered task name ("tasks.add")
  nlohmann::json args;    ///< a JSON array
  nlohmann::json kwargs;  ///< a JSON object
  int retries = 0;  ///< how many times this task was retried already
  std::optional<std::chrono::system_clock::time_point> eta;      ///< run not before this
  std::optional<std::chrono::system_clock::time_point> expires;  ///< revoke when not run by then
  std::string queue;         ///< delivery_info.routing_key
  int priority = 0;  ///< the message's priority (0 when it has none)
  bool redelivered = false;  ///< put back by a visibility-timeout or shutdown restore
};

/// Thrown by a handler: the task fails with this Python exception, which AsyncResult.get() in
/// Python raises (exc_module "builtins" and exc_type "ValueError" give a real ValueError). Any
/// other std::exception fails the task as builtins.Exception with its what().
class REDISCACHE_API task_error : public std::runtime_error {
 public:
  /// The Python exception: class name, message and module.
  task_error(std::string exc_type, const std::string& message, std::string exc_module = "builtins")
      : std::runtime_error(message), exc_type_(std::move(exc_type)), exc_module_(std::move(exc_module)) {}
  ///@{
  /// The Python exception's class name and module.
  const std::string& exc_type() const noexcept { return exc_type_; }
  const std::string& exc_module() const noexcept { return exc_module_; }
  ///@}

 private:
  std::string exc_type_;
  std::string exc_module_;
};

/// Thrown by a handler to run the task again after `countdown` (Celery's self.retry()): the worker
/// stores state RETRY and sends the task again with retries + 1, or, past max_retries, fails it
/// with `reason`.
class REDISCACHE_API retry_task : public task_error {
 public:
  /// Runs the task again after countdown; max_retries overrides the worker's limit.
  explicit retry_task(std::chrono::milliseconds countdown, const std::string& reason = "retry",
                      std::optional<int> max_retries = std::nullopt)
      : task_error("Retry", reason, "celery.exceptions"), countdown_(countdown),
        max_retries_(max_retries) {}
  /// The delay before the task runs again.
  std::chrono::milliseconds countdown() const noexcept { return countdown_; }
  /// The retry limit of this retry, or nothing for the worker's.
  const std::optional<int>& max_retries() const noexcept { return max_retries_; }

 private:
  std::chrono::milliseconds countdown_;
  std::optional<int> max_retries_;
};

/// Returns the task's result (any JSON value) or throws.
using task_handler = std::function<nlohmann::json(const task_request&)>;

/// worker settings, with Celery's and kombu's defaults.
struct worker_options {
  /// Queues consumed (with their priority sub-queues, lower numbers first, as kombu does).
  std::vector<std::string> queues{"celery"};
  /// Tasks running at once, each on its own thread. At least 1.
  std::size_t concurrency = 2;
  /// A message fetched but not acknowledged for this long is put back on its queue by any worker
  /// (Python's or this one), so a crashed worker loses nothing. Must exceed the longest task and
  /// ETA wait; kombu's default is one hour and both sides should agree.
  std::chrono::milliseconds visibility_timeout{std::chrono::hours(1)};
  /// How long one BRPOP waits; also how soon stop() is noticed by the fetch loop.
  std::chrono::milliseconds poll_timeout{1000};
  /// Look for timed-out unacknowledged messages every this many polls (kombu: 10).
  int restore_every = 10;
  /// TTL of stored results (Celery's result_expires).
  std::chrono::seconds result_expires{86400};
  /// Default retry limit for retry_task without its own (Celery's max_retries).
  int max_retries = 3;
};

/// Consumes tasks that Python Celery (5, JSON serializer, kombu Redis transport) sends: the same
/// BRPOP, unacked hash and index, ack, and result records, so Python's AsyncResult.get() reads
/// what the handlers return. Unknown task names fail with celery.exceptions.NotRegistered; expired
/// tasks are stored REVOKED; ETA/countdown tasks are held (still unacked) until due.
///
/// A message is acknowledged after its result is stored (Celery's acks_late): a worker that dies
/// mid-task leaves it unacked, and it runs again after the visibility timeout. Thread-safe.
class REDISCACHE_API worker {
 public:
  /// Throws config_error for no queues, concurrency 0 or non-positive timeouts.
  worker(std::shared_ptr<executor> exec, worker_options options = {});
  /// A worker on a connection pool from a Redis URL (as Celery's broker_url).
  static worker from_url(std::string_view url, worker_options options = {});
  ///@{
  /// Movable, not copyable.
  worker(const worker&) = delete;
  worker& operator=(const worker&) = delete;
  worker(worker&&) noexcept;
  worker& operator=(worker&&) noexcept;
  ///@}
  /// Calls stop().
  ~worker();

  /// Registers (or replaces) the handler for a task name ("tasks.add"). Before or after start().
  void handle(std::string name, task_handler handler);
  /// Starts the fetch thread and `concurrency` task threads; idempotent.
  void start();
  /// Graceful shutdown: stops fetching, lets running tasks finish, and puts the messages it holds
  /// but has not started (ETA waits, the local queue) back on their queues, as Celery's warm
  /// shutdown does. Idempotent.
  void stop();
  /// Tasks finished since start (succeeded, failed, retried, revoked).
  std::size_t processed() const;

 private:
  struct impl;
  std::shared_ptr<impl> impl_;
};

}  // namespace rediscache::celery
