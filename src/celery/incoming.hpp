#pragma once

#include <rediscache/celery/worker.hpp>

#include <nlohmann/json.hpp>

#include <string>

namespace rediscache::celery::detail {

// A fetched message: kombu's envelope (kept in its order for the unacked hash) and the task.
struct incoming {
  nlohmann::ordered_json envelope;
  std::string delivery_tag;
  task_request request;
  bool ignore_result = false;
};

// Reads the envelope far enough for the transport's bookkeeping (delivery_tag); codec_error when
// it is not JSON or has no delivery tag.
incoming read_envelope(const std::string& text);
// Reads the task out of the envelope: headers and the [args, kwargs, embed] body (base64, zlib
// compression, JSON only). codec_error naming what is wrong.
void read_task(incoming& message);

}  // namespace rediscache::celery::detail
