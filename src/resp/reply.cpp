#include <rediscache/error.hpp>
#include <rediscache/reply.hpp>

#include <utility>

namespace rediscache {
namespace {

[[noreturn]] void wrong_kind(reply::kind actual, const char* wanted) {
  std::string detail = "expected ";
  detail += wanted;
  detail += " reply, got ";
  detail += to_string(actual);
  throw protocol_error(detail);
}

}  // namespace

const char* to_string(reply::kind k) noexcept {
  switch (k) {
    case reply::kind::nil: return "nil";
    case reply::kind::integer: return "integer";
    case reply::kind::simple_string: return "simple string";
    case reply::kind::bulk_string: return "bulk string";
    case reply::kind::error: return "error";
    case reply::kind::array: return "array";
  }
  return "unknown";
}

reply reply::make_integer(long long value) {
  reply r;
  r.value_.emplace<long long>(value);
  return r;
}

reply reply::make_simple_string(std::string_view text) {
  reply r;
  r.value_.emplace<reply::text<kind::simple_string>>().value.assign(text.data(), text.size());
  return r;
}

reply reply::make_bulk_string(std::string_view bytes) {
  reply r;
  r.value_.emplace<reply::text<kind::bulk_string>>().value.assign(bytes.data(), bytes.size());
  return r;
}

reply reply::make_error(std::string_view message) {
  reply r;
  r.value_.emplace<reply::text<kind::error>>().value.assign(message.data(), message.size());
  return r;
}

reply reply::make_array(std::vector<reply> elements) {
  reply r;
  r.value_.emplace<std::vector<reply>>(std::move(elements));
  return r;
}

// The string of a simple string, bulk string or error reply; null for other kinds.
const std::string* reply::text_or_null() const noexcept {
  switch (type()) {
    case kind::simple_string: return &std::get<text<kind::simple_string>>(value_).value;
    case kind::bulk_string: return &std::get<text<kind::bulk_string>>(value_).value;
    case kind::error: return &std::get<text<kind::error>>(value_).value;
    default: return nullptr;
  }
}

bool reply::is_ok() const noexcept {
  const auto* simple = std::get_if<text<kind::simple_string>>(&value_);
  return simple != nullptr && simple->value == "OK";
}

long long reply::integer() const {
  throw_if_error();
  if (!is_integer()) wrong_kind(type(), "an integer");
  return std::get<long long>(value_);
}

const std::string& reply::str() const {
  throw_if_error();
  if (!is_string()) wrong_kind(type(), "a string");
  return *text_or_null();
}

const std::string& reply::error_message() const noexcept {
  static const std::string none;
  return is_error() ? *text_or_null() : none;
}

const std::vector<reply>& reply::elements() const {
  throw_if_error();
  if (!is_array()) wrong_kind(type(), "an array");
  return std::get<std::vector<reply>>(value_);
}

std::vector<reply>& reply::elements() {
  throw_if_error();
  if (!is_array()) wrong_kind(type(), "an array");
  return std::get<std::vector<reply>>(value_);
}

std::string reply::take_str() {
  throw_if_error();
  if (!is_string()) wrong_kind(type(), "a string");
  return std::move(*const_cast<std::string*>(text_or_null()));
}

const reply& reply::throw_if_error() const {
  if (is_error()) throw reply_error(*text_or_null());
  return *this;
}

std::string reply::to_debug_string() const {
  switch (type()) {
    case kind::nil: return "(nil)";
    case kind::integer: return "(integer) " + std::to_string(std::get<long long>(value_));
    case kind::simple_string: return str();
    case kind::bulk_string: return "\"" + str() + "\"";
    case kind::error: return "(error) " + error_message();
    case kind::array: {
      std::string out = "[";
      const auto& items = std::get<std::vector<reply>>(value_);
      for (std::size_t i = 0; i < items.size(); ++i) {
        if (i) out += ", ";
        out += items[i].to_debug_string();
      }
      return out + "]";
    }
  }
  return {};
}

}  // namespace rediscache
