#pragma once

#include <nlohmann/json.hpp>

#include <chrono>
#include <string>
#include <string_view>

namespace rediscache::celery::detail {

// Python's json.dumps(value) with its defaults (", " and ": " separators, ensure_ascii), which
// kombu and Celery use for envelopes, bodies and result records. Objects keep their order, so an
// ordered_json gives Python's dict order. Throws codec_error for a string that is not UTF-8.
std::string python_dumps(const nlohmann::json& value);
std::string python_dumps(const nlohmann::ordered_json& value);

// Python's repr() of args (as a tuple) and kwargs, for headers.argsrepr / kwargsrepr, which only
// logs and monitors read.
std::string python_args_repr(const nlohmann::json& args);
std::string python_repr(const nlohmann::json& value);

std::string base64_encode(std::string_view bytes);
// Throws codec_error for text that is not base64.
std::string base64_decode(std::string_view text);

// A random (version 4) UUID, "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx".
std::string uuid4();

// "2026-11-26T04:03:52.961346+00:00" (aware, for eta/expires) or without the "+00:00" suffix
// (naive UTC, for date_done).
std::string iso_utc(std::chrono::system_clock::time_point when, bool with_offset);
// Reads what Python's datetime.isoformat() writes: with or without fraction, "+HH:MM" offset or
// "Z"; a naive time is taken as UTC. Throws codec_error otherwise.
std::chrono::system_clock::time_point parse_iso(std::string_view text);

// "gen<pid>@<hostname>", Celery's anon_nodename().
std::string default_origin();

// The list key for a priority: "queue" for 0-2, "queue\x06\x163" for 3-5, ... (kombu's
// priority_steps [0, 3, 6, 9] and separator "\x06\x16").
std::string priority_queue(std::string_view queue, int priority);

// The result backend's key and channel for a task.
inline std::string meta_key(std::string_view task_id) {
  return "celery-task-meta-" + std::string(task_id);
}

}  // namespace rediscache::celery::detail
