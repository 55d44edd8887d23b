#include "quote.hpp"

#include <rediscache/codec.hpp>
#include <rediscache/error.hpp>

#include <charconv>
#include <climits>
#include <string>

namespace rediscache {
namespace {

// Python's int() on bytes skips exactly these (Py_ISSPACE), not the other Unicode spaces.
bool is_ascii_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

// Splits an int() literal into its sign and magnitude; any size is a literal, out_of_range
// telling that the magnitude passed 64 bits.
detail::integer_parse scan(std::string_view text, bool& negative,
                           unsigned long long& magnitude) noexcept {
  while (!text.empty() && is_ascii_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_ascii_space(text.back())) text.remove_suffix(1);
  negative = false;
  if (!text.empty() && (text.front() == '+' || text.front() == '-')) {
    negative = text.front() == '-';
    text.remove_prefix(1);
  }
  magnitude = 0;
  bool overflow = false;
  bool after_digit = false;
  for (const char c : text) {
    if (c >= '0' && c <= '9') {
      const auto digit = static_cast<unsigned long long>(c - '0');
      if (magnitude > (ULLONG_MAX - digit) / 10) {
        overflow = true;
      } else if (!overflow) {
        magnitude = magnitude * 10 + digit;
      }
      after_digit = true;
    } else if (c == '_' && after_digit) {
      after_digit = false;
    } else {
      return detail::integer_parse::not_integer;
    }
  }
  // Also rejects "", a lone sign and a trailing underscore.
  if (!after_digit) return detail::integer_parse::not_integer;
  return overflow ? detail::integer_parse::out_of_range : detail::integer_parse::ok;
}

// nlohmann's message without its own "[json.exception...]" id: ours is already in what().
std::string reason(const nlohmann::json::exception& e) {
  std::string what = e.what();
  if (what.rfind("[json.exception.", 0) == 0) {
    const auto end = what.find("] ");
    if (end != std::string::npos) what.erase(0, end + 2);
  }
  return detail::escape_for_message(what, detail::max_server_text_bytes);
}

std::string describe(const nlohmann::json& v) {
  switch (v.type()) {
    case nlohmann::json::value_t::null:
      return "null";
    case nlohmann::json::value_t::object:
      return "an object";
    case nlohmann::json::value_t::array:
      return "an array";
    case nlohmann::json::value_t::string:
      return "a string";
    case nlohmann::json::value_t::boolean:
      return "a boolean";
    case nlohmann::json::value_t::binary:
      return "bytes";
    default:
      return "a number";
  }
}

template <class Integer>
std::string decimal(Integer v) {
  char text[24];
  return std::string(text, std::to_chars(text, text + sizeof text, v).ptr);
}

}  // namespace

bool is_plain_integer_text(std::string_view data) noexcept {
  bool negative = false;
  unsigned long long magnitude = 0;
  return scan(data, negative, magnitude) != detail::integer_parse::not_integer;
}

namespace detail {

integer_parse parse_python_int(std::string_view text, long long& out) noexcept {
  bool negative = false;
  unsigned long long magnitude = 0;
  const integer_parse result = scan(text, negative, magnitude);
  if (result != integer_parse::ok) return result;
  constexpr auto max = static_cast<unsigned long long>(LLONG_MAX);
  if (!negative) {
    if (magnitude > max) return integer_parse::out_of_range;
    out = static_cast<long long>(magnitude);
  } else {
    if (magnitude > max + 1) return integer_parse::out_of_range;
    out = magnitude == max + 1 ? LLONG_MIN : -static_cast<long long>(magnitude);
  }
  return integer_parse::ok;
}

integer_parse parse_python_int(std::string_view text, unsigned long long& out) noexcept {
  bool negative = false;
  unsigned long long magnitude = 0;
  const integer_parse result = scan(text, negative, magnitude);
  if (result != integer_parse::ok) return result;
  if (negative && magnitude != 0) return integer_parse::out_of_range;  // "-0" is 0
  out = magnitude;
  return integer_parse::ok;
}

namespace {
// Printable ASCII other than '"' and '\\': one table lookup per byte on the hot path of every
// cached string.
constexpr auto plain_json_bytes = [] {
  struct table {
    bool ok[256] = {};
  } t;
  for (int c = 0x20; c <= 0x7e; ++c) t.ok[c] = c != '"' && c != '\\';
  return t;
}();
}  // namespace

bool is_plain_json_text(std::string_view text) noexcept {
  for (char c : text) {
    if (!plain_json_bytes.ok[static_cast<unsigned char>(c)]) return false;
  }
  return true;
}

std::string encode_json_value(const nlohmann::json& v, const serializer& s) {
  if (v.is_number_unsigned()) return decimal(v.get<unsigned long long>());
  if (v.is_number_integer()) return decimal(v.get<long long>());
  return s.dump(v);
}

nlohmann::json decode_json_value(std::string_view data, const serializer& s) {
  long long signed_value = 0;
  switch (parse_python_int(data, signed_value)) {
    case integer_parse::ok:
      return nlohmann::json(signed_value);
    case integer_parse::out_of_range: {
      unsigned long long unsigned_value = 0;
      if (parse_python_int(data, unsigned_value) == integer_parse::ok) {
        return nlohmann::json(unsigned_value);
      }
      throw codec_error("the stored integer does not fit in 64 bits");
    }
    case integer_parse::not_integer:
      break;
  }
  return s.load(data);
}

void throw_wrong_type(const nlohmann::json& stored, const char* wanted) {
  throw codec_error("the stored value holds " + describe(stored) + ", not " + wanted);
}

void throw_out_of_range() {
  throw codec_error("the stored integer is out of range for the requested type");
}

void throw_encode_error(const nlohmann::json::exception& e) {
  throw codec_error("the value cannot be converted to json: " + reason(e));
}

void throw_decode_error(const nlohmann::json::exception& e) {
  throw codec_error("the stored value cannot be read as the requested type: " + reason(e));
}

}  // namespace detail
}  // namespace rediscache
