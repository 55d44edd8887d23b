#include "celery/message.hpp"

#include <rediscache/error.hpp>

#include "celery/wire.hpp"

namespace rediscache::celery::detail {
namespace {

nlohmann::ordered_json optional_time(const std::optional<std::chrono::system_clock::time_point>& t) {
  if (!t) return nullptr;
  return iso_utc(*t, true);
}

// Python writes what it was given: 10 stays 10, 5.5 is 5.5.
nlohmann::ordered_json optional_number(const std::optional<double>& v) {
  if (!v) return nullptr;
  if (*v == static_cast<double>(static_cast<long long>(*v))) return static_cast<long long>(*v);
  return *v;
}

void check(std::string_view name, const nlohmann::json& args, const nlohmann::json& kwargs,
           const task_options& o) {
  if (name.empty()) throw config_error("Celery send_task: the task name is empty");
  if (o.queue.empty()) throw config_error("Celery send_task: the queue name is empty");
  if (!args.is_array()) {
    throw config_error("Celery send_task " + std::string(name) +
                       ": args must be a JSON array, not " + args.type_name());
  }
  if (!kwargs.is_object()) {
    throw config_error("Celery send_task " + std::string(name) +
                       ": kwargs must be a JSON object, not " + kwargs.type_name());
  }
  if (o.priority < 0 || o.priority > 9) {
    throw config_error("Celery send_task " + std::string(name) + ": priority " +
                       std::to_string(o.priority) + " is outside 0-9");
  }
  if (o.retries < 0) {
    throw config_error("Celery send_task " + std::string(name) + ": retries is negative");
  }
  if ((o.countdown && o.countdown->count() < 0) || (o.expires_in && o.expires_in->count() < 0)) {
    throw config_error("Celery send_task " + std::string(name) +
                       ": countdown and expires_in must not be negative");
  }
}

}  // namespace

outgoing_message build_message(std::string_view name, const nlohmann::json& args,
                               const nlohmann::json& kwargs, const task_options& o,
                               std::chrono::system_clock::time_point now) {
  check(name, args, kwargs, o);
  outgoing_message out;
  out.task_id = o.task_id.empty() ? uuid4() : o.task_id;
  out.list_key = priority_queue(o.queue, o.priority);

  auto eta = o.eta;
  if (o.countdown) eta = now + *o.countdown;
  auto expires = o.expires;
  if (o.expires_in) expires = now + *o.expires_in;

  nlohmann::ordered_json embed = {
      {"callbacks", nullptr}, {"errbacks", nullptr}, {"chain", nullptr}, {"chord", nullptr}};
  // Writing args checks their strings for UTF-8, before anything is sent.
  const std::string body_text =
      "[" + python_dumps(args) + ", " + python_dumps(kwargs) + ", " + python_dumps(embed) + "]";

  nlohmann::ordered_json headers = {
      {"lang", "py"},
      {"task", std::string(name)},
      {"id", out.task_id},
      {"shadow", nullptr},
      {"eta", optional_time(eta)},
      {"expires", optional_time(expires)},
      {"group", nullptr},
      {"group_index", nullptr},
      {"retries", o.retries},
      {"timelimit", {optional_number(o.time_limit), optional_number(o.soft_time_limit)}},
      {"root_id", out.task_id},
      {"parent_id", nullptr},
      {"argsrepr", python_args_repr(args)},
      {"kwargsrepr", python_repr(kwargs)},
      {"origin", o.origin.empty() ? default_origin() : o.origin},
      {"ignore_result", o.ignore_result},
  };
  nlohmann::ordered_json properties = {
      {"correlation_id", out.task_id},
      {"reply_to", ""},
      {"delivery_mode", 2},
  };
  // kombu's per-message TTL, from Celery's expires; the Redis transport ignores it.
  if (expires) {
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(*expires - now).count();
    properties["expiration"] = std::to_string(ms < 0 ? 0 : ms);
  }
  properties.update(nlohmann::ordered_json{
      {"delivery_info", {{"exchange", ""}, {"routing_key", o.queue}}},
      {"priority", o.priority},
      {"body_encoding", "base64"},
      {"delivery_tag", uuid4()},
  });
  nlohmann::ordered_json envelope = {
      {"body", base64_encode(body_text)},
      {"content-encoding", "utf-8"},
      {"content-type", "application/json"},
      {"headers", std::move(headers)},
      {"properties", std::move(properties)},
  };
  out.envelope = python_dumps(envelope);
  return out;
}

}  // namespace rediscache::celery::detail
