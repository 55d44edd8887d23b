#include "quote.hpp"

#include <rediscache/codec.hpp>
#include <rediscache/error.hpp>
#include <rediscache/pickle/pickle.hpp>
#include <rediscache/serializer.hpp>

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace rediscache {
namespace {

using nlohmann::json;

// Python's json module stops near 1000 levels, so nothing it wrote is deeper; msgpack is parsed
// recursively by nlohmann, so this bound is also what keeps hostile input off the stack limit.
constexpr std::size_t max_depth = 1000;

// Echoing stored bytes into an error message could leak them into logs; short ones help debugging.
constexpr std::size_t max_echoed_bytes = 60;

// Builds a json value from SAX events like nlohmann's own DOM parser, but refuses deep nesting.
class bounded_builder {
 public:
  explicit bounded_builder(json& root) : root_(root) {}

  bool null() { return put(json(nullptr)); }
  bool boolean(bool v) { return put(json(v)); }
  bool number_integer(json::number_integer_t v) { return put(json(v)); }
  bool number_unsigned(json::number_unsigned_t v) { return put(json(v)); }
  bool number_float(json::number_float_t v, const json::string_t&) { return put(json(v)); }
  bool string(json::string_t& v) { return put(json(std::move(v))); }
  bool binary(json::binary_t& v) { return put(json(std::move(v))); }
  bool start_object(std::size_t) { return open(json::value_t::object); }
  bool key(json::string_t& k) {
    key_ = std::move(k);
    return true;
  }
  bool end_object() { return close(); }
  bool start_array(std::size_t) { return open(json::value_t::array); }
  bool end_array() { return close(); }
  bool parse_error(std::size_t, const std::string&, const json::exception& e) {
    error_ = e.what();
    return false;
  }

  bool too_deep() const { return too_deep_; }
  const std::string& error() const { return error_; }

 private:
  bool put(json&& v) {
    place(std::move(v));
    return true;
  }

  // A parent grows only after its open child is closed, so the stack's pointers stay valid.
  json* place(json&& v) {
    if (stack_.empty()) {
      root_ = std::move(v);
      return &root_;
    }
    json& parent = *stack_.back();
    if (parent.is_array()) {
      parent.push_back(std::move(v));
      return &parent.back();
    }
    json& slot = parent[key_];
    slot = std::move(v);
    return &slot;
  }

  bool open(json::value_t type) {
    if (stack_.size() >= max_depth) {
      too_deep_ = true;
      return false;
    }
    stack_.push_back(place(json(type)));
    return true;
  }

  bool close() {
    stack_.pop_back();
    return true;
  }

  json& root_;
  std::vector<json*> stack_;
  std::string key_;
  std::string error_;
  bool too_deep_ = false;
};

// nlohmann's message without its own "[json.exception...]" id, and without the token it quotes
// when the input is long enough to hold something private.
std::string parser_reason(std::string what, std::size_t input_size) {
  if (what.rfind("[json.exception.", 0) == 0) {
    const auto end = what.find("] ");
    if (end != std::string::npos) what.erase(0, end + 2);
  }
  if (input_size > max_echoed_bytes) {
    const auto quote = what.find("; last read: ");
    if (quote != std::string::npos) what.erase(quote);
  }
  // The token nlohmann quotes holds the value's own bytes, control characters included.
  return detail::escape_for_message(what, detail::max_server_text_bytes);
}

json load_with(std::string_view data, json::input_format_t format, const char* name) {
  json root;
  bounded_builder builder(root);
  const char* first = data.data();
  const char* last = first + data.size();
  bool ok = false;
  try {
    ok = json::sax_parse(first, last, &builder, format, true);
  } catch (const json::exception& e) {
    throw codec_error(std::string(name) +
                      " value cannot be read: " + parser_reason(e.what(), data.size()));
  }
  if (ok) return root;
  if (builder.too_deep()) {
    throw codec_error(std::string(name) + " value nests deeper than " + std::to_string(max_depth) +
                      " levels");
  }
  throw codec_error(std::string(name) +
                    " value cannot be read: " + parser_reason(builder.error(), data.size()));
}

// nlohmann would quietly write binary as an object and NaN as null; Python would read back
// something else, so both are refused before dumping.
void check_json_representable(const json& v) {
  if (v.is_binary()) {
    throw codec_error(
        "the json serializer cannot store bytes (Python's json cannot either); use msgpack or raw");
  }
  if (v.is_number_float() && !std::isfinite(v.get<double>())) {
    throw codec_error("the json serializer cannot store NaN or infinity");
  }
  if (v.is_structured()) {
    for (const auto& child : v) check_json_representable(child);
  }
}

std::string dump_json(const json& v) {
  check_json_representable(v);
  try {
    return v.dump(-1, ' ', true, json::error_handler_t::strict);
  } catch (const json::exception& e) {
    throw codec_error("value cannot be written as json: " + parser_reason(e.what(), 0));
  }
}

// Only what reads back as the same value: a string that int() accepts would read back as an
// integer (integers are stored as the same decimal text), and raw bytes would read back as a
// string, so both are refused rather than silently changed.
std::string dump_raw(const json& v) {
  if (v.is_string()) {
    const auto& text = v.get_ref<const json::string_t&>();
    if (is_plain_integer_text(text)) {
      throw codec_error(
          "the raw serializer cannot store a string that reads as an integer as a json value "
          "(it would read back as a number); store it as std::string");
    }
    return text;
  }
  if (v.is_binary()) {
    throw codec_error("the raw serializer stores bytes as rediscache::bytes, not as json binary");
  }
  throw codec_error("the raw serializer stores only strings and bytes, not " +
                    std::string(v.type_name()));
}

}  // namespace

std::string serializer::dump(const nlohmann::json& v) const {
  switch (kind_) {
    case serializer_kind::json:
      return dump_json(v);
    case serializer_kind::msgpack: {
      std::string out;
      try {
        json::to_msgpack(v, out);
      } catch (const json::exception& e) {
        throw codec_error("value cannot be written as msgpack: " + parser_reason(e.what(), 0));
      }
      return out;
    }
    case serializer_kind::raw:
      return dump_raw(v);
    case serializer_kind::pickle:
      return pickle::dump_json(v);
  }
  throw codec_error("unknown serializer kind");
}

nlohmann::json serializer::load(std::string_view data) const {
  switch (kind_) {
    case serializer_kind::json:
      return load_with(data, json::input_format_t::json, "json");
    case serializer_kind::msgpack:
      return load_with(data, json::input_format_t::msgpack, "msgpack");
    case serializer_kind::raw:
      return json(std::string(data));
    case serializer_kind::pickle:
      return pickle::load_json(data);
  }
  throw codec_error("unknown serializer kind");
}

std::string_view to_string(serializer_kind k) noexcept {
  switch (k) {
    case serializer_kind::json:
      return "json";
    case serializer_kind::msgpack:
      return "msgpack";
    case serializer_kind::raw:
      return "raw";
    case serializer_kind::pickle:
      return "pickle";
  }
  return "unknown";
}

serializer_kind parse_serializer_kind(std::string_view name) {
  if (name == "json" || name == "django_redis.serializers.json.JSONSerializer") {
    return serializer_kind::json;
  }
  if (name == "msgpack" || name == "django_redis.serializers.msgpack.MSGPackSerializer") {
    return serializer_kind::msgpack;
  }
  if (name == "raw") return serializer_kind::raw;
  if (name == "pickle" || name == "django_redis.serializers.pickle.PickleSerializer") {
    return serializer_kind::pickle;
  }
  throw config_error("unknown serializer " + detail::quote_for_message(name) +
                     ": expected json, msgpack, raw, pickle or a django-redis JSONSerializer, "
                     "MSGPackSerializer or PickleSerializer path");
}

}  // namespace rediscache
