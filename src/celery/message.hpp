#pragma once

#include <rediscache/celery/task_options.hpp>

#include <nlohmann/json.hpp>

#include <chrono>
#include <string>
#include <string_view>

namespace rediscache::celery::detail {

struct outgoing_message {
  std::string task_id;
  std::string list_key;  // the queue, or its priority sub-queue
  std::string envelope;  // kombu's JSON envelope, as LPUSHed
};

// Checks the arguments (config_error) and builds the protocol 2 message Celery's as_task_v2 and
// kombu's Redis transport would write, in their field order.
outgoing_message build_message(std::string_view name, const nlohmann::json& args,
                               const nlohmann::json& kwargs, const task_options& options,
                               std::chrono::system_clock::time_point now);

}  // namespace rediscache::celery::detail
