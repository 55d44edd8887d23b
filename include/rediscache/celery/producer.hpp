#pragma once

#include <rediscache/celery/async_result.hpp>
#include <rediscache/celery/task_options.hpp>
#include <rediscache/connection_options.hpp>
#include <rediscache/executor.hpp>
#include <rediscache/export.hpp>

#include <nlohmann/json.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace rediscache::celery {

/// Sends Celery tasks the way Celery 5 with kombu's Redis transport does: message protocol 2,
/// JSON serializer, an LPUSH of kombu's envelope (base64 body, headers, properties, delivery_info)
/// onto the queue's list or priority sub-queue. A Python Celery worker on the same Redis database
/// runs them; results are read through the Redis result backend. Thread-safe.
class REDISCACHE_API producer {
 public:
  /// Commands go through exec. Waiting for results subscribes on `subscribe_to` (by default where
  /// a pooled_executor connects, or exec.subscriber_connection()); without one, waits poll.
  explicit producer(std::shared_ptr<executor> exec,
                    std::optional<connection_options> subscribe_to = std::nullopt);
  /// A pooled executor for a redis:// URL (Celery's broker_url, which is also its result_backend).
  static producer from_url(std::string_view url);

  /// Sends the task `name` (as registered in Python: "tasks.add") with positional args (a JSON
  /// array) and keyword args (a JSON object). Throws config_error for args that are not an array,
  /// kwargs that are not an object, an empty name or queue, a priority outside 0-9 or negative
  /// retries; codec_error for strings that are not UTF-8. Nothing is sent then.
  async_result send_task(std::string_view name, const nlohmann::json& args = nlohmann::json::array(),
                         const nlohmann::json& kwargs = nlohmann::json::object(),
                         const task_options& options = {}) const;
  /// The result handle of a task sent earlier (by anyone).
  async_result result(std::string task_id) const;

 private:
  std::shared_ptr<detail::result_source> source_;
};

}  // namespace rediscache::celery
