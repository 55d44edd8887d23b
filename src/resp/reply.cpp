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
  r.kind_ = kind::integer;
  r.integer_ = value;
  return r;
}

reply reply::make_simple_string(std::string_view text) {
  reply r;
  r.kind_ = kind::simple_string;
  r.str_.assign(text.data(), text.size());
  return r;
}

reply reply::make_bulk_string(std::string_view bytes) {
  reply r;
  r.kind_ = kind::bulk_string;
  r.str_.assign(bytes.data(), bytes.size());
  return r;
}

reply reply::make_error(std::string_view message) {
  reply r;
  r.kind_ = kind::error;
  r.str_.assign(message.data(), message.size());
  return r;
}

reply reply::make_array(std::vector<reply> elements) {
  reply r;
  r.kind_ = kind::array;
  r.elements_ = std::move(elements);
  return r;
}

bool reply::is_ok() const noexcept { return kind_ == kind::simple_string && str_ == "OK"; }

long long reply::integer() const {
  if (kind_ == kind::error) throw reply_error(str_);
  if (kind_ != kind::integer) wrong_kind(kind_, "an integer");
  return integer_;
}

const std::string& reply::str() const {
  if (kind_ == kind::error) throw reply_error(str_);
  if (!is_string()) wrong_kind(kind_, "a string");
  return str_;
}

const std::string& reply::error_message() const noexcept {
  static const std::string none;
  return kind_ == kind::error ? str_ : none;
}

const std::vector<reply>& reply::elements() const {
  if (kind_ == kind::error) throw reply_error(str_);
  if (kind_ != kind::array) wrong_kind(kind_, "an array");
  return elements_;
}

std::vector<reply>& reply::elements() {
  if (kind_ == kind::error) throw reply_error(str_);
  if (kind_ != kind::array) wrong_kind(kind_, "an array");
  return elements_;
}

std::string reply::take_str() {
  if (kind_ == kind::error) throw reply_error(str_);
  if (!is_string()) wrong_kind(kind_, "a string");
  return std::move(str_);
}

const reply& reply::throw_if_error() const {
  if (kind_ == kind::error) throw reply_error(str_);
  return *this;
}

std::string reply::to_debug_string() const {
  switch (kind_) {
    case kind::nil: return "(nil)";
    case kind::integer: return "(integer) " + std::to_string(integer_);
    case kind::simple_string: return str_;
    case kind::bulk_string: return "\"" + str_ + "\"";
    case kind::error: return "(error) " + str_;
    case kind::array: {
      std::string out = "[";
      for (std::size_t i = 0; i < elements_.size(); ++i) {
        if (i) out += ", ";
        out += elements_[i].to_debug_string();
      }
      return out + "]";
    }
  }
  return {};
}

bool operator==(const reply& a, const reply& b) {
  return a.kind_ == b.kind_ && a.integer_ == b.integer_ && a.str_ == b.str_ &&
         a.elements_ == b.elements_;
}

}  // namespace rediscache
