#include <rediscache/command.hpp>
#include <rediscache/error.hpp>

#include <charconv>
#include <limits>

namespace rediscache {
namespace {

void append_number(std::string& out, std::size_t value) {
  char digits[24];
  auto result = std::to_chars(digits, digits + sizeof digits, value);
  out.append(digits, static_cast<std::size_t>(result.ptr - digits));
}

}  // namespace

command::command(std::initializer_list<std::string_view> args, idempotency kind)
    : idempotency_(kind) {
  std::size_t bytes = 0;
  for (auto a : args) bytes += a.size() + 16;
  args_.reserve(bytes);
  for (auto a : args) arg(a);
}

command& command::arg(std::string_view data) {
  args_ += '$';
  append_number(args_, data.size());
  args_ += "\r\n";
  args_.append(data.data(), data.size());
  args_ += "\r\n";
  ++argc_;
  return *this;
}

command& command::arg(double value) {
  if (value != value) throw config_error("a command argument cannot be NaN");
  if (value == std::numeric_limits<double>::infinity()) return arg(std::string_view("inf"));
  if (value == -std::numeric_limits<double>::infinity()) return arg(std::string_view("-inf"));
  char digits[32];
  auto result = std::to_chars(digits, digits + sizeof digits, value);
  return arg(std::string_view(digits, static_cast<std::size_t>(result.ptr - digits)));
}

std::string_view command::name() const {
  if (argc_ == 0) return {};
  // args_ starts with "$<len>\r\n<bytes>\r\n".
  std::size_t len = 0;
  auto begin = args_.data() + 1;
  auto result = std::from_chars(begin, args_.data() + args_.size(), len);
  return std::string_view(result.ptr + 2, len);
}

void command::encode_to(std::string& out) const {
  if (argc_ == 0) throw config_error("cannot send an empty command");
  out += '*';
  append_number(out, argc_);
  out += "\r\n";
  out += args_;
}

}  // namespace rediscache
