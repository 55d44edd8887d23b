#include "celery/incoming.hpp"

#include <rediscache/error.hpp>

#include "celery/wire.hpp"

#include <zlib.h>

namespace rediscache::celery::detail {
namespace {

std::string inflate_zlib(const std::string& data) {
  z_stream stream{};
  if (inflateInit(&stream) != Z_OK) throw codec_error("Celery message: zlib init failed");
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  std::string out;
  char buffer[16384];
  int status = Z_OK;
  while (status == Z_OK) {
    stream.next_out = reinterpret_cast<Bytef*>(buffer);
    stream.avail_out = sizeof buffer;
    status = inflate(&stream, Z_NO_FLUSH);
    out.append(buffer, sizeof buffer - stream.avail_out);
  }
  inflateEnd(&stream);
  if (status != Z_STREAM_END) throw codec_error("Celery message body is not a valid zlib stream");
  return out;
}

template <class Json>
std::string string_or_empty(const Json& object, const char* name) {
  if (!object.is_object() || !object.contains(name) || !object[name].is_string()) return {};
  return object[name].template get<std::string>();
}

}  // namespace

incoming read_envelope(const std::string& text) {
  incoming message;
  try {
    message.envelope = nlohmann::ordered_json::parse(text);
  } catch (const nlohmann::json::exception&) {
    throw codec_error("Celery message is not JSON");
  }
  if (!message.envelope.is_object() || !message.envelope.contains("properties") ||
      !message.envelope["properties"].is_object()) {
    throw codec_error("Celery message has no properties");
  }
  auto& properties = message.envelope["properties"];
  message.delivery_tag = string_or_empty(properties, "delivery_tag");
  if (message.delivery_tag.empty()) throw codec_error("Celery message has no delivery_tag");
  if (!properties.contains("delivery_info") || !properties["delivery_info"].is_object()) {
    properties["delivery_info"] = {{"exchange", ""}, {"routing_key", ""}};
  }
  return message;
}

void read_task(incoming& message) {
  auto& envelope = message.envelope;
  const auto& headers = envelope["headers"];
  const auto& properties = envelope["properties"];
  auto& req = message.request;
  req.id = string_or_empty(headers, "id");
  req.name = string_or_empty(headers, "task");
  if (req.id.empty() || req.name.empty()) {
    throw codec_error("Celery message is not protocol 2: no headers.id or headers.task");
  }
  const auto content_type = string_or_empty(envelope, "content-type");
  if (content_type != "application/json") {
    throw codec_error("Celery message of task " + req.id + " has content-type \"" + content_type +
                      "\"; only application/json (Celery's default serializer) is read");
  }
  std::string body = string_or_empty(envelope, "body");
  if (string_or_empty(properties, "body_encoding") == "base64") body = base64_decode(body);
  const auto compression = string_or_empty(headers, "compression");
  if (compression == "application/x-gzip" || compression == "zlib") {
    body = inflate_zlib(body);
  } else if (!compression.empty()) {
    throw codec_error("Celery message of task " + req.id + " uses compression \"" + compression +
                      "\"; only zlib is read");
  }
  nlohmann::json parts;
  try {
    parts = nlohmann::json::parse(body);
  } catch (const nlohmann::json::exception&) {
    throw codec_error("Celery message body of task " + req.id + " is not JSON");
  }
  if (!parts.is_array() || parts.size() < 2 || !parts[0].is_array() || !parts[1].is_object()) {
    throw codec_error("Celery message body of task " + req.id + " is not [args, kwargs, embed]");
  }
  req.args = std::move(parts[0]);
  req.kwargs = std::move(parts[1]);
  if (headers.contains("retries") && headers["retries"].is_number_integer()) {
    req.retries = headers["retries"].get<int>();
  }
  const auto eta = string_or_empty(headers, "eta");
  if (!eta.empty()) req.eta = parse_iso(eta);
  const auto expires = string_or_empty(headers, "expires");
  if (!expires.empty()) req.expires = parse_iso(expires);
  req.queue = string_or_empty(properties["delivery_info"], "routing_key");
  if (properties.contains("priority") && properties["priority"].is_number_integer()) {
    req.priority = properties["priority"].get<int>();
  }
  req.redelivered = headers.contains("redelivered") && headers["redelivered"] == true;
  message.ignore_result = headers.contains("ignore_result") && headers["ignore_result"] == true;
}

}  // namespace rediscache::celery::detail
