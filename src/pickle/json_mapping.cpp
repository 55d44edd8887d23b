// The mapping between pickled values and nlohmann::json (see pickle.hpp), and the codec glue.
#include "quote.hpp"

#include <rediscache/error.hpp>
#include <rediscache/pickle/pickle.hpp>

#include <nlohmann/json.hpp>

#include <cstdio>

namespace rediscache::pickle {
namespace {

using nlohmann::json;

std::string two(int v) {
  char b[8];
  std::snprintf(b, sizeof b, "%02d", v);
  return b;
}

std::string iso_date(const date_time& t) {
  char b[16];
  std::snprintf(b, sizeof b, "%04d-%02d-%02d", t.year, t.month, t.day);
  return b;
}

// time.isoformat(): microseconds only when non-zero, the offset as +HH:MM[:SS].
std::string iso_time(const date_time& t) {
  std::string out = two(t.hour) + ":" + two(t.minute) + ":" + two(t.second);
  if (t.microsecond != 0) {
    char b[8];
    std::snprintf(b, sizeof b, ".%06d", t.microsecond);
    out += b;
  }
  if (t.tz) {
    int s = t.tz->seconds;
    out += s < 0 ? '-' : '+';
    if (s < 0) s = -s;
    out += two(s / 3600) + ":" + two(s / 60 % 60);
    if (s % 60 != 0) out += ":" + two(s % 60);
  }
  return out;
}

json to_json_at(const value& v, std::size_t depth) {
  if (depth > 1000) throw codec_error("pickle value nests deeper than 1000 levels");
  switch (v.type()) {
    case kind::none:
      return nullptr;
    case kind::boolean:
      return v.as_bool();
    case kind::integer:
      return v.as_int();
    case kind::big_integer: {
      const std::string& text = v.integer_text();
      unsigned long long u = 0;
      if (text.size() <= 20 && std::sscanf(text.c_str(), "%llu", &u) == 1 &&
          std::to_string(u) == text) {
        return u;
      }
      throw codec_error("the pickled int " + rediscache::detail::escape_for_message(text) +
                        " does not fit in 64 bits; read it as rediscache::pickle::value");
    }
    case kind::floating:
      return v.as_double();
    case kind::str:
      return v.as_str();
    case kind::bytes:
    case kind::bytearray: {
      const auto& b = v.as_bytes();
      return json::binary(std::vector<std::uint8_t>(b.begin(), b.end()));
    }
    case kind::list:
    case kind::tuple:
    case kind::set:
    case kind::frozenset: {
      json out = json::array();
      for (const auto& item : v.items()) out.push_back(to_json_at(item, depth + 1));
      return out;
    }
    case kind::dict: {
      json out = json::object();
      for (const auto& item : v.dict_items()) {
        if (item.key.type() != kind::str) {
          throw codec_error(
              "the pickled dict has a key of type " + std::string(item.key.type_name()) +
              ", which a JSON object cannot hold; read it as rediscache::pickle::value");
        }
        out[item.key.as_str()] = to_json_at(item.val, depth + 1);
      }
      return out;
    }
    case kind::datetime:
      return iso_date(v.as_date_time()) + "T" + iso_time(v.as_date_time());
    case kind::date:
      return iso_date(v.as_date_time());
    case kind::time:
      return iso_time(v.as_date_time());
    case kind::timedelta: {
      const auto& d = v.as_timedelta();
      return static_cast<double>(d.days) * 86400.0 + d.seconds + d.microseconds / 1e6;
    }
    case kind::decimal:
      return v.decimal_text();
    case kind::uuid:
      return v.uuid_text();
  }
  throw codec_error("unknown pickle value");
}

value from_json_at(const json& j, std::size_t depth) {
  if (depth > 1000) throw codec_error("the value nests deeper than 1000 levels");
  switch (j.type()) {
    case json::value_t::null:
      return value();
    case json::value_t::boolean:
      return value(j.get<bool>());
    case json::value_t::number_integer:
      return value(static_cast<long long>(j.get<std::int64_t>()));
    case json::value_t::number_unsigned:
      return value::integer(std::to_string(j.get<std::uint64_t>()));
    case json::value_t::number_float:
      return value(j.get<double>());
    case json::value_t::string:
      return value(j.get<std::string>());
    case json::value_t::binary: {
      const auto& b = j.get_binary();
      return value::bytes(std::string(b.begin(), b.end()));
    }
    case json::value_t::array: {
      std::vector<value> items;
      items.reserve(j.size());
      for (const auto& item : j) items.push_back(from_json_at(item, depth + 1));
      return value::list(std::move(items));
    }
    case json::value_t::object: {
      std::vector<dict_item> items;
      items.reserve(j.size());
      for (auto it = j.begin(); it != j.end(); ++it) {
        items.push_back({value(it.key()), from_json_at(it.value(), depth + 1)});
      }
      return value::dict(std::move(items));
    }
    case json::value_t::discarded:
      break;
  }
  throw codec_error("a discarded json value cannot be pickled");
}

}  // namespace

nlohmann::json to_json(const value& v) { return to_json_at(v, 0); }
value from_json(const nlohmann::json& v) { return from_json_at(v, 0); }

nlohmann::json load_json(std::string_view data, const load_limits& limits) {
  return to_json(load(data, limits));
}

std::string dump_json(const nlohmann::json& v, int protocol) {
  return dump(from_json(v), protocol);
}

}  // namespace rediscache::pickle

namespace rediscache::detail {

std::string encode_pickle_value(const pickle::value& v, const serializer& s) {
  if (v.type() == pickle::kind::integer || v.type() == pickle::kind::big_integer) {
    return v.integer_text();
  }
  if (s.kind() == serializer_kind::pickle) return pickle::dump(v);
  return encode_json_value(pickle::to_json(v), s);
}

pickle::value decode_pickle_value(std::string_view data, const serializer& s) {
  long long small = 0;
  switch (parse_python_int(data, small)) {
    case integer_parse::ok:
      return pickle::value(small);
    case integer_parse::out_of_range: {
      // Python int() text of any size: strip what int() ignores, then keep the digits.
      std::string digits;
      for (const char c : data) {
        if (c == '-' || (c >= '0' && c <= '9')) digits += c;
      }
      return pickle::value::integer(digits);
    }
    case integer_parse::not_integer:
      break;
  }
  if (s.kind() == serializer_kind::pickle) return pickle::load(data);
  return pickle::from_json(s.load(data));
}

}  // namespace rediscache::detail
