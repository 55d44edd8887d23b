#include <rediscache/reply_as.hpp>

#include <charconv>
#include <cmath>
#include <limits>

namespace rediscache::detail {

void wrong_reply(const reply& r, const char* wanted) {
  r.throw_if_error();
  throw protocol_error(std::string("expected ") + wanted + ", got a " + to_string(r.type()) +
                       " reply");
}

long long integer_of(const reply& r) {
  if (r.is_integer()) return r.integer();
  if (r.is_string()) {
    const std::string& text = r.str();
    long long value = 0;
    const char* end = text.data() + text.size();
    auto [stop, ec] = std::from_chars(text.data(), end, value);
    if (!text.empty() && ec == std::errc() && stop == end) return value;
    throw protocol_error("expected an integer, got a string of " + std::to_string(text.size()) +
                         " bytes that is not one");
  }
  wrong_reply(r, "an integer");
}

// Redis writes doubles as %.17g, and infinities as "inf" / "-inf".
double double_of(const reply& r) {
  if (r.is_integer()) return static_cast<double>(r.integer());
  if (!r.is_string()) wrong_reply(r, "a number");
  const std::string& text = r.str();
  if (text == "inf" || text == "+inf") return std::numeric_limits<double>::infinity();
  if (text == "-inf") return -std::numeric_limits<double>::infinity();
  double value = 0;
  const char* end = text.data() + text.size();
  auto [stop, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || stop != end) {
    throw protocol_error("expected a number, got a string of " + std::to_string(text.size()) +
                         " bytes that is not one");
  }
  return value;
}

bool bool_of(const reply& r) {
  if (r.is_integer()) return r.integer() != 0;
  if (r.is_nil()) return false;  // SET NX that did not set, and the like
  if (r.is_ok()) return true;
  if (r.is_string()) return r.str() == "1";
  wrong_reply(r, "a boolean");
}

std::string text_of(reply&& r) {
  if (r.is_string()) return r.take_str();
  if (r.is_integer()) return std::to_string(r.integer());
  wrong_reply(r, "a string");
}

}  // namespace rediscache::detail
