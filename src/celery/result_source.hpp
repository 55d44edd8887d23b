#pragma once

#include <rediscache/celery/task_meta.hpp>
#include <rediscache/connection_options.hpp>
#include <rediscache/executor.hpp>
#include <rediscache/pubsub/subscriber.hpp>

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace rediscache::celery::detail {

// Counts the PUBLISHes seen on one result channel and wakes the threads waiting for the next one.
class result_signal {
 public:
  std::uint64_t seen() const;
  void wait(std::uint64_t seen, std::chrono::steady_clock::time_point until) const;
  void notify();

 private:
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  std::uint64_t count_ = 0;
};

// What a producer's results share: the executor and one lazily made subscriber connection on which
// every waiting result has its channel subscribed.
struct result_source : std::enable_shared_from_this<result_source> {
  result_source(std::shared_ptr<executor> commands, std::optional<connection_options> listen);

  // Subscribes the channel for the caller's wait; nullptr when there is no subscriber (the
  // caller polls). Pair with unwatch().
  std::shared_ptr<result_signal> watch(const std::string& channel);
  void unwatch(const std::string& channel);

  std::shared_ptr<executor> exec;

 private:
  struct entry {
    std::shared_ptr<result_signal> signal;
    std::size_t watchers = 0;
  };
  std::optional<connection_options> listen_;
  std::mutex mutex_;
  std::unique_ptr<subscriber> listener_;
  bool listener_failed_ = false;
  std::map<std::string, entry> channels_;
};

// Reads a backend record (the JSON Celery stores); codec_error when it is not one.
task_meta parse_meta(const std::string& task_id, const std::string& json_text);
// The exception of a FAILURE/REVOKED record as "Type: message" parts.
std::string exception_message(const nlohmann::json& exc);

}  // namespace rediscache::celery::detail
