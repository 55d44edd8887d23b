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
  r.integer_ = value;
  r.kind_ = kind::integer;
  return r;
}

reply reply::make_simple_string(std::string_view text) {
  reply r;
  new (&r.text_) std::string(text.data(), text.size());
  r.kind_ = kind::simple_string;
  return r;
}

reply reply::make_bulk_string(std::string_view bytes) {
  reply r;
  new (&r.text_) std::string(bytes.data(), bytes.size());
  r.kind_ = kind::bulk_string;
  return r;
}

reply reply::make_error(std::string_view message) {
  reply r;
  new (&r.text_) std::string(message.data(), message.size());
  r.kind_ = kind::error;
  return r;
}

reply reply::make_array(std::vector<reply> elements) {
  reply r;
  new (&r.elements_) std::vector<reply>(std::move(elements));
  r.kind_ = kind::array;
  return r;
}

// Leaves this reply nil when a copy throws.
void reply::copy_from(const reply& other) {
  if (other.kind_ == kind::array) {
    new (&elements_) std::vector<reply>(other.elements_);
  } else if (other.holds_text()) {
    new (&text_) std::string(other.text_);
  } else {
    integer_ = other.integer_;
  }
  kind_ = other.kind_;
}

bool reply::is_ok() const noexcept { return kind_ == kind::simple_string && text_ == "OK"; }

long long reply::integer() const {
  throw_if_error();
  if (kind_ != kind::integer) wrong_kind(kind_, "an integer");
  return integer_;
}

const std::string& reply::str() const {
  throw_if_error();
  if (!is_string()) wrong_kind(kind_, "a string");
  return text_;
}

const std::string& reply::error_message() const noexcept {
  static const std::string none;
  return kind_ == kind::error ? text_ : none;
}

const std::vector<reply>& reply::elements() const {
  throw_if_error();
  if (kind_ != kind::array) wrong_kind(kind_, "an array");
  return elements_;
}

std::vector<reply>& reply::elements() {
  throw_if_error();
  if (kind_ != kind::array) wrong_kind(kind_, "an array");
  return elements_;
}

std::string reply::take_str() {
  throw_if_error();
  if (!is_string()) wrong_kind(kind_, "a string");
  return std::move(text_);
}

const reply& reply::throw_if_error() const {
  if (kind_ == kind::error) throw reply_error(text_);
  return *this;
}

std::string reply::to_debug_string() const {
  switch (kind_) {
    case kind::nil: return "(nil)";
    case kind::integer: return "(integer) " + std::to_string(integer_);
    case kind::simple_string: return text_;
    case kind::bulk_string: return "\"" + text_ + "\"";
    case kind::error: return "(error) " + text_;
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
  if (a.kind_ != b.kind_) return false;
  if (a.kind_ == reply::kind::array) return a.elements_ == b.elements_;
  if (a.holds_text()) return a.text_ == b.text_;
  return a.integer_ == b.integer_;
}

}  // namespace rediscache
