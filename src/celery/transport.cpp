#include "celery/transport.hpp"

#include <rediscache/error.hpp>

#include "celery/wire.hpp"

#include <algorithm>

namespace rediscache::celery::detail {
namespace {

constexpr const char* unacked_key = "unacked";
constexpr const char* unacked_index_key = "unacked_index";
constexpr const char* unacked_mutex_key = "unacked_mutex";
constexpr long long unacked_mutex_ms = 300000;

// redis-py's Lock release: delete the key only while it holds our token.
constexpr const char* release_script =
    "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end "
    "return 0";

double now_seconds() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

void check(const transaction_result& result, const char* what) {
  if (!result.ok()) throw protocol_error(std::string("Celery transport: ") + what + " failed");
}

}  // namespace

std::vector<std::string> brpop_keys(const std::vector<std::string>& queues) {
  std::vector<std::string> keys;
  for (const auto& q : queues) {
    for (int priority : {0, 3, 6, 9}) keys.push_back(priority_queue(q, priority));
  }
  return keys;
}

std::optional<fetched> fetch(executor& exec, const std::vector<std::string>& keys,
                             std::chrono::milliseconds wait) {
  command brpop{"BRPOP"};
  for (const auto& k : keys) brpop.arg(k);
  brpop.arg(std::max(0.01, static_cast<double>(wait.count()) / 1000.0)).blocks_for(wait);
  const auto r = exec.run(brpop);
  if (r.is_nil() || !r.is_array() || r.elements().size() != 2) return std::nullopt;
  return fetched{r.elements()[0].str(), r.elements()[1].str()};
}

void mark_unacked(executor& exec, const std::string& tag, const nlohmann::ordered_json& envelope) {
  const auto& info = envelope["properties"]["delivery_info"];
  nlohmann::ordered_json entry = nlohmann::ordered_json::array(
      {envelope, info.value("exchange", ""), info.value("routing_key", "")});
  command zadd{"ZADD", unacked_index_key};
  zadd.arg(now_seconds()).arg(tag);
  check(exec.run_transaction({zadd, command{"HSET", unacked_key, tag, python_dumps(entry)}}),
        "marking a message unacked");
}

void ack(executor& exec, const std::string& tag) {
  check(exec.run_transaction({command{"ZREM", unacked_index_key, tag},
                              command{"HDEL", unacked_key, tag}}),
        "acknowledging a message");
}

bool restore(executor& exec, const std::string& tag) {
  const auto taken = exec.run_transaction({command{"HGET", unacked_key, tag},
                                           command{"ZREM", unacked_index_key, tag},
                                           command{"HDEL", unacked_key, tag}});
  check(taken, "taking an unacked message");
  const auto& stored = taken.replies[0];
  if (stored.is_nil()) return false;
  nlohmann::ordered_json entry;
  try {
    entry = nlohmann::ordered_json::parse(stored.str());
  } catch (const nlohmann::json::exception&) {
    throw codec_error("Celery transport: unacked message " + tag + " is not JSON");
  }
  if (!entry.is_array() || entry.size() != 3 || !entry[0].is_object()) {
    throw codec_error("Celery transport: unacked message " + tag + " is not kombu's");
  }
  auto& message = entry[0];
  if (message.contains("headers") && message["headers"].is_object()) {
    message["headers"]["redelivered"] = true;
  }
  int priority = 0;
  if (message.contains("properties") && message["properties"].is_object()) {
    auto& properties = message["properties"];
    if (properties.contains("delivery_info") && properties["delivery_info"].is_object()) {
      properties["delivery_info"]["redelivered"] = true;
    }
    if (properties.contains("priority") && properties["priority"].is_number_integer()) {
      priority = std::clamp(properties["priority"].get<int>(), 0, 9);
    }
  }
  const std::string queue = entry[2].is_string() ? entry[2].get<std::string>() : "celery";
  exec.run(command{"RPUSH", priority_queue(queue, priority), python_dumps(message)});
  return true;
}

std::size_t restore_visible(executor& exec, std::chrono::milliseconds visibility_timeout) {
  const std::string token = uuid4();
  command lock{"SET", unacked_mutex_key, token, "PX"};
  lock.arg(unacked_mutex_ms).arg("NX");
  if (exec.run(lock).is_nil()) return 0;
  std::size_t restored = 0;
  try {
    command due{"ZREVRANGEBYSCORE", unacked_index_key};
    due.arg(now_seconds() - static_cast<double>(visibility_timeout.count()) / 1000.0)
        .arg("0")
        .arg("WITHSCORES");
    const auto r = exec.run(due);
    const auto& items = r.elements();
    for (std::size_t i = 0; i + 1 < items.size(); i += 2) {
      if (restore(exec, items[i].str())) ++restored;
    }
  } catch (...) {
    exec.run(command{"EVAL", release_script, "1", unacked_mutex_key, token});
    throw;
  }
  exec.run(command{"EVAL", release_script, "1", unacked_mutex_key, token});
  return restored;
}

void store_result(executor& exec, const std::string& task_id, const char* status,
                  const nlohmann::json& result, const std::string& traceback,
                  std::chrono::seconds expires) {
  nlohmann::ordered_json meta = {
      {"status", status},
      {"result", nullptr},
      {"traceback", traceback.empty() ? nlohmann::ordered_json(nullptr)
                                      : nlohmann::ordered_json(traceback)},
      {"children", nlohmann::ordered_json::array()},
      {"date_done", iso_utc(std::chrono::system_clock::now(), false)},
      {"task_id", task_id},
  };
  // The record is written with Python's separators around the caller's value.
  std::string text = python_dumps(meta);
  const std::string placeholder = "\"result\": null";
  text.replace(text.find(placeholder), placeholder.size(), "\"result\": " + python_dumps(result));
  const auto key = meta_key(task_id);
  command setex{"SETEX", key};
  setex.arg(static_cast<long long>(expires.count())).arg(text);
  check(exec.run_transaction({setex, command{"PUBLISH", key, text}}), "storing a result");
}

nlohmann::json exception_json(const std::string& type, const std::string& message,
                              const std::string& module) {
  return {{"exc_type", type}, {"exc_message", nlohmann::json::array({message})},
          {"exc_module", module}};
}

}  // namespace rediscache::celery::detail
