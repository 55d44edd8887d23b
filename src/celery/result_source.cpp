#include "celery/result_source.hpp"

#include <rediscache/error.hpp>

namespace rediscache::celery::detail {

std::uint64_t result_signal::seen() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return count_;
}

void result_signal::wait(std::uint64_t seen, std::chrono::steady_clock::time_point until) const {
  std::unique_lock<std::mutex> lock(mutex_);
  changed_.wait_until(lock, until, [&] { return count_ != seen; });
}

void result_signal::notify() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    ++count_;
  }
  changed_.notify_all();
}

result_source::result_source(std::shared_ptr<executor> commands,
                             std::optional<connection_options> listen)
    : exec(std::move(commands)), listen_(std::move(listen)) {}

std::shared_ptr<result_signal> result_source::watch(const std::string& channel) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!listen_ || listener_failed_) return nullptr;
  if (!listener_) {
    try {
      listener_ = std::make_unique<subscriber>(*listen_);
    } catch (const error&) {
      // Waits still work by reading the key; do not pay a connect timeout on every wait.
      listener_failed_ = true;
      return nullptr;
    }
  }
  auto& e = channels_[channel];
  if (e.watchers++ == 0) {
    e.signal = std::make_shared<result_signal>();
    auto signal = e.signal;
    try {
      listener_->subscribe(channel, [signal](const pubsub_message&) { signal->notify(); });
    } catch (const error&) {
      channels_.erase(channel);
      return nullptr;
    }
  }
  return e.signal;
}

void result_source::unwatch(const std::string& channel) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = channels_.find(channel);
  if (it == channels_.end() || --it->second.watchers > 0) return;
  channels_.erase(it);
  try {
    listener_->unsubscribe(channel);
  } catch (const error&) {
    // A closed or broken listener has no subscription left to drop.
  }
}

namespace {

task_state state_from(const std::string& status, const std::string& task_id) {
  if (status == "PENDING") return task_state::pending;
  if (status == "STARTED") return task_state::started;
  if (status == "SUCCESS") return task_state::success;
  if (status == "FAILURE") return task_state::failure;
  if (status == "RETRY") return task_state::retry;
  if (status == "REVOKED") return task_state::revoked;
  throw codec_error("Celery result of task " + task_id + " has an unknown status \"" +
                    status.substr(0, 32) + "\"");
}

}  // namespace

task_meta parse_meta(const std::string& task_id, const std::string& json_text) {
  nlohmann::json record;
  try {
    record = nlohmann::json::parse(json_text);
  } catch (const nlohmann::json::exception&) {
    throw codec_error("Celery result of task " + task_id +
                      " is not JSON (is the Python app's result_serializer \"json\"?)");
  }
  if (!record.is_object() || !record.contains("status") || !record["status"].is_string()) {
    throw codec_error("Celery result of task " + task_id + " has no \"status\"");
  }
  task_meta meta;
  meta.task_id = task_id;
  meta.state = state_from(record["status"].get<std::string>(), task_id);
  if (record.contains("result")) meta.result = record["result"];
  if (record.contains("traceback") && record["traceback"].is_string()) {
    meta.traceback = record["traceback"].get<std::string>();
  }
  if (record.contains("date_done") && record["date_done"].is_string()) {
    meta.date_done = record["date_done"].get<std::string>();
  }
  return meta;
}

std::string exception_message(const nlohmann::json& exc) {
  if (!exc.is_object() || !exc.contains("exc_message")) return exc.is_string() ? exc.get<std::string>() : exc.dump();
  const auto& message = exc["exc_message"];
  if (message.is_string()) return message.get<std::string>();
  if (!message.is_array()) return message.dump();
  std::string text;
  for (const auto& part : message) {
    if (!text.empty()) text += ", ";
    text += part.is_string() ? part.get<std::string>() : part.dump();
  }
  return text;
}

}  // namespace rediscache::celery::detail
